import { createInterface } from 'node:readline/promises';
import { type ChangeJson, EXIT } from '../../shared/cli';
import type { Plan } from '../../shared/plan';
import { describeSteps } from '../core/plan/describe-steps';
import { runPrivileged } from '../core/plan/run-privileged';
import type { CliContext } from './context';

export interface ProposedChange {
  plan: Plan | null;
  diff: string;
  warnings: string[];
}

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
  const { out } = ctx;
  const m = out.messages;
  const report = (fields: Partial<ChangeJson> & Pick<ChangeJson, 'outcome'>): ChangeJson => ({
      planId: change.plan?.id ?? null,
      reason: change.plan?.reason ?? '',
      diff: change.diff,
      steps: change.plan ? describeSteps(change.plan) : [],
      warnings: change.warnings,
      backups: [],
      active: null,
      differences: [],
      ...fields,
    });

  if (change.plan === null) {
    out.text(m.unchanged);
    return { code: EXIT.ok, json: report({ outcome: 'unchanged' }) };
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
      return { code: EXIT.failed, json: report({ outcome: 'planned' }) };
    }
  }

  const result = await runPrivileged(plan, ctx.privileged, ctx.elevatorFor(plan), (message) => out.progress(message));
  const json = report({ outcome: result.outcome, backups: result.backups, active: result.active, differences: result.differences });
  for (const backup of result.backups) if (backup.backup) out.text(`${m.backup}: ${backup.backup}`);
  if (result.active) {
    out.text(`${m.active}: ${m.mirrors} [${result.active.mirrors.join(', ')}], ${m.insecure} [${result.active.insecureRegistries.join(', ')}]`);
  }
  if (result.error) out.error(result.error);
  if (result.outcome === 'applied') {
    const engineStep = plan.steps.some((step) => step.type === 'reload-engine' || step.type === 'restart-engine');
    const certsOnly = plan.steps.every((step) => 'role' in step && step.role === 'ca-cert');
    out.text(engineStep ? m.applied : certsOnly ? m.appliedCerts : m.appliedNoEngine);
    return { code: EXIT.ok, json };
  }
  if (result.differences.length > 0) out.text(`${m.differences}: ${result.differences.join('; ')}`);
  out.text(result.outcome === 'rolled-back' ? m.rolledBack : m.failed);
  return { code: result.outcome === 'rolled-back' ? EXIT.rolledBack : EXIT.failed, json };
}

async function ask(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^(y|yes|是)$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}
