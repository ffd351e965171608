import { dashboardZhCN } from './dashboard-zh-CN';
import type { Messages } from './en';

export const zhCN: Messages = {
  app: {
    title: 'Dockside',
    tagline: '为公司的 Docker 镜像仓库配置好你的工作站。',
  },
  language: {
    label: '语言',
  },
  nav: {
    label: '栏目',
    setup: '配置向导',
    dashboard: '概览',
  },
  dashboard: dashboardZhCN,
  welcome: {
    heading: '欢迎',
    intro:
      'Dockside 会信任镜像仓库的证书，用保存在系统钥匙串中的密码为你登录，并选出速度快的镜像加速器——然后只需一次管理员授权即可应用到 Docker，应用后自动校验，并且可以撤销。',
    stepsHeading: '配置将完成的步骤',
    steps: {
      connect: '连接 Nexus 或镜像仓库',
      trust: '信任镜像仓库的证书',
      signIn: '登录，密码保存在钥匙串中',
      mirrors: '选择镜像加速器',
      apply: '检查变更并一次性应用',
    },
    notYet: '此版本尚未提供',
  },
  about: {
    heading: '关于本应用',
    version: '版本',
    platform: '平台',
    loading: '正在读取应用信息…',
  },
  connect: {
    heading: '连接',
    intro: '按 Docker 使用的形式输入镜像仓库地址：主机名，端口不是 443 时再加上端口。',
    registryLabel: '镜像仓库（主机:端口）',
    continue: '继续',
    checking: '正在检查证书…',
  },
  trust: {
    heading: '信任 {{registry}}',
    address: '已连接到',
    dockerTrusts: 'Docker 是否信任它？',
    trustedBy: {
      certsD: '是，通过 certs.d',
      system: '是，通过系统 CA 证书库',
      no: '否',
    },
    caPath: 'Docker 的 CA 文件',
    back: '更换镜像仓库',
    caFromServer: '证书颁发机构（由服务器发送）',
    caFromFile: '证书颁发机构（来自文件）',
    noCa: '服务器没有发送其证书颁发机构，因此无法在这里安装。请向镜像仓库管理员索取 CA 文件。',
    serverCertificate: '服务器证书',
    problemsHeading: 'Docker 会提出的问题',
    noProblems: '没有：Docker 接受此证书。',
    dockerSays: 'Docker 的报错：',
    fix: '解决方法：',
  },
  cert: {
    subject: '使用者',
    issuer: '颁发者',
    selfSigned: '自签名',
    names: '名称（SAN）',
    noNames: '无',
    validity: '有效期',
    validRange: '从 {{from}} 到 {{to}}',
    fingerprint: 'SHA-256 指纹',
  },
  install: {
    heading: '安装此 CA',
    intro: '请将上面的指纹与镜像仓库管理员提供的指纹进行核对，然后安装该 CA，让 Docker 信任此镜像仓库。',
    button: '安装此 CA',
    apply: '应用',
    applying: '正在应用…',
    nothingToDo: '无需操作：Docker 已有此 CA。',
  },
  plan: {
    reason: '原因',
    steps: '步骤',
    diff: '文件变更',
    warnings: '警告',
  },
  apply: {
    progress: '进度',
    outcome: {
      applied: '已应用。',
      'rolled-back': '失败，已回滚。',
      failed: '失败。',
      unchanged: '没有变更。',
      planned: '已计划，未应用。',
    },
  },
  errors: {
    heading: '出现问题',
    code: '错误代码',
    retry: '重试',
    'invalid-request': '应用发送了引擎不接受的请求。请附上错误代码报告此问题。',
    'untrusted-sender': '该请求并非来自 Dockside 窗口，已被拒绝。',
    'unknown-channel': '应用请求了当前版本没有的功能。请更新 Dockside。',
    internal: '引擎意外出错。报告问题时请附上下面的详细信息。',
    other: '操作未成功。下面的详细信息说明了原因。',
  },
};
