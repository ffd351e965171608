import { readStatus } from '../../core/status';
import type { HandlerDeps, Handlers } from './types';

/** `status:get`: what `dockside status --json` prints. */
export function statusHandlers(deps: HandlerDeps): Pick<Handlers, 'status:get'> {
  return {
    'status:get': async () => readStatus(await deps.machine()),
  };
}
