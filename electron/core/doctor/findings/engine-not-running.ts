import type { EvidenceItem } from '../../../../shared/doctor';
import type { Detector } from './finding';
import { dockerInfoItem, isSocketPermissionProblem } from './docker-socket-permission';
import { finding } from './registry-common';

/**
 * `docker info` got no answer and it is not a permission problem: the Docker engine is not
 * running, or DOCKER_HOST points at a socket no engine listens on.
 */
export const engineNotRunning: Detector = {
  id: 'engine-not-running',
  detect(evidence) {
    const local = evidence.local;
    const engine = local.engine;
    if (engine.running || isSocketPermissionProblem(engine)) return null;
    const items: EvidenceItem[] = [];
    const info = dockerInfoItem(engine);
    if (info) items.push(info);
    if (engine.socket !== null) {
      items.push({ kind: 'file', source: engine.socket.path, detail: engine.socket.exists ? 'exists, but no engine answered on it' : 'does not exist: no engine is listening there' });
    }
    if (items.length === 0) items.push({ kind: 'command', source: 'docker info', detail: 'no answer' });
    const blocked = local.daemonJson.error?.code === 'daemon-json-invalid' || engine.flagConflicts.length > 0;
    const socketPath = engine.socket?.path ?? 'the Docker socket';
    return finding({
      id: 'engine-not-running',
      severity: 'error',
      title: { en: 'The Docker engine is not running', 'zh-CN': 'Docker 引擎没有运行' },
      explanation: {
        en:
          `\`docker info\` got no answer from ${socketPath}: the Docker engine (dockerd) is stopped or unreachable, so no pull, push or build can work ` +
          '("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"). ' +
          (blocked ? `It will not start as long as ${local.daemonJson.path} is refused (see the other daemon.json finding): fix that first. ` : '') +
          'If DOCKER_HOST is set, check that it names the engine you use.',
        'zh-CN':
          `\`docker info\` 在 ${socketPath} 上没有得到应答：Docker 引擎（dockerd）已停止或无法连接，所有拉取、推送和构建都无法进行` +
          '（"Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"）。' +
          (blocked ? `只要 ${local.daemonJson.path} 仍被拒绝（见另一条 daemon.json 的诊断），引擎就无法启动：请先修复它。` : '') +
          '如果设置了 DOCKER_HOST，请确认它指向你实际使用的引擎。',
      },
      evidence: items,
      fix: {
        en:
          'Start the engine: `sudo systemctl start docker` (systemd; `sudo service docker start` elsewhere, `systemctl --user start docker` for rootless Docker, or open Docker Desktop). ' +
          'If it does not stay up, `journalctl -u docker --no-pager -n 50` shows why.',
        'zh-CN':
          '启动引擎：`sudo systemctl start docker`（systemd 系统；其他系统用 `sudo service docker start`，rootless Docker 用 `systemctl --user start docker`，Docker Desktop 则直接打开应用）。' +
          '如果启动后又退出，用 `journalctl -u docker --no-pager -n 50` 查看原因。',
      },
      command: null,
    });
  },
};
