import { trustList } from '../../core/trust/certs-d';
import { inspectTrust, registryPaths } from '../../core/trust/inspect-registry';
import type { HandlerDeps, Handlers } from './types';

/** `trust:inspect` and `trust:list`: what `dockside trust inspect|list --json` print. */
export function trustHandlers(deps: HandlerDeps): Pick<Handlers, 'trust:inspect' | 'trust:list'> {
  return {
    'trust:inspect': async ({ registry }) => {
      const { certsDir } = await deps.machine();
      return inspectTrust(registryPaths(certsDir, registry), { certsDir });
    },
    'trust:list': async () => trustList((await deps.machine()).certsDir),
  };
}
