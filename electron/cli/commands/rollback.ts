import { readJournals } from '../../core/plan/journal-dir';
import { planRollback } from '../../core/plan/rollback-plan';
import { startupSettings } from '../../core/engine/startup-settings';
import { activeOrNull } from '../../core/plan/verify';
import { applyChange } from '../apply-change';
import type { CliContext } from '../context';

/** `rollback`: undo the newest change Dockside made that is not undone yet. */
export async function rollbackCommand(ctx: CliContext, options: { restart: boolean }): Promise<number> {
  const entries = await readJournals(ctx.journalDirs);
  const active = ctx.engine.kind === 'none' ? null : await activeOrNull(ctx.target);
  const rollback = await planRollback({ entries, id: ctx.newId(), engine: ctx.engine, active, startup: await startupSettings(ctx.engineControl), restart: options.restart });
  const { code, json } = await applyChange(ctx, { plan: rollback.plan, diff: rollback.diff, warnings: rollback.warnings });
  ctx.out.document(json);
  return code;
}
