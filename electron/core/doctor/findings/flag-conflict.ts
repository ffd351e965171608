import type { EvidenceItem } from '../../../../shared/doctor';
import { msg } from '../../../../shared/message';
import { FLAG_COLLISION_ERROR, flagsOfKey } from '../../runtimes/docker/engine/flag-key-collisions';
import type { Detector } from './finding';
import { finding } from './registry-common';

/**
 * A daemon.json key that the running dockerd also got as a command-line flag: dockerd refuses
 * to start with both (even with equal values), so the next restart leaves the machine without
 * Docker. The running engine started before the file got the key.
 */
export const flagConflict: Detector = {
  id: 'flag-conflict',
  detect(evidence) {
    const { daemonJson, engine } = evidence.local;
    const keys = engine.flagConflicts;
    if (keys.length === 0) return null;
    const flagsOf = (key: string): string => flagsOfKey(key).join(' / ');
    const items: EvidenceItem[] = keys.flatMap((key): EvidenceItem[] => [
      { kind: 'file', source: `${daemonJson.path} ("${key}")`, detail: `"${key}"`, text: msg('doctor.evidence.flag-conflict.file') },
      { kind: 'command', source: 'dockerd', detail: flagsOf(key), text: msg('doctor.evidence.flag-conflict.flag') },
    ]);
    const params = {
      path: daemonJson.path,
      keys: keys.map((key) => `"${key}"`).join(', '),
      list: keys.map((key) => `"${key}" (${flagsOf(key)})`).join(', '),
      // verbatim: dockerd's error for a setting given both ways
      error: `${FLAG_COLLISION_ERROR}: ${keys.map((key) => `${key}: (from flag: ..., from file: ...)`).join(', ')}`,
    };
    return finding({
      id: 'flag-conflict',
      severity: 'error',
      title: msg('doctor.flag-conflict.title', params),
      explanation: msg('doctor.flag-conflict.explanation', params),
      evidence: items,
      fix: msg('doctor.flag-conflict.fix', params),
      command: null,
    });
  },
};
