import { listCredentials } from '../../core/credentials/list-credentials';
import { checkRegistryLogin, loginToRegistry } from '../../core/credentials/login-registry';
import { logout } from '../../core/credentials/logout';
import { migrateCredentials } from '../../core/credentials/migrate';
import { pendingCaFor } from '../../core/setup/pending-ca';
import { registryPaths } from '../../core/trust/inspect-registry';
import { caSourceOf } from './ca-source';
import type { HandlerDeps, Handlers } from './types';

/**
 * `creds:list`, `login`, `logout` and `creds:migrate`: what `dockside creds list|login|logout|creds migrate --json`
 * print. They touch only the user's own config.json and keychain, so nothing is elevated. The
 * password is passed on, never kept or logged.
 */
export function credentialHandlers(deps: HandlerDeps): Pick<Handlers, 'creds:list' | 'login' | 'logout' | 'creds:migrate' | 'login:check'> {
  return {
    'creds:list': async () => listCredentials((await deps.machine()).credentials),
    login: async ({ registry, username, password }) => {
      const machine = await deps.machine();
      return loginToRegistry(registryPaths(machine.certsDir, registry), { username, password }, machine.credentials);
    },
    logout: async ({ registry }) => {
      const machine = await deps.machine();
      return logout(registryPaths(machine.certsDir, registry).name.dirName, machine.credentials);
    },
    'login:check': async ({ registry, username, password, fingerprint, ...source }) => {
      const machine = await deps.machine();
      const pendingCa = fingerprint === undefined ? null : await pendingCaFor(machine, registry, fingerprint, caSourceOf(source, registry));
      return checkRegistryLogin(registryPaths(machine.certsDir, registry), { username, password }, machine.credentials, pendingCa);
    },
    'creds:migrate': async ({ dryRun }) => migrateCredentials({ dryRun }, (await deps.machine()).credentials),
  };
}
