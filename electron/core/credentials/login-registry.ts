import type { LoginJson } from '../../../shared/credentials';
import { toPem } from '../trust/certificate-info';
import { readRegistryCas } from '../trust/certs-d';
import type { RegistryPaths } from '../trust/inspect-registry';
import { systemRoots } from '../trust/system-roots';
import { login } from './login';
import type { CredentialDeps } from './secret-store';

export const LOGIN_TIMEOUT_MS = 15_000;

/**
 * Logs in to one registry as the CLI and the app both do: Docker trusts the registry's certs.d
 * CAs on top of the system's, and the check with the registry does the same.
 */
export async function loginToRegistry(paths: RegistryPaths, credentials: { username: string; password: string }, deps: CredentialDeps): Promise<LoginJson> {
  const cas = [...(await readRegistryCas(paths.registryDir)), ...(await systemRoots())].map(toPem);
  return login({ registry: paths.name.dirName, username: credentials.username, password: credentials.password, ca: cas, timeoutMs: LOGIN_TIMEOUT_MS }, deps);
}
