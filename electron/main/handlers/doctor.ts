import { examine } from '../../core/doctor/examine';
import type { HandlerDeps, Handlers } from './types';

/** `doctor:run`: what `dockside doctor --json` prints. */
export function doctorHandlers(deps: HandlerDeps): Pick<Handlers, 'doctor:run'> {
  return {
    'doctor:run': async ({ target, image }) => examine(await deps.machine(), { target, image }),
  };
}
