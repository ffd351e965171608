import { planMirrorsChange } from '../../core/change/mirrors';
import { applyChange } from '../apply-change';
import type { CliContext } from '../context';

/**
 * `mirrors use <URL...>`: make these the engine's registry mirrors, in this order. With
 * --insecure, the host of each http:// mirror also joins insecure-registries, for images named
 * with that host (DESIGN §1). `mirrors clear` writes `[]` (a deleted key would survive a reload).
 */
export async function mirrorsCommand(ctx: CliContext, urls: string[] | 'clear', options: { restart: boolean; insecure: boolean; allowPublicRegistry?: boolean }): Promise<number> {
  const change = await planMirrorsChange(ctx, { urls, insecure: options.insecure, restart: options.restart, allowPublicRegistry: options.allowPublicRegistry, id: ctx.newId() });
  const { code, json } = await applyChange(ctx, change);
  ctx.out.document(json);
  return code;
}
