import type { EvidenceItem } from '../../../../shared/doctor';
import { msg } from '../../../../shared/message';
import { errorSentence } from '../../../../shared/result';
import type { LocalEvidence } from '../evidence/types';
import type { Detector } from './finding';
import { finding } from './registry-common';

/** What `docker info` itself printed: an `engine-unreachable` error quotes it as its `detail`. */
export function dockerInfoStderr(engine: LocalEvidence['engine']): string | null {
  const detail = engine.error?.code === 'engine-unreachable' ? engine.error.params.detail : undefined;
  return typeof detail === 'string' && detail.trim() !== '' ? detail.trim() : null;
}

/** `docker info` as it was run and how it failed: docker's own stderr verbatim, else the engine error's sentence. */
export function dockerInfoItem(engine: LocalEvidence['engine']): EvidenceItem | null {
  if (engine.error === null) return null;
  const source = "docker info --format '{{json .RegistryConfig}}'";
  const stderr = dockerInfoStderr(engine);
  return stderr !== null ? { kind: 'command', source, detail: stderr } : { kind: 'command', source, detail: engine.error.code, text: errorSentence(engine.error) };
}

/**
 * The engine could not be asked because this user may not open the Docker socket: docker's own
 * error says "permission denied"; without an error text, the socket exists but may not be opened.
 */
export function isSocketPermissionProblem(engine: LocalEvidence['engine']): boolean {
  if (engine.running) return false;
  if (engine.error !== null) return Object.values(engine.error.params).some((value) => typeof value === 'string' && /permission denied/i.test(value));
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
      items.push({ kind: 'file', source: engine.socket.path, detail: '', text: msg(engine.socket.accessible ? 'doctor.evidence.socket.accessible' : 'doctor.evidence.socket.not-accessible') });
    }
    if (items.length === 0) items.push({ kind: 'file', source: socketPath, detail: 'permission denied' }); // verbatim: the system's EACCES text
    const params = { socket: socketPath };
    return finding({
      id: 'docker-socket-permission',
      severity: 'error',
      title: msg('doctor.docker-socket-permission.title', params),
      explanation: msg('doctor.docker-socket-permission.explanation', params),
      evidence: items,
      fix: msg('doctor.docker-socket-permission.fix'),
      command: null,
    });
  },
};
