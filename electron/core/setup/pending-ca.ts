import type { Plan, WriteFileStep } from '../../../shared/plan';
import { planTrustAddChange } from '../change/trust';
import type { Machine } from '../machine';
import type { GivenCaSource } from '../trust/given-ca';

/**
 * The CA that trusting the registry with this pinned fingerprint would install, as PEM; null
 * when Docker trusts the registry already. Refuses (fingerprint-mismatch) when the registry's
 * CA (or the one from `source`, the URL or file the user gave) is not the pinned one, so a
 * sign-in is never checked against a CA the user did not accept.
 */
export async function pendingCaFor(machine: Machine, registry: string, fingerprint: string, source: GivenCaSource = {}): Promise<string | null> {
  return caPemOf((await planTrustAddChange(machine, registry, { id: 'pending-ca-check', fingerprint, ...source, pinnedBy: 'accepted', now: () => new Date() })).plan);
}

/** The CA PEM a trust plan writes to ca.crt; null when it writes none. */
export function caPemOf(plan: Plan | null): string | null {
  return plan?.steps.find((step): step is WriteFileStep => step.type === 'write-file')?.content ?? null;
}
