import { probeMirrorsRequest } from '../../core/mirrors/probe-request';
import type { HandlerDeps, Handlers } from './index';

/** `mirrors:probe`: what `dockside mirrors probe --json` prints (the progress events come with a later slice). */
export function mirrorHandlers(deps: HandlerDeps): Pick<Handlers, 'mirrors:probe'> {
  return {
    'mirrors:probe': async (request) => probeMirrorsRequest(request, { certsDir: (await deps.machine()).certsDir, catalogPath: deps.catalogPath }),
  };
}
