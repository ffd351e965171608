import type { LoginJson } from '../../../shared/credentials';
import { type Message, msg } from '../../../shared/message';
import type { Plan } from '../../../shared/plan';
import { DocksideError, toErrorValue } from '../errors';
import { loginToRegistry } from '../credentials/login-registry';
import { type LoginUndo, rememberBeforeLogin } from '../credentials/login-undo';
import type { CredentialDeps } from '../credentials/secret-store';
import { type AppliedPlan, applyPlan, changeJson } from '../plan/change';
import type { Elevator } from '../plan/elevator';
import type { PrivilegedEntry } from '../plan/run-privileged';
import type { SetupChange } from './plan-setup';

export interface AppliedSetup extends AppliedPlan {
  logins: LoginJson[];
}

/**
 * Applies a setup: signs in first (the registry checks each password once; a refused one stops
 * the setup before anything else is changed), then the one elevated plan. When the plan does
 * not end applied (refused, cancelled, rolled back), the sign-ins are undone too: config.json
 * and the keychain items are put back as they were, so no part of the setup is left behind.
 */
export async function applySetup(
  change: SetupChange,
  deps: { credentials: CredentialDeps; privileged: PrivilegedEntry; elevatorFor(plan: Plan): Elevator },
  onProgress: (message: Message) => void,
): Promise<AppliedSetup> {
  const undo = change.logins.length === 0 ? null : await rememberBeforeLogin(change.logins.map((login) => login.paths.name.dirName), deps.credentials);
  let applied: AppliedSetup;
  const logins: LoginJson[] = [];
  try {
    for (const login of change.logins) {
      onProgress(msg('plan.progress.signing-in', { registry: login.paths.name.dirName }));
      logins.push(await loginToRegistry(login.paths, { username: login.username, password: login.password }, deps.credentials, login));
    }
    if (change.plan === null) return { json: changeJson(change, { outcome: 'applied' }), logins };
    applied = { ...(await applyPlan({ ...change, plan: change.plan }, deps.privileged, deps.elevatorFor(change.plan), onProgress)), logins };
  } catch (error) {
    await undoLogins(logins.length, undo, onProgress, error);
    throw error;
  }
  if (applied.json.outcome === 'applied') return applied;
  await undoLogins(logins.length, undo, onProgress, null);
  return { ...applied, logins: [] };
}

/** Puts the sign-ins back; when that fails too, the error says both what failed first and how to check. */
async function undoLogins(stored: number, undo: LoginUndo | null, onProgress: (message: Message) => void, cause: unknown): Promise<void> {
  if (undo === null) return;
  try {
    await undo.restore();
  } catch (undoError) {
    const first = cause === null ? null : toErrorValue(cause);
    const undone = toErrorValue(undoError);
    // Params are flat (no sentence inside a sentence): each failure is named by its error code.
    throw new DocksideError('setup-undo-failed', first === null ? 'plan.error.setup-undo-failed' : 'plan.error.setup-undo-failed.after', { first: first?.code ?? '', code: undone.code });
  }
  // Restored either way (a login can fail between its keychain write and config.json); said only when one had finished.
  if (stored > 0) onProgress(msg('plan.progress.sign-in-undone'));
}
