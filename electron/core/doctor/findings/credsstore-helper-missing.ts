import type { EvidenceItem } from '../../../../shared/doctor';
import type { Detector } from './finding';
import { finding } from './registry-common';

/**
 * config.json names a credential helper (credsStore, or a credHelpers value) whose
 * `docker-credential-<name>` is not on PATH: Docker fails every login, and every pull, push or
 * build that looks credentials up, with `error getting credentials - err: exec: ...`.
 */
export const credsstoreHelperMissing: Detector = {
  id: 'credsstore-helper-missing',
  detect(evidence) {
    const { config: file, helpers } = evidence.local;
    const missing = Object.entries(helpers)
      .filter(([, found]) => !found)
      .map(([name]) => name);
    if (missing.length === 0) return null;
    const config = file.config;
    const items: EvidenceItem[] = [];
    for (const name of missing) {
      if (config?.credsStore === name) items.push({ kind: 'file', source: `${file.path} (credsStore)`, detail: `"credsStore": "${name}"` });
      for (const [registry, helper] of Object.entries(config?.credHelpers ?? {})) {
        if (helper === name) items.push({ kind: 'file', source: `${file.path} (credHelpers["${registry}"])`, detail: `"${registry}": "${name}"` });
      }
      items.push({ kind: 'command', source: `command -v docker-credential-${name}`, detail: `not found on PATH` });
    }
    const shared = missing.filter((name) => config?.credsStore === name);
    const errors = missing.map((name) => `error getting credentials - err: exec: "docker-credential-${name}": executable file not found in $PATH`);
    const programs = missing.map((name) => `docker-credential-${name}`).join(', ');
    return finding({
      id: 'credsstore-helper-missing',
      severity: 'error',
      title: {
        en: `config.json names a credential helper that is not installed (${programs})`,
        'zh-CN': `config.json 指定的凭据助手没有安装（${programs}）`,
      },
      explanation: {
        en:
          `${file.path} tells Docker to keep credentials in ${programs}, but no such program is on PATH. ` +
          `Docker does not fall back to the file: it fails with "${errors.join('" / "')}"` +
          (shared.length > 0 ? ' for every registry (credsStore applies to all of them), on login and on pulls, pushes and builds that look credentials up.' : ' for the registries named in credHelpers.') +
          ' This is typical of a config.json copied from another machine or left by Docker Desktop ("desktop").',
        'zh-CN':
          `${file.path} 让 Docker 把凭据交给 ${programs} 保存，但 PATH 中找不到这个程序。` +
          `Docker 不会退回到使用文件保存，而是直接报错 "${errors.join('" / "')}"` +
          (shared.length > 0 ? '，而且对所有镜像仓库都是如此（credsStore 对全部仓库生效），登录、拉取、推送以及需要查找凭据的构建都会失败。' : '，影响 credHelpers 中列出的那些仓库。') +
          '这通常是从别的机器拷贝来的 config.json，或者 Docker Desktop 遗留的配置（"desktop"）。',
      },
      evidence: items,
      fix: {
        en:
          `Install the helper (on Debian/Ubuntu, docker-credential-secretservice and docker-credential-pass come with the golang-docker-credential-helpers package; docker-credential-desktop only with Docker Desktop), ` +
          `or remove the entry from ${file.path}. Credentials that helper held cannot be read any more: log in again afterwards.`,
        'zh-CN':
          '安装对应的凭据助手（Debian/Ubuntu 上 docker-credential-secretservice 和 docker-credential-pass 由 golang-docker-credential-helpers 软件包提供；docker-credential-desktop 只随 Docker Desktop 提供），' +
          `或者从 ${file.path} 中删除这一项。原来保存在该助手里的凭据已经无法读取，修复后请重新登录。`,
      },
      command: null,
    });
  },
};
