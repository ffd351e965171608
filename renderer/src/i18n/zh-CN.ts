import type { Messages } from './en';

export const zhCN: Messages = {
  app: {
    title: 'Dockside',
    tagline: '为公司的 Docker 镜像仓库配置好你的工作站。',
  },
  language: {
    label: '语言',
  },
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
  errors: {
    heading: '出现问题',
    code: '错误代码',
    retry: '重试',
    'invalid-request': '应用发送了引擎不接受的请求。请附上错误代码报告此问题。',
    'untrusted-sender': '该请求并非来自 Dockside 窗口，已被拒绝。',
    'unknown-channel': '应用请求了当前版本没有的功能。请更新 Dockside。',
    internal: '引擎意外出错。报告问题时请附上下面的详细信息。',
  },
};
