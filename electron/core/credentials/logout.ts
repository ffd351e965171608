import type { LogoutJson } from '../../../shared/credentials';
import { withoutRegistry, withoutSecrets } from './config-entries';
import { credHelperOf, readDockerConfig, writeDockerConfig } from './docker-config';
import { type CredentialDeps, secretLocationOf } from './secret-store';

/** `docker logout`: erase the secret from wherever Docker would read it, and the registry's config.json entries. */
export async function logout(registry: string, deps: CredentialDeps): Promise<LogoutJson> {
  const file = await readDockerConfig(deps.configDir);
  const located = secretLocationOf(file.config, registry, deps);
  let erased = withoutSecrets(file.config, registry).removed;
  if (located) erased = (await located.keychain.erase(registry)) || erased;
  await writeDockerConfig(file, withoutRegistry(file.config, registry, credHelperOf(file.config, registry) ?? null));
  return { registry, erased, store: located?.store ?? (erased ? { helper: null, source: 'plaintext' } : null), configPath: file.path };
}
