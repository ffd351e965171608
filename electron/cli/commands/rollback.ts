import type { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Plan } from '../../../shared/plan';
import { planRollbackChange } from '../../core/change/rollback';
import { parseCertificates } from '../../core/trust/certificate-info';
import { applyChange } from '../apply-change';
import type { CliContext } from '../context';
import { removeTrustAsUser } from '../trust-as-user';

/** `rollback`: undo the newest change Dockside made that is not undone yet. */
export async function rollbackCommand(ctx: CliContext, options: { restart: boolean }): Promise<number> {
  const change = await planRollbackChange(ctx, { restart: options.restart, id: ctx.newId() });
  const leaving = await osStoreCasLeaving(change.plan);
  const { code, json } = await applyChange(ctx, change);
  // What `trust add --os-store` added as the user goes with the OS store's copy (unless a registry still needs it).
  if (json.outcome === 'applied') for (const ca of leaving) await removeTrustAsUser(ctx, ca, { osStore: true, registry: '' });
  ctx.out.document(json);
  return code;
}

/** The CAs the rollback takes out of the OS store, read while their anchor files still hold them (0644, readable as the user). */
async function osStoreCasLeaving(plan: Plan | null): Promise<X509Certificate[]> {
  const cas: X509Certificate[] = [];
  for (const step of plan?.steps ?? []) {
    if (step.type !== 'remove-file' || step.role !== 'os-ca') continue;
    const certificate = await readFile(step.path).then((bytes) => parseCertificates(bytes, step.path)[0], () => undefined);
    if (certificate) cas.push(certificate);
  }
  return cas;
}
