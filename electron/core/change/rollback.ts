import { PRIVILEGED_REQUEST_VERSION, type RollbackRequest } from '../../../shared/privileged';
import { startupSettings } from '../runtimes/docker/engine/startup-settings';
import type { Machine } from '../machine';
import type { ProposedChange } from '../plan/change';
import { readJournals } from '../plan/journal-dir';
import { planRollback } from '../plan/rollback-plan';
import { activeOrNull } from '../plan/verify';

/** `rollback` and the app's `change:plan` for it: undo the newest change Dockside made that is not undone yet. */
export async function planRollbackChange(machine: Machine, options: { restart: boolean; id: string }): Promise<ProposedChange> {
  const entries = await readJournals(machine.journalDirs);
  const active = machine.engine.kind === 'none' ? null : await activeOrNull(machine.target);
  const rollback = await planRollback({ entries, id: options.id, engine: machine.engine, active, startup: await startupSettings(machine.engineControl), restart: options.restart });
  const request: RollbackRequest = {
    version: PRIVILEGED_REQUEST_VERSION,
    id: options.id,
    action: 'rollback',
    runtime: 'docker',
    journalId: rollback.undoes.id,
    engineAction: options.restart ? 'restart' : 'auto',
    expectedBefore: rollback.expectedBefore,
    target: machine.chosen,
  };
  return { plan: rollback.plan, request, diff: rollback.diff, warnings: rollback.warnings };
}
