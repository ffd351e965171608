import type { ProbeResult, ProbeStatus } from '../../../../shared/mirrors';
import type { EvidenceItem } from '../../../../shared/doctor';
import type { Evidence } from '../evidence/types';
import type { Detector } from './finding';
import { finding } from './registry-common';

const sameMirror = (a: string, b: string): boolean => a.trim().toLowerCase().replace(/\/+$/, '') === b.trim().toLowerCase().replace(/\/+$/, '');

/** The configured mirrors whose probe ended with one of `statuses`, in probe order. */
export function mirrorsWithStatus(evidence: Evidence, statuses: readonly ProbeStatus[]): ProbeResult[] {
  return (evidence.mirrors ?? []).filter((result) => statuses.includes(result.status));
}

/** The usable mirrors other than `except`, in the probe's ranking (fastest first). */
export function otherUsableMirrors(evidence: Evidence, except: readonly ProbeResult[]): string[] {
  return (evidence.mirrors ?? []).filter((result) => result.usable && !except.some((bad) => sameMirror(bad.url, result.url))).map((result) => result.url);
}

/** Where the mirror is configured (daemon.json's line key, else what the engine reports), then what its probe found. */
export function mirrorItems(evidence: Evidence, result: ProbeResult): EvidenceItem[] {
  const { daemonJson } = evidence.local;
  const inFile = (daemonJson.settings?.mirrors ?? []).find((url) => sameMirror(url, result.url));
  const where: EvidenceItem =
    inFile !== undefined
      ? { kind: 'file', source: `${daemonJson.path} ("registry-mirrors")`, detail: `"${inFile}"` }
      : { kind: 'command', source: "docker info --format '{{json .RegistryConfig.Mirrors}}'", detail: result.url };
  return [where, { kind: 'http', source: `mirror probe ${result.url}`, detail: `${result.status}: ${result.reason}` }];
}

/**
 * A configured mirror that is a registry but has no Docker Hub content ("manifest unknown" for
 * a Hub image): a hosted repository used as a mirror. Docker falls back to registry-1.docker.io
 * without a word.
 */
export const hostedAsMirror: Detector = {
  id: 'hosted-as-mirror',
  detect(evidence) {
    const bad = mirrorsWithStatus(evidence, ['not-a-mirror']);
    if (bad.length === 0) return null;
    const urls = bad.map((result) => result.url);
    const better = otherUsableMirrors(evidence, bad);
    const command = better.length > 0 ? `dockside mirrors use ${better.join(' ')}` : null;
    return finding({
      id: 'hosted-as-mirror',
      severity: 'error',
      title: {
        en: `Mirror ${urls.join(', ')} does not serve Docker Hub images (a hosted repository?)`,
        'zh-CN': `镜像加速器 ${urls.join('、')} 不提供 Docker Hub 镜像（可能是 hosted 仓库）`,
      },
      explanation: {
        en:
          `${urls.join(', ')} answers as a registry, but fetching a Docker Hub image's manifest through it gives "manifest unknown". ` +
          'That is what a Nexus hosted repository (or any private registry) does: it holds only the images pushed to it and does not proxy Docker Hub. ' +
          'Docker does not report this: for every Docker Hub pull it asks the mirror, gets "manifest unknown", and silently falls back to registry-1.docker.io, which is slow or blocked here. ' +
          'Only a proxy repository of Docker Hub, or a group that contains one, is a useful mirror.',
        'zh-CN':
          `${urls.join('、')} 能作为镜像仓库应答，但通过它获取 Docker Hub 镜像的 manifest 时返回 "manifest unknown"。` +
          'Nexus 的 hosted 仓库（或任何私有仓库）就是这样：它只保存推送上来的镜像，并不代理 Docker Hub。' +
          'Docker 不会提示这个问题：每次拉取 Docker Hub 镜像时先问加速器，得到 "manifest unknown" 后就悄悄回退到 registry-1.docker.io，而这里访问它很慢甚至不通。' +
          '只有代理 Docker Hub 的 proxy 仓库，或包含这样一个 proxy 的 group 仓库，才能用作镜像加速器。',
      },
      evidence: bad.flatMap((result) => mirrorItems(evidence, result)),
      fix: {
        en:
          command !== null
            ? `Use the mirrors that do serve Docker Hub (${better.join(', ')}): \`${command}\` shows the daemon.json change first. Push your own images to the hosted repository by name (<host:port>/<repository>:<tag>) instead.`
            : "Replace it with the endpoint of a Nexus proxy repository of Docker Hub (remote https://registry-1.docker.io) or of a group that contains one: `dockside mirrors use <proxy or group URL>`, after `dockside mirrors probe <URL>` says it is usable. Keep using the hosted repository by naming images with its host (<host:port>/<repository>:<tag>).",
        'zh-CN':
          command !== null
            ? `改用确实提供 Docker Hub 镜像的加速器（${better.join('、')}）：执行 \`${command}\`，它会先显示对 daemon.json 的修改。自己的镜像请用完整名称（<主机:端口>/<仓库>:<标签>）推送到 hosted 仓库。`
            : '请换成 Nexus 中代理 Docker Hub 的 proxy 仓库（远程地址 https://registry-1.docker.io）或包含它的 group 仓库的地址：先用 `dockside mirrors probe <URL>` 确认可用，再执行 `dockside mirrors use <proxy 或 group 的 URL>`。hosted 仓库继续通过带主机名的镜像名称（<主机:端口>/<仓库>:<标签>）使用。',
      },
      command,
      action: better.length > 0 ? { kind: 'mirrors-use', urls: better } : null,
    });
  },
};
