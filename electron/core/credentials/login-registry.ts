import type { LoginCheckJson, LoginJson } from '../../../shared/credentials';
import { type LoginResult, registryAuthScheme } from '../registry/registry-client';
import { toPem } from '../trust/certificate-info';
import { readRegistryCas } from '../trust/certs-d';
import type { RegistryPaths } from '../trust/inspect-registry';
import { systemRoots } from '../trust/system-roots';
import { checkLogin, login } from './login';
import type { CredentialDeps } from './secret-store';

export const LOGIN_TIMEOUT_MS = 15_000;

/**
 * The CAs Docker trusts for the registry: its certs.d CAs on top of the system's. `pendingCa`
 * is a CA the user accepted that is not installed yet (the app's wizard and a profile's apply
 * sign in before the one elevated step installs it).
 */
async function registryCas(paths: RegistryPaths, pendingCa: string | null): Promise<string[]> {
  const cas = [...(await readRegistryCas(paths.registryDir)), ...(await systemRoots())].map(toPem);
  return pendingCa === null ? cas : [pendingCa, ...cas];
}

/** How the registry is reached: a CA not installed yet, or plain HTTP (a profile's insecure registry). */
export interface LoginRoute {
  pendingCa?: string | null;
  plainHttp?: boolean;
}

/** Logs in to one registry as the CLI and the app both do, checking it with the CAs Docker will trust. */
export async function loginToRegistry(
  paths: RegistryPaths,
  credentials: { username: string; password: string },
  deps: CredentialDeps,
  route: LoginRoute = {},
): Promise<LoginJson> {
  return login(
    { registry: paths.name.dirName, ...credentials, ca: await registryCas(paths, route.pendingCa ?? null), timeoutMs: LOGIN_TIMEOUT_MS, plainHttp: route.plainHttp },
    deps,
  );
}

/** Whether Docker will have to sign in to the registry, reached as `route` says: the scheme its anonymous /v2/ ping asks for. */
export async function registryAuthSchemeFor(paths: RegistryPaths, route: LoginRoute = {}): Promise<LoginResult['scheme']> {
  return registryAuthScheme({ hostPort: paths.name.dirName, ca: await registryCas(paths, route.pendingCa ?? null), timeoutMs: LOGIN_TIMEOUT_MS, plainHttp: route.plainHttp });
}

/** The app's Sign in: checks the credentials with the registry once and says where the secret will go; stores nothing. */
export async function checkRegistryLogin(
  paths: RegistryPaths,
  credentials: { username: string; password: string },
  deps: CredentialDeps,
  pendingCa: string | null,
): Promise<LoginCheckJson> {
  return checkLogin({ registry: paths.name.dirName, ...credentials, ca: await registryCas(paths, pendingCa), timeoutMs: LOGIN_TIMEOUT_MS }, deps);
}
