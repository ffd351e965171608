import type { EvidenceItem } from '../../../../shared/doctor';
import type { Detector } from './finding';
import { finding } from './registry-common';

/**
 * certs.d holds a `_default` directory (the containerd image store applies it to EVERY registry)
 * or a registry directory with a `hosts.toml` (it overrides daemon.json's mirrors for that
 * registry): settings that change where Docker goes without appearing in daemon.json.
 */
export const certsDRedirect: Detector = {
  id: 'certs-d-redirect',
  detect(evidence) {
    const { dir, defaultDir, hostsToml } = evidence.local.certsD;
    if (!defaultDir && hostsToml.length === 0) return null;
    const items: EvidenceItem[] = [];
    if (defaultDir) items.push({ kind: 'file', source: `${dir}/_default`, detail: 'exists: the containerd image store applies it to every registry' });
    for (const name of hostsToml) items.push({ kind: 'file', source: `${dir}/${name}/hosts.toml`, detail: `exists: overrides daemon.json's registry settings for ${name === '_default' ? 'every registry' : name}` });
    const named = hostsToml.filter((name) => name !== '_default');
    const en: string[] = [];
    const zh: string[] = [];
    if (defaultDir) {
      en.push(`${dir}/_default exists. With the containerd image store, Docker looks for a registry's settings in <host>:<port>, then in _default: whatever _default holds (CAs, client certificates, a hosts.toml with other endpoints) applies to every registry that has no directory of its own, Docker Hub included.`);
      zh.push(`存在 ${dir}/_default。使用 containerd 镜像存储时，Docker 先在 <主机>:<端口> 目录查找仓库配置，找不到再用 _default：其中的内容（CA、客户端证书、指向其他地址的 hosts.toml）会作用于所有没有单独目录的镜像仓库，包括 Docker Hub。`);
    }
    if (named.length > 0) {
      en.push(`${named.map((name) => `${dir}/${name}/hosts.toml`).join(', ')}: with the containerd image store a hosts.toml decides where pulls of that registry go, and for docker.io it overrides the registry-mirrors of daemon.json.`);
      zh.push(`${named.map((name) => `${dir}/${name}/hosts.toml`).join('、')}：使用 containerd 镜像存储时，hosts.toml 决定该仓库的拉取请求发往哪里；对 docker.io 而言，它会覆盖 daemon.json 中的 registry-mirrors。`);
    }
    en.push('None of this shows in daemon.json or `docker info`, so pulls can go somewhere else than the configuration says.');
    zh.push('这些设置在 daemon.json 和 `docker info` 中都看不到，所以实际拉取的地址可能与配置显示的不同。');
    return finding({
      id: 'certs-d-redirect',
      severity: 'warning',
      title: {
        en: `${dir} holds settings that redirect registries (${[...(defaultDir ? ['_default'] : []), ...named.map((name) => `${name}/hosts.toml`)].join(', ')})`,
        'zh-CN': `${dir} 中有会改变镜像仓库访问地址的配置（${[...(defaultDir ? ['_default'] : []), ...named.map((name) => `${name}/hosts.toml`)].join('、')}）`,
      },
      explanation: { en: en.join(' '), 'zh-CN': zh.join('') },
      evidence: items,
      fix: {
        en: `Unless someone put them there on purpose, move them aside (e.g. \`sudo mv ${dir}/_default ${dir}/_default.disabled\`) and keep each registry's CA in its own ${dir}/<host>:<port>/ca.crt. Keep mirrors in daemon.json's registry-mirrors only, or make a hosts.toml agree with it.`,
        'zh-CN': `除非是有意放置的，否则请把它们移走（例如 \`sudo mv ${dir}/_default ${dir}/_default.disabled\`），每个仓库的 CA 放在各自的 ${dir}/<主机>:<端口>/ca.crt 中。镜像加速器只在 daemon.json 的 registry-mirrors 中配置，或者让 hosts.toml 与之保持一致。`,
      },
      command: null,
    });
  },
};
