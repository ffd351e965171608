import { probeMirrorsRequest } from '../../core/mirrors/probe-request';
import type { HandlerDeps, Handlers } from './types';

/** `mirrors:probe`: what `dockside mirrors probe --json` prints; each candidate's progress comes as a `mirrors:probe-progress` event. */
export function mirrorHandlers(deps: HandlerDeps): Pick<Handlers, 'mirrors:probe'> {
  return {
    'mirrors:probe': async (request) => probeMirrorsRequest(request, {
        certsDir: (await deps.machine()).certsDir,
        catalogPath: deps.catalogPath,
        onEvent: (event) => deps.emit('mirrors:probe-progress', event),
      }),
  };
}
