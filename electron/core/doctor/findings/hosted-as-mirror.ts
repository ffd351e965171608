import type { ProbeResult, ProbeStatus } from '../../../../shared/mirrors';
import type { EvidenceItem } from '../../../../shared/doctor';
import { msg } from '../../../../shared/message';
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
  return [where, { kind: 'http', source: `dockside mirrors probe ${result.url}`, detail: result.status, text: result.reason }];
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
    const params = { urls: urls.join(', '), mirrors: better.join(', '), command: command ?? '' };
    return finding({
      id: 'hosted-as-mirror',
      severity: 'error',
      title: msg('doctor.hosted-as-mirror.title', params),
      explanation: msg('doctor.hosted-as-mirror.explanation', params),
      evidence: bad.flatMap((result) => mirrorItems(evidence, result)),
      fix: msg(command !== null ? 'doctor.hosted-as-mirror.fix.other-mirrors' : 'doctor.hosted-as-mirror.fix.no-mirror', params),
      command,
      action: better.length > 0 ? { kind: 'mirrors-use', urls: better } : null,
    });
  },
};
