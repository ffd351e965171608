import type { EngineSpec } from '../../../shared/engine';
import type { Plan } from '../../../shared/plan';
import { DocksideError } from '../errors';
import { unifiedDiff } from '../plan/diff';
import type { FileState } from '../platform/file-state';

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

export interface TrustPlan {
  /** null: ca.crt already holds exactly this CA. */
  plan: Plan | null;
  diff: string;
}

/**
 * Install the CA (PEM text) as the registry's ca.crt. No engine step: dockerd reads certs.d on
 * every connection (DESIGN §2), so nothing restarts and running containers are untouched.
 */
export function planTrustAdd(input: TrustPlanInput & { caPem: string }): TrustPlan {
  const content = input.caPem;
  const before = input.current?.bytes.toString('utf8') ?? '';
  if (input.current !== null && before === content) return { plan: null, diff: '' };
  return {
    plan: {
      version: 1,
      id: input.id,
      action: 'apply',
      reason: `Dockside needs administrator rights to write ${input.caPath}, the CA Docker trusts for ${input.registry}. Docker reads it on every connection: no engine restart.`,
      engine: input.engine,
      steps: [{ type: 'write-file', role: 'ca-cert', path: input.caPath, content, mode: 0o644, beforeSha256: input.current?.sha256 ?? null }],
    },
    diff: unifiedDiff(before, content, { before: input.current === null ? '/dev/null' : input.caPath, after: input.caPath }),
  };
}

/** Remove the registry's ca.crt (and its directory, when nothing else is in it). */
export function planTrustRemove(input: TrustPlanInput): TrustPlan {
  if (input.current === null) {
    throw new DocksideError('not-trusted', `${input.caPath} does not exist, so there is no CA to remove for ${input.registry}. \`dockside trust list\` shows the registries that have one.`);
  }
  return {
    plan: {
      version: 1,
      id: input.id,
      action: 'apply',
      reason: `Dockside needs administrator rights to remove ${input.caPath}, the CA Docker trusts for ${input.registry}.`,
      engine: input.engine,
      steps: [{ type: 'remove-file', role: 'ca-cert', path: input.caPath, beforeSha256: input.current.sha256 }],
    },
    diff: unifiedDiff(input.current.bytes.toString('utf8'), '', { before: input.caPath, after: '/dev/null' }),
  };
}
