import type { CredentialEntry, CredsMigrateJson } from '../../../shared/credentials';
import { type Message, msg } from '../../../shared/message';
import { DocksideError, toErrorValue } from '../errors';
import { plaintextSecretOf, withoutSecrets } from './config-entries';
import { type DockerConfig, readDockerConfig, writeDockerConfig } from './docker-config';
import { type CredentialDeps, pointsByRegistry, secretLocationOf, secretTargetFor } from './secret-store';

/**
 * `creds migrate`: every secret config.json holds in plaintext moves into a keychain store
 * (the one a login would pick), and the file keeps none. A registry whose helper already holds
 * a credential keeps it: Docker reads the helper and ignores the plaintext copy, so that copy
 * is only dropped. No backup of config.json is kept: it would be another plaintext copy. A dry
 * run stores and writes nothing.
 */
export async function migrateCredentials(options: { dryRun: boolean }, deps: CredentialDeps): Promise<CredsMigrateJson> {
  const file = await readDockerConfig(deps.configDir);
  const warnings: Message[] = [];
  const moved: CredentialEntry[] = [];
  let config: DockerConfig = file.config;
  let changed = false;
  let failure: unknown;
  for (const [registry, entry] of Object.entries(file.config.auths ?? {})) {
    const secret = plaintextSecretOf(entry);
    if (secret === 'malformed') warnings.push(msg('creds.warning.auth-malformed', { registry }));
    if (secret === null || secret === 'malformed') continue;
    try {
      const current = secretLocationOf(config, registry, deps);
      if (current && (await current.keychain.get(registry)) !== null) {
        warnings.push(msg(options.dryRun ? 'creds.warning.plaintext-ignored.dry-run' : 'creds.warning.plaintext-ignored', { registry, helper: current.store.helper ?? '' }));
        config = withoutSecrets(config, registry).config;
        changed = true;
        continue;
      }
      const choice = await secretTargetFor(config, registry, deps);
      warnings.push(...choice.warnings);
      if (!options.dryRun) {
        await choice.target.keychain.store({ serverUrl: registry, ...secret });
        config = withoutSecrets(config, registry).config;
        const { store } = choice.target;
        if (pointsByRegistry(store)) config = { ...config, credHelpers: { ...config.credHelpers, [registry]: store.helper } };
        changed = true;
      }
      moved.push({ registry, username: secret.username, store: choice.target.store });
    } catch (error) {
      failure = error;
      break;
    }
  }
  // What moved is taken out of the file even when a later entry failed: nothing stays in two places.
  if (!options.dryRun && changed) await writeDockerConfig(file, config);
  if (failure !== undefined) throw stoppedAt(failure, moved, file.path);
  return { configPath: file.path, dryRun: options.dryRun, moved, warnings };
}

/**
 * The failure's own sentence, then what had moved before it: the catalog sentence nests the
 * cause's (i18next's $t), which is rendered with the same params.
 */
function stoppedAt(failure: unknown, moved: CredentialEntry[], configPath: string): DocksideError {
  const cause = toErrorValue(failure);
  const params = { ...cause.params, causeKey: cause.key, configPath };
  if (moved.length === 0) return new DocksideError(cause.code, 'creds.error.migrate-stopped.none-moved', params);
  return new DocksideError(cause.code, 'creds.error.migrate-stopped', { ...params, movedBefore: moved.map((entry) => entry.registry).join(', ') });
}
