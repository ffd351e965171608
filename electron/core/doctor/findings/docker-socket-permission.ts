import type { EvidenceItem } from '../../../../shared/doctor';
import type { LocalEvidence } from '../evidence/types';
import type { Detector } from './finding';
import { finding } from './registry-common';

/** The engine reader's wording around docker's own stderr: `... did not answer \`docker info\`: <stderr>. Start Docker ...`. */
const DOCKER_INFO_STDERR = /did not answer `docker info`: ([\s\S]*?)\. Start Docker/;

/** What `docker info` itself printed, as far as the engine error carries it; the whole message otherwise. */
export function dockerInfoError(engine: LocalEvidence['engine']): string | null {
  if (engine.error === null) return null;
  return DOCKER_INFO_STDERR.exec(engine.error.message)?.[1]?.trim() || engine.error.message;
}

/** `docker info` as it was run: with the DOCKER_HOST it used, when the socket is not the default. */
export function dockerInfoItem(engine: LocalEvidence['engine']): EvidenceItem | null {
  const error = dockerInfoError(engine);
  return error === null ? null : { kind: 'command', source: "docker info --format '{{json .RegistryConfig}}'", detail: error };
}

/**
 * The engine could not be asked because this user may not open the Docker socket: docker's own
 * error says "permission denied"; without an error text, the socket exists but may not be opened.
 */
export function isSocketPermissionProblem(engine: LocalEvidence['engine']): boolean {
  if (engine.running) return false;
  if (engine.error !== null) return /permission denied/i.test(engine.error.message);
  return engine.socket !== null && engine.socket.exists && !engine.socket.accessible;
}

/**
 * `docker info` failed with "permission denied" on the Docker socket: the user is not in the
 * `docker` group (or has not logged in again since being added).
 */
export const dockerSocketPermission: Detector = {
  id: 'docker-socket-permission',
  detect(evidence) {
    const engine = evidence.local.engine;
    if (!isSocketPermissionProblem(engine)) return null;
    const socketPath = engine.socket?.path ?? '/var/run/docker.sock';
    const items: EvidenceItem[] = [];
    const info = dockerInfoItem(engine);
    if (info) items.push(info);
    if (engine.socket !== null && engine.socket.exists) {
      items.push({ kind: 'file', source: engine.socket.path, detail: engine.socket.accessible ? 'exists; this user may read and write it' : 'exists, but this user may not read and write it' });
    }
    if (items.length === 0) items.push({ kind: 'file', source: socketPath, detail: 'permission denied' });
    return finding({
      id: 'docker-socket-permission',
      severity: 'error',
      title: {
        en: `Permission denied on the Docker socket ${socketPath}`,
        'zh-CN': `没有访问 Docker 套接字 ${socketPath} 的权限`,
      },
      explanation: {
        en:
          `The Docker engine is reached through ${socketPath}, which belongs to root and the \`docker\` group. This user is not in that group ` +
          '(or was added but has not logged in again since), so every docker command fails with "permission denied while trying to connect to the Docker daemon socket". ' +
          'Nothing is wrong with the engine itself.',
        'zh-CN':
          `Docker 引擎通过 ${socketPath} 访问，该套接字属于 root 用户和 \`docker\` 组。当前用户不在 docker 组中（或者刚加入但还没有重新登录），` +
          '所以所有 docker 命令都会报错 "permission denied while trying to connect to the Docker daemon socket"。引擎本身并没有问题。',
      },
      evidence: items,
      fix: {
        en:
          'Add the user to the docker group: `sudo usermod -aG docker $USER`, then log out and in again (or run `newgrp docker` in this shell). ' +
          'Know what this grants: members of the docker group can start a privileged container and so control the whole machine; the group is equivalent to root. ' +
          'Where that is not acceptable, run Docker rootless or use sudo for docker commands.',
        'zh-CN':
          '把当前用户加入 docker 组：`sudo usermod -aG docker $USER`，然后注销并重新登录（或在当前 shell 中执行 `newgrp docker`）。' +
          '请注意这意味着什么：docker 组的成员可以启动特权容器，从而控制整台机器，等同于拥有 root 权限。' +
          '如果安全策略不允许，请改用 rootless 模式运行 Docker，或者用 sudo 执行 docker 命令。',
      },
      command: null,
    });
  },
};
