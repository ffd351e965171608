import { planRollbackChange } from '../../core/change/rollback';
import { applyChange } from '../apply-change';
import type { CliContext } from '../context';

/** `rollback`: undo the newest change Dockside made that is not undone yet. */
export async function rollbackCommand(ctx: CliContext, options: { restart: boolean }): Promise<number> {
  const { code, json } = await applyChange(ctx, await planRollbackChange(ctx, { restart: options.restart, id: ctx.newId() }));
  ctx.out.document(json);
  return code;
}
