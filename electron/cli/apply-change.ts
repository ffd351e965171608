import { createInterface } from 'node:readline/promises';
import { type ChangeJson, EXIT } from '../../shared/cli';
import type { Plan } from '../../shared/plan';
import { describeSteps } from '../core/plan/daemon-json-plan';
import { runPrivileged } from '../core/plan/run-privileged';
import type { CliContext } from './context';

export interface ProposedChange {
  plan: Plan | null;
  diff: string;
  warnings: string[];
}

/**
 * The common end of every command that changes the machine: show the plan (why, the diff, the
 * steps), ask (unless --yes), run it through the elevator, and report. Returns the exit code.
 */
export async function applyChange(ctx: CliContext, change: ProposedChange): Promise<number> {
  const { out } = ctx;
  const m = out.messages;
  const report = (fields: Partial<ChangeJson> & Pick<ChangeJson, 'outcome'>): void =>
    out.document({
      planId: change.plan?.id ?? null,
      reason: change.plan?.reason ?? '',
      diff: change.diff,
      steps: change.plan ? describeSteps(change.plan) : [],
      warnings: change.warnings,
      backups: [],
      active: null,
      differences: [],
      ...fields,
    } satisfies ChangeJson);

  if (change.plan === null) {
    out.text(m.unchanged);
    report({ outcome: 'unchanged' });
    return EXIT.ok;
  }
  const plan = change.plan;
  out.text(`${m.reason}: ${plan.reason}`);
  for (const warning of change.warnings) out.text(`${m.warning}: ${warning}`);
  if (change.diff !== '') out.text(`\n${m.changes}:\n${change.diff.trimEnd()}\n`);
  out.text(`${m.steps}:`);
  describeSteps(plan).forEach((step, index) => out.text(`  ${index + 1}. ${step}`));

  if (!ctx.yes) {
    const confirmed = ctx.interactive && (await ask(m.confirm));
    if (!confirmed) {
      out.text(ctx.interactive ? m.declined : m.needsYes);
      report({ outcome: 'planned' });
      return EXIT.failed;
    }
  }

  const result = await runPrivileged(plan, ctx.privileged, ctx.elevatorFor(plan), (message) => out.progress(message));
  report({ outcome: result.outcome, backups: result.backups, active: result.active, differences: result.differences });
  for (const backup of result.backups) if (backup.backup) out.text(`${m.backup}: ${backup.backup}`);
  if (result.active) {
    out.text(`${m.active}: ${m.mirrors} [${result.active.mirrors.join(', ')}], ${m.insecure} [${result.active.insecureRegistries.join(', ')}]`);
  }
  if (result.error) out.error(result.error);
  if (result.outcome === 'applied') {
    const engineStep = plan.steps.some((step) => step.type === 'reload-engine' || step.type === 'restart-engine');
    out.text(engineStep ? m.applied : m.appliedNoEngine);
    return EXIT.ok;
  }
  if (result.differences.length > 0) out.text(`${m.differences}: ${result.differences.join('; ')}`);
  out.text(result.outcome === 'rolled-back' ? m.rolledBack : m.failed);
  return result.outcome === 'rolled-back' ? EXIT.rolledBack : EXIT.failed;
}

async function ask(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^(y|yes|是)$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}
