import type { EvidenceItem } from '../../../../shared/doctor';
import { msg } from '../../../../shared/message';
import type { Detector } from './finding';
import { finding } from './registry-common';

/**
 * config.json names a credential helper (credsStore, or a credHelpers value) whose
 * `docker-credential-<name>` is not on PATH: Docker fails every login, and every pull, push or
 * build that looks credentials up, with `error getting credentials - err: exec: ...`.
 */
export const credsstoreHelperMissing: Detector = {
  id: 'credsstore-helper-missing',
  detect(evidence) {
    const { config: file, helpers } = evidence.local;
    const missing = Object.entries(helpers)
      .filter(([, found]) => !found)
      .map(([name]) => name);
    if (missing.length === 0) return null;
    const config = file.config;
    const items: EvidenceItem[] = [];
    for (const name of missing) {
      if (config?.credsStore === name) items.push({ kind: 'file', source: `${file.path} (credsStore)`, detail: `"credsStore": "${name}"` });
      for (const [registry, helper] of Object.entries(config?.credHelpers ?? {})) {
        if (helper === name) items.push({ kind: 'file', source: `${file.path} (credHelpers["${registry}"])`, detail: `"${registry}": "${name}"` });
      }
      items.push({ kind: 'command', source: `command -v docker-credential-${name}`, detail: '', text: msg('doctor.evidence.not-on-path') });
    }
    const shared = missing.some((name) => config?.credsStore === name);
    // verbatim: the docker CLI's error for a helper it cannot run
    const errors = missing.map((name) => `error getting credentials - err: exec: "docker-credential-${name}": executable file not found in $PATH`);
    const params = { path: file.path, programs: missing.map((name) => `docker-credential-${name}`).join(', '), errors: errors.join('" / "') };
    return finding({
      id: 'credsstore-helper-missing',
      severity: 'error',
      title: msg('doctor.credsstore-helper-missing.title', params),
      explanation: msg(shared ? 'doctor.credsstore-helper-missing.explanation.creds-store' : 'doctor.credsstore-helper-missing.explanation.cred-helpers', params),
      evidence: items,
      fix: msg('doctor.credsstore-helper-missing.fix', params),
      command: null,
    });
  },
};
