import { readFile, rm, stat } from 'node:fs/promises';
import { atomicWriteFile } from '../plan/atomic-write';
import { readDockerConfig } from './docker-config';
import type { StoredCredential } from './keychain';
import { type CredentialDeps, type SecretTarget, secretTargetFor } from './secret-store';

/** Puts config.json and the registries' keychain items back as they were before a login. */
export interface LoginUndo {
  restore(): Promise<void>;
}

/**
 * Remembers, in memory only, what logging in to these registries would replace: config.json's
 * bytes and each registry's item in the store the login will use. A setup that fails after
 * signing in restores them, so nothing of it is left half-done.
 */
export async function rememberBeforeLogin(registries: readonly string[], deps: CredentialDeps): Promise<LoginUndo> {
  const file = await readDockerConfig(deps.configDir);
  const before = file.exists ? { text: await readFile(file.path), mode: (await stat(file.path)).mode & 0o777 } : null;
  const items: Array<{ registry: string; keychain: SecretTarget['keychain']; previous: StoredCredential | null }> = [];
  for (const registry of registries) {
    const { target } = await secretTargetFor(file.config, registry, deps);
    items.push({ registry, keychain: target.keychain, previous: await target.keychain.get(registry) });
  }
  return {
    restore: async () => {
      for (const { registry, keychain, previous } of items) {
        if (previous) await keychain.store(previous);
        else await keychain.erase(registry);
      }
      if (before) await atomicWriteFile(file.path, before.text, { mode: before.mode });
      else await rm(file.path, { force: true });
    },
  };
}
