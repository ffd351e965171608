import type { ChangeJson } from '../../../shared/cli';
import type { Message } from '../../../shared/message';
import type { Plan } from '../../../shared/plan';
import type { PrivilegedRequest } from '../../../shared/privileged';
import type { ErrorValue } from '../../../shared/result';
import { describeSteps } from './describe-steps';
import type { Elevator } from './elevator';
import { type PrivilegedEntry, runPrivileged } from './run-privileged';

/**
 * A change to the machine as shown before it is applied: null plan = nothing to do. The plan is
 * the preview (what the user reads); the request is all that crosses to the elevated process,
 * which derives the same plan again from the files as it finds them.
 */
export interface ProposedChange {
  plan: Plan | null;
  /** Given exactly when plan is. */
  request: PrivilegedRequest | null;
  diff: string;
  warnings: Message[];
}

/** What a UI shows of a proposed change (the CLI prints the same): never the plan itself. */
export interface ChangeSummary {
  planId: string | null;
  reason: Message | null;
  diff: string;
  steps: Message[];
  warnings: Message[];
}

export function summarizeChange(change: ProposedChange): ChangeSummary {
  return {
    planId: change.plan?.id ?? null,
    reason: change.plan?.reason ?? null,
    diff: change.diff,
    steps: change.plan ? describeSteps(change.plan) : [],
    warnings: change.warnings,
  };
}

/** The `--json` document of a change (and the `change:apply` answer), with the outcome's fields. */
export function changeJson(change: ProposedChange, fields: Partial<ChangeJson> & Pick<ChangeJson, 'outcome'>): ChangeJson {
  return { ...summarizeChange(change), backups: [], active: null, differences: [], ...fields };
}

export interface AppliedPlan {
  json: ChangeJson;
  /** Why the privileged process failed, when it says. */
  error?: ErrorValue;
}

/** Runs the plan through the elevator (one elevation) and reports the outcome as the change's document. */
export async function applyPlan(
  change: ProposedChange & { plan: Plan },
  entry: PrivilegedEntry,
  elevator: Elevator,
  onProgress: (message: Message) => void,
): Promise<AppliedPlan> {
  if (change.request === null) throw new Error('a planned change carries its request'); // verbatim: a bug check, never shown
  const result = await runPrivileged(change.request, entry, elevator, onProgress);
  const json = changeJson(change, { outcome: result.outcome, backups: result.backups, active: result.active, differences: result.differences });
  return result.error ? { json, error: result.error } : { json };
}
