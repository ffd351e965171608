import type { LoginCheckJson, LoginJson } from '../../../shared/credentials';
import { msg } from '../../../shared/message';
import { verifyLogin } from '../registry/registry-client';
import { type DockerConfigFile, readDockerConfig, writeDockerConfig } from './docker-config';
import { type CredentialDeps, pointsByRegistry, type SecretTarget, secretTargetFor } from './secret-store';
import { withoutSecrets } from './config-entries';

export interface LoginInput {
  /** host[:port], validated: the key Docker uses in config.json. */
  registry: string;
  username: string;
  password: string;
  /** PEM CAs for the registry's TLS: its certs.d CAs and the system's. */
  ca: string[];
  timeoutMs: number;
  /** An insecure (plain HTTP) registry: Docker sends the password in clear, and so does this check. */
  plainHttp?: boolean;
}

interface Checked {
  file: DockerConfigFile;
  target: SecretTarget;
  check: LoginCheckJson;
}

/**
 * Checks the store is usable, then the credentials with the registry, once (never retried:
 * Nexus locks an account after 3 failures). A store that cannot be used fails before the
 * registry counts a login attempt.
 */
async function checkCredentials(input: LoginInput, deps: CredentialDeps): Promise<Checked> {
  const file = await readDockerConfig(deps.configDir);
  const { target, warnings } = await secretTargetFor(file.config, input.registry, deps);
  await target.keychain.list();
  const verified = await verifyLogin({ hostPort: input.registry, ca: input.ca, timeoutMs: input.timeoutMs, plainHttp: input.plainHttp }, { username: input.username, password: input.password });
  if (input.plainHttp) warnings.push(msg('creds.warning.plain-http', { registry: input.registry }));
  if (verified.scheme === 'none') warnings.push(msg('creds.warning.no-auth', { registry: input.registry }));
  return { file, target, check: { registry: input.registry, username: input.username, scheme: verified.scheme, store: target.store, configPath: file.path, warnings } };
}

/** The app's Sign in step: the credentials work and where they will be kept; nothing is stored. */
export async function checkLogin(input: LoginInput, deps: CredentialDeps): Promise<LoginCheckJson> {
  return (await checkCredentials(input, deps)).check;
}

/**
 * `docker login`, done so that the password ends up in a keychain: check as above, store the
 * secret, then point config.json at the store and drop any plaintext copy.
 */
export async function login(input: LoginInput, deps: CredentialDeps): Promise<LoginJson> {
  const { file, target, check } = await checkCredentials(input, deps);
  await target.keychain.store({ serverUrl: input.registry, username: input.username, secret: input.password });
  const { config, removed } = withoutSecrets(file.config, input.registry);
  if (pointsByRegistry(target.store)) config.credHelpers = { ...config.credHelpers, [input.registry]: target.store.helper };
  await writeDockerConfig(file, config);
  return { ...check, removedPlaintext: removed };
}
