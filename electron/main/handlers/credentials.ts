import { listCredentials } from '../../core/credentials/list-credentials';
import { loginToRegistry } from '../../core/credentials/login-registry';
import { registryPaths } from '../../core/trust/inspect-registry';
import type { HandlerDeps, Handlers } from './index';

/** `creds:list` and `login`: what `dockside creds list|login --json` print. The password is passed on, never kept or logged. */
export function credentialHandlers(deps: HandlerDeps): Pick<Handlers, 'creds:list' | 'login'> {
  return {
    'creds:list': async () => listCredentials((await deps.machine()).credentials),
    login: async ({ registry, username, password }) => {
      const machine = await deps.machine();
      return loginToRegistry(registryPaths(machine.certsDir, registry), { username, password }, machine.credentials);
    },
  };
}
