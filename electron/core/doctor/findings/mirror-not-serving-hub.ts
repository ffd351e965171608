import type { Detector } from './finding';
import { mirrorItems, mirrorsWithStatus, otherUsableMirrors } from './hosted-as-mirror';
import { finding } from './registry-common';

/**
 * A configured mirror that does not work for another reason than being a hosted repository or
 * asking for login: not a registry, unreachable, timing out, failing TLS. Docker moves on to the
 * next mirror, then to registry-1.docker.io, after waiting for it on every pull.
 */
export const mirrorNotServingHub: Detector = {
  id: 'mirror-not-serving-hub',
  detect(evidence) {
    const bad = mirrorsWithStatus(evidence, ['not-a-registry', 'unreachable', 'timeout', 'tls-error', 'error']);
    if (bad.length === 0) return null;
    const urls = bad.map((result) => result.url);
    const reasons = bad.map((result) => `${result.url}: ${result.reason}`);
    const better = otherUsableMirrors(evidence, bad);
    const anyConfiguredUsable = better.length > 0;
    const command = anyConfiguredUsable ? `dockside mirrors use ${better.join(' ')}` : 'dockside mirrors clear';
    return finding({
      id: 'mirror-not-serving-hub',
      severity: 'warning',
      title: {
        en: `Mirror ${urls.join(', ')} does not serve Docker Hub images`,
        'zh-CN': `镜像加速器 ${urls.join('、')} 无法提供 Docker Hub 镜像`,
      },
      explanation: {
        en:
          `A Docker Hub image could not be fetched through ${urls.join(', ')} (${reasons.join('; ')}). ` +
          'Docker tries the mirrors in order and falls back to registry-1.docker.io when one fails, so pulls still work where Docker Hub is reachable, but each one first waits for this mirror; where Docker Hub is blocked, they fail. Public mirrors come and go.',
        'zh-CN':
          `无法通过 ${urls.join('、')} 获取 Docker Hub 镜像（${reasons.join('；')}）。` +
          'Docker 按顺序尝试镜像加速器，失败后回退到 registry-1.docker.io：在能访问 Docker Hub 的网络里拉取仍然可以成功，但每次都要先等这个加速器失败；在访问不了 Docker Hub 的网络里则会直接失败。公共加速器经常失效。',
      },
      evidence: bad.flatMap((result) => mirrorItems(evidence, result)),
      fix: {
        en: anyConfiguredUsable
          ? `Check it from this machine (\`curl -v ${urls[0] ?? ''}v2/\`); if it stays unusable, keep only the mirrors that work: \`${command}\` (it shows the daemon.json change first).`
          : `Check it from this machine (\`curl -v ${urls[0] ?? ''}v2/\`); if it stays unusable, find a working one with \`dockside mirrors probe\` and set it with \`dockside mirrors use <URL>\`, or remove the mirrors with \`${command}\`.`,
        'zh-CN': anyConfiguredUsable
          ? `先在本机确认（\`curl -v ${urls[0] ?? ''}v2/\`）；如果一直不可用，只保留能用的加速器：执行 \`${command}\`（会先显示对 daemon.json 的修改）。`
          : `先在本机确认（\`curl -v ${urls[0] ?? ''}v2/\`）；如果一直不可用，用 \`dockside mirrors probe\` 找一个可用的加速器并通过 \`dockside mirrors use <URL>\` 设置，或者执行 \`${command}\` 删除加速器配置。`,
      },
      command,
      action: anyConfiguredUsable ? { kind: 'mirrors-use', urls: better } : { kind: 'mirrors-clear' },
    });
  },
};
