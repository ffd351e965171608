import type { EvidenceItem } from '../../../../shared/doctor';
import { msg } from '../../../../shared/message';
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
      items.push({ kind: 'file', source: engine.socket.path, detail: '', text: msg(engine.socket.exists ? 'doctor.evidence.socket.no-engine' : 'doctor.evidence.socket.missing') });
    }
    if (items.length === 0) items.push({ kind: 'command', source: 'docker info', detail: '', text: msg('doctor.evidence.no-answer') });
    const blocked = local.daemonJson.error?.code === 'daemon-json-invalid' || engine.flagConflicts.length > 0;
    const explanation = `doctor.engine-not-running.explanation${engine.socket === null ? '.no-socket' : ''}${blocked ? '.blocked' : ''}` as const;
    return finding({
      id: 'engine-not-running',
      severity: 'error',
      title: msg('doctor.engine-not-running.title'),
      explanation: msg(explanation, { socket: engine.socket?.path ?? '', path: local.daemonJson.path }),
      evidence: items,
      fix: msg('doctor.engine-not-running.fix'),
      command: null,
    });
  },
};
