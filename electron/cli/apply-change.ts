import { type ChangeJson, EXIT } from '../../shared/cli';
import type { Message } from '../../shared/message';
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
    ctx.out.text(ctx.out.t('cli.plan.unchanged'));
    return { code: EXIT.ok, json: report({ outcome: 'unchanged' }) };
  }
  const plan = change.plan;
  showPlan(ctx, { ...change, plan });
  if (!(await confirmed(ctx))) return { code: EXIT.failed, json: report({ outcome: 'planned' }) };
  const { json, error } = await applyPlan({ ...change, plan }, ctx.privileged, ctx.elevatorFor(plan), (message) => ctx.out.progress(message));
  return { code: reportOutcome(ctx, plan, json, error), json };
}

/** The plan in words: why, the warnings, the unified diff of every file (verbatim), the steps. */
export function showPlan(ctx: CliContext, change: ProposedChange & { plan: Plan }): void {
  const { out } = ctx;
  const say = (message: Message): string => out.t(message.code, message.params);
  out.text(out.t('cli.plan.reason', { reason: say(change.plan.reason) }));
  for (const warning of change.warnings) out.text(out.t('cli.plan.warning', { warning: say(warning) }));
  if (change.diff !== '') out.text(`\n${out.t('cli.plan.changes')}\n${change.diff.trimEnd()}\n`);
  printPlanCas(out, change.plan);
  out.text(out.t('cli.plan.steps'));
  describeSteps(change.plan).forEach((step, index) => out.text(out.t('cli.plan.step', { n: index + 1, step: say(step) })));
}

/** --yes, or a yes typed at the terminal; otherwise says why nothing was changed. */
export async function confirmed(ctx: CliContext): Promise<boolean> {
  if (ctx.yes) return true;
  const { out } = ctx;
  const yes = ctx.interactive && /^(y|yes|是)$/i.test(await askLine(`${out.t('cli.plan.confirm')} `));
  if (!yes) out.text(out.t(ctx.interactive ? 'cli.plan.declined' : 'cli.plan.needs-yes'));
  return yes;
}

/** What became of an applied plan, in words; the exit code it means. */
export function reportOutcome(ctx: CliContext, plan: Plan, json: ChangeJson, error: ErrorValue | undefined): number {
  const { out } = ctx;
  for (const backup of json.backups) if (backup.backup) out.text(out.t('cli.plan.backup', { backup: backup.backup }));
  if (json.active) {
    out.text(out.t('cli.plan.active', { mirrors: json.active.mirrors.join(', '), insecure: json.active.insecureRegistries.join(', ') }));
  }
  if (error) out.error(error);
  if (json.outcome === 'applied') {
    const engineStep = plan.steps.some((step) => step.type === 'reload-engine' || step.type === 'restart-engine');
    const certsOnly = plan.steps.every((step) => ('role' in step && step.role !== 'daemon-json') || step.type === 'refresh-os-trust' || step.type === 'verify-os-trust');
    out.text(out.t(engineStep ? 'cli.plan.applied' : certsOnly ? 'cli.plan.applied-certs' : 'cli.plan.applied-no-engine'));
    return EXIT.ok;
  }
  if (json.differences.length > 0) {
    out.text(out.t('cli.plan.differences'));
    for (const difference of json.differences) out.text(`  - ${out.t(difference.code, difference.params)}`);
  }
  out.text(out.t(json.outcome === 'rolled-back' ? 'cli.plan.rolled-back' : 'cli.plan.failed'));
  return json.outcome === 'rolled-back' ? EXIT.rolledBack : EXIT.failed;
}
