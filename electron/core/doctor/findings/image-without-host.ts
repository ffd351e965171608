import type { Detector } from './finding';
import { finding, isConfiguredMirror } from './registry-common';

/** Whether the first path component of an image reference names a registry host (as the docker CLI decides it). */
export function imageHasHost(image: string): boolean {
  const slash = image.indexOf('/');
  if (slash === -1) return false;
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost';
}

/** What Docker makes of a reference without a host: `app:1` -> `docker.io/library/app:1`. */
export function dockerHubName(image: string): string {
  return image.includes('/') ? `docker.io/${image}` : `docker.io/library/${image}`;
}

/**
 * The user asked about an image named without a registry host while examining a registry:
 * Docker sends it to Docker Hub, never to that registry.
 */
export const imageWithoutHost: Detector = {
  id: 'image-without-host',
  detect(evidence) {
    const image = evidence.image?.trim();
    const registry = evidence.registry;
    if (!image || registry === null || imageHasHost(image)) return null;
    // A Docker Hub name pulled through the examined registry as a mirror is right.
    if (isConfiguredMirror(evidence.local, registry.registry)) return null;
    const hub = dockerHubName(image);
    const named = `${registry.registry}/${image}`;
    const repository = (image.split('@')[0] ?? image).replace(/:[^/]*$/, '');
    const denied = `Error response from daemon: pull access denied for ${repository}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
    return finding({
      id: 'image-without-host',
      severity: 'warning',
      title: {
        en: `"${image}" names no registry: Docker pulls it from Docker Hub, not from ${registry.registry}`,
        'zh-CN': `"${image}" 没有写镜像仓库地址：Docker 会去 Docker Hub 拉取，而不是 ${registry.registry}`,
      },
      explanation: {
        en:
          `The first part of "${image}" is not a host (no "." or ":" and not "localhost"), so Docker reads it as ${hub}. ` +
          `registry-mirrors only change where Docker Hub images come from; a private image must always be named with its registry host. ` +
          `A private image pulled this way ends with "${denied}", or worse, pulls a public image of the same name.`,
        'zh-CN':
          `"${image}" 的第一段不是主机名（不含 "." 或 ":"，也不是 "localhost"），所以 Docker 会把它解析为 ${hub}。` +
          `registry-mirrors 只改变 Docker Hub 镜像的来源；私有镜像必须始终带上镜像仓库的主机名。` +
          `这样拉取私有镜像会报错 "${denied}"，更糟的情况是拉到 Docker Hub 上同名的公共镜像。`,
      },
      evidence: [{ kind: 'command', source: `image reference "${image}"`, detail: `no registry host in the first path component; Docker resolves it to ${hub}` }],
      fix: {
        en: `Name it with the registry: \`${named}\` (<host:port>/<repository>:<tag>), e.g. \`docker tag ${image} ${named}\` before a push and \`docker pull ${named}\`, and use that name in Dockerfiles and compose files.`,
        'zh-CN': `请带上镜像仓库地址：\`${named}\`（<主机:端口>/<仓库>:<标签>），例如推送前执行 \`docker tag ${image} ${named}\`，拉取时用 \`docker pull ${named}\`，Dockerfile 和 compose 文件中也使用这个完整名称。`,
      },
      command: null,
    });
  },
};
