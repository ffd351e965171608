import type { CredentialEntry, CredsListJson } from '../../../shared/credentials';
import { type Message, msg } from '../../../shared/message';
import { toErrorValue } from '../errors';
import { plaintextSecretOf } from './config-entries';
import { authEntryOf, readDockerConfig } from './docker-config';
import { type CredentialDeps, secretLocationOf } from './secret-store';

/**
 * `creds list`: every registry config.json knows, and where Docker reads its secret: the
 * registry's credHelpers entry, else the credsStore, else the file's plaintext.
 */
export async function listCredentials(deps: CredentialDeps): Promise<CredsListJson> {
  const file = await readDockerConfig(deps.configDir);
  const { auths = {}, credHelpers = {} } = file.config;
  const registries = [...new Set([...Object.keys(auths), ...Object.keys(credHelpers)])].sort();
  const usernames = new Map<string, Map<string, string>>();
  const warnings: Message[] = [];
  const entries: CredentialEntry[] = [];
  for (const registry of registries) {
    const location = secretLocationOf(file.config, registry, deps);
    if (location === null) {
      // No helper applies, so Docker reads the file itself.
      const secret = plaintextSecretOf(authEntryOf(file.config, registry));
      if (secret !== null) entries.push({ registry, username: secret === 'malformed' ? null : secret.username, store: { helper: null, source: 'plaintext' } });
      continue;
    }
    const helper = location.store.helper ?? '';
    if (!usernames.has(helper)) {
      // `list` gives server URLs and user names only: no secret is read.
      const listed = await location.keychain.list().catch((error: unknown) => {
        const { key, params } = toErrorValue(error);
        warnings.push(msg(key, params));
        return [];
      });
      usernames.set(helper, new Map(listed.map((item) => [item.serverUrl, item.username])));
    }
    entries.push({ registry, username: usernames.get(helper)?.get(registry) ?? null, store: location.store });
  }
  return { configPath: file.path, registries: entries, warnings };
}
