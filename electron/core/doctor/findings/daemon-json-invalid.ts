import { msg } from '../../../../shared/message';
import { errorSentence } from '../../../../shared/result';
import type { Detector } from './finding';
import { finding } from './registry-common';

/** The error codes of a daemon.json that dockerd itself would refuse (an unreadable file is only unreadable to this user). */
const REFUSED_CODES = new Set(['daemon-json-invalid']);

/**
 * daemon.json is not valid JSON (or a registry key has the wrong type): dockerd stops at start
 * with `unable to configure the Docker daemon with file <path>: invalid character ...`, so the
 * next restart (or boot) leaves the machine without Docker.
 */
export const daemonJsonInvalid: Detector = {
  id: 'daemon-json-invalid',
  detect(evidence) {
    const daemon = evidence.local.daemonJson;
    const error = daemon.error;
    if (error === null || !REFUSED_CODES.has(error.code)) return null;
    const params = { path: daemon.path };
    const { line, column } = error.params;
    const where = typeof line === 'number' && typeof column === 'number' ? `${daemon.path}:${line}:${column}` : daemon.path;
    return finding({
      id: 'daemon-json-invalid',
      severity: 'error',
      title: msg('doctor.daemon-json-invalid.title', params),
      explanation: msg('doctor.daemon-json-invalid.explanation', params),
      // The reader's sentence names the line, the column and what is wrong there.
      evidence: [{ kind: 'file', source: where, detail: '', text: errorSentence(error) }],
      fix: msg('doctor.daemon-json-invalid.fix', params),
      command: 'dockside rollback',
      action: { kind: 'rollback' },
    });
  },
};
