import { type ChangeJson, EXIT } from '../../shared/cli';
import type { Plan } from '../../shared/plan';
import type { ErrorValue } from '../../shared/result';
import { applyPlan, changeJson, type ProposedChange } from '../core/plan/change';
import { describeSteps } from '../core/plan/describe-steps';
import { printPlanCas } from './ca-summary';
import type { CliContext } from './context';
import { askLine } from './terminal-prompt';

export interface AppliedChange {
  code: number;
  /** What --json prints; the caller prints it (a command may add its own fields). */
  json: ChangeJson;
}

/**
 * The common end of every command that changes the machine: show the plan (why, the diff, the
 * steps), ask (unless --yes), run it through the elevator, and report in words.
 */
export async function applyChange(ctx: CliContext, change: ProposedChange): Promise<AppliedChange> {
  const report = (fields: Partial<ChangeJson> & Pick<ChangeJson, 'outcome'>): ChangeJson => changeJson(change, fields);
  if (change.plan === null) {
    ctx.out.text(ctx.out.messages.unchanged);
    return { code: EXIT.ok, json: report({ outcome: 'unchanged' }) };
  }
  const plan = change.plan;
  showPlan(ctx, { ...change, plan });
  if (!(await confirmed(ctx))) return { code: EXIT.failed, json: report({ outcome: 'planned' }) };
  const { json, error } = await applyPlan({ ...change, plan }, ctx.privileged, ctx.elevatorFor(plan), (message) => ctx.out.progress(message));
  return { code: reportOutcome(ctx, plan, json, error), json };
}

/** The plan in words: why, the warnings, the diff of every file, the steps. */
export function showPlan(ctx: CliContext, change: ProposedChange & { plan: Plan }): void {
  const { out } = ctx;
  const m = out.messages;
  out.text(`${m.reason}: ${change.plan.reason}`);
  for (const warning of change.warnings) out.text(`${m.warning}: ${warning}`);
  if (change.diff !== '') out.text(`\n${m.changes}:\n${change.diff.trimEnd()}\n`);
  printPlanCas(out, change.plan);
  out.text(`${m.steps}:`);
  describeSteps(change.plan).forEach((step, index) => out.text(`  ${index + 1}. ${step}`));
}

/** --yes, or a yes typed at the terminal; otherwise says why nothing was changed. */
export async function confirmed(ctx: CliContext): Promise<boolean> {
  if (ctx.yes) return true;
  const m = ctx.out.messages;
  const yes = ctx.interactive && /^(y|yes|是)$/i.test(await askLine(m.confirm));
  if (!yes) ctx.out.text(ctx.interactive ? m.declined : m.needsYes);
  return yes;
}

/** What became of an applied plan, in words; the exit code it means. */
export function reportOutcome(ctx: CliContext, plan: Plan, json: ChangeJson, error: ErrorValue | undefined): number {
  const { out } = ctx;
  const m = out.messages;
  for (const backup of json.backups) if (backup.backup) out.text(`${m.backup}: ${backup.backup}`);
  if (json.active) {
    out.text(`${m.active}: ${m.mirrors} [${json.active.mirrors.join(', ')}], ${m.insecure} [${json.active.insecureRegistries.join(', ')}]`);
  }
  if (error) out.error(error);
  if (json.outcome === 'applied') {
    const engineStep = plan.steps.some((step) => step.type === 'reload-engine' || step.type === 'restart-engine');
    const certsOnly = plan.steps.every((step) => 'role' in step && step.role === 'ca-cert');
    out.text(engineStep ? m.applied : certsOnly ? m.appliedCerts : m.appliedNoEngine);
    return EXIT.ok;
  }
  if (json.differences.length > 0) out.text(`${m.differences}: ${json.differences.join('; ')}`);
  out.text(json.outcome === 'rolled-back' ? m.rolledBack : m.failed);
  return json.outcome === 'rolled-back' ? EXIT.rolledBack : EXIT.failed;
}
