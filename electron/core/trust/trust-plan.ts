import type { CaSummary } from '../../../shared/ca-summary';
import type { EngineSpec } from '../../../shared/engine';
import { msg } from '../../../shared/message';
import type { Plan } from '../../../shared/plan';
import { DocksideError } from '../errors';
import type { FileState } from '../platform/file-state';
import { parseCertificates, summarizeCa } from './certificate-info';

export interface TrustPlanInput {
  id: string;
  engine: EngineSpec;
  /** host[:port] as certs.d names it. */
  registry: string;
  /** <certs.d>/<registry>/ca.crt */
  caPath: string;
  /** ca.crt as it is now; null when there is none. */
  current: FileState | null;
}

/** No diff: a preview shows a ca.crt by its step's `ca` (subject, issuer, fingerprint, validity), never as PEM text. */
export interface TrustPlan {
  /** null: ca.crt already holds exactly this CA. */
  plan: Plan | null;
}

/**
 * Install the CA (PEM text) as the registry's ca.crt. No engine step: dockerd reads certs.d on
 * every connection (DESIGN §2), so nothing restarts and running containers are untouched.
 */
export function planTrustAdd(input: TrustPlanInput & { caPem: string }): TrustPlan {
  const content = input.caPem;
  if (input.current !== null && input.current.bytes.toString('utf8') === content) return { plan: null };
  return {
    plan: {
      version: 1,
      id: input.id,
      action: 'apply',
      reason: msg('tls.plan.reason.add', { path: input.caPath, registry: input.registry }),
      engine: input.engine,
      steps: [{ type: 'write-file', role: 'ca-cert', path: input.caPath, content, mode: 0o644, beforeSha256: input.current?.sha256 ?? null, ...caSummaryOf(content, input.registry) }],
    },
  };
}

/** Remove the registry's ca.crt (and its directory, when nothing else is in it). */
export function planTrustRemove(input: TrustPlanInput): TrustPlan {
  if (input.current === null) {
    throw new DocksideError('not-trusted', 'tls.error.not-trusted', { path: input.caPath, registry: input.registry });
  }
  return {
    plan: {
      version: 1,
      id: input.id,
      action: 'apply',
      reason: msg('tls.plan.reason.remove', { path: input.caPath, registry: input.registry }),
      engine: input.engine,
      steps: [{ type: 'remove-file', role: 'ca-cert', path: input.caPath, beforeSha256: input.current.sha256, ...caSummaryOf(input.current.bytes.toString('utf8'), input.registry) }],
    },
  };
}

/**
 * A ca.crt step's `ca`: what a preview shows of the file instead of its PEM (trust add and
 * remove, and a rollback that restores or removes one). A ca.crt that holds no readable
 * certificate is written or removed all the same, shown by its path alone.
 */
export function caSummaryOf(pem: string, label: string): { ca?: CaSummary[] } {
  try {
    return { ca: parseCertificates(Buffer.from(pem, 'utf8'), label).map(summarizeCa) };
  } catch {
    return {};
  }
}
