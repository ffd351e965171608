import { startupSettings } from '../engine/startup-settings';
import type { Machine } from '../machine';
import type { ProposedChange } from '../plan/change';
import { readJournals } from '../plan/journal-dir';
import { planRollback } from '../plan/rollback-plan';
import { activeOrNull } from '../plan/verify';

/** `rollback` and the app's `change:plan` for it: undo the newest change Dockside made that is not undone yet. */
export async function planRollbackChange(machine: Machine, request: { restart: boolean; id: string }): Promise<ProposedChange> {
  const entries = await readJournals(machine.journalDirs);
  const active = machine.engine.kind === 'none' ? null : await activeOrNull(machine.target);
  const rollback = await planRollback({ entries, id: request.id, engine: machine.engine, active, startup: await startupSettings(machine.engineControl), restart: request.restart });
  return { plan: rollback.plan, diff: rollback.diff, warnings: rollback.warnings };
}
