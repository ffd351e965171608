import { createInterface } from 'node:readline/promises';
import { type ChangeJson, EXIT } from '../../shared/cli';
import { applyPlan, changeJson, type ProposedChange } from '../core/plan/change';
import { describeSteps } from '../core/plan/describe-steps';
import type { CliContext } from './context';

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
  const report = (fields: Partial<ChangeJson> & Pick<ChangeJson, 'outcome'>): ChangeJson => changeJson(change, fields);

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

  const { json, error } = await applyPlan({ ...change, plan }, ctx.privileged, ctx.elevatorFor(plan), (message) => out.progress(message));
  for (const backup of json.backups) if (backup.backup) out.text(`${m.backup}: ${backup.backup}`);
  if (json.active) {
    out.text(`${m.active}: ${m.mirrors} [${json.active.mirrors.join(', ')}], ${m.insecure} [${json.active.insecureRegistries.join(', ')}]`);
  }
  if (error) out.error(error);
  if (json.outcome === 'applied') {
    const engineStep = plan.steps.some((step) => step.type === 'reload-engine' || step.type === 'restart-engine');
    const certsOnly = plan.steps.every((step) => 'role' in step && step.role === 'ca-cert');
    out.text(engineStep ? m.applied : certsOnly ? m.appliedCerts : m.appliedNoEngine);
    return { code: EXIT.ok, json };
  }
  if (json.differences.length > 0) out.text(`${m.differences}: ${json.differences.join('; ')}`);
  out.text(json.outcome === 'rolled-back' ? m.rolledBack : m.failed);
  return { code: json.outcome === 'rolled-back' ? EXIT.rolledBack : EXIT.failed, json };
}

async function ask(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^(y|yes|是)$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}
