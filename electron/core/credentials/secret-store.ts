import type { SecretStore } from '../../../shared/credentials';
import { type Message, msg } from '../../../shared/message';
import { DocksideError } from '../errors';
import type { Exec } from '../platform/exec';
import { credHelperOf, type DockerConfig } from './docker-config';
import { externalHelper, findHelper } from './helper-client';
import type { Keychain } from './keychain';

export const DOCKSIDE_HELPER = 'dockside';

export interface CredentialDeps {
  /** The Docker client's config dir ($DOCKER_CONFIG or ~/.docker). */
  configDir: string;
  exec: Exec;
  /** The environment Docker runs with: its PATH decides which helpers Docker finds. */
  env: NodeJS.ProcessEnv;
  /** Dockside's own store in the OS keychain (what docker-credential-dockside reads). */
  keychain: Keychain;
  /** Where the docker-credential-dockside launcher of this installation is, for the fix when PATH lacks it. */
  helperDir: string | null;
}

export interface SecretTarget {
  store: SecretStore;
  keychain: Keychain;
}

/**
 * Where a registry's secret goes, as DESIGN §2 decides: the helper config.json already names
 * for it or as its credsStore, when installed (Docker's own keychain integration); otherwise
 * Dockside's keychain store, which Docker then reaches through docker-credential-dockside.
 */
export async function secretTargetFor(config: DockerConfig, registry: string, deps: CredentialDeps): Promise<{ target: SecretTarget; warnings: Message[] }> {
  const warnings: Message[] = [];
  const named = credHelperOf(config, registry);
  if (named !== undefined && named !== DOCKSIDE_HELPER) {
    if (await findHelper(named, deps.env)) return { target: { store: { helper: named, source: 'credHelpers' }, keychain: externalHelper(named, deps.exec, deps.env) }, warnings };
    warnings.push(msg('creds.warning.helper-not-installed', { helper: named, registry }));
  }
  const shared = config.credsStore;
  if (named === undefined && shared) {
    if (await findHelper(shared, deps.env)) return { target: { store: { helper: shared, source: 'credsStore' }, keychain: externalHelper(shared, deps.exec, deps.env) }, warnings };
    warnings.push(msg('creds.warning.store-not-installed', { helper: shared, registry }));
  }
  if (!(await findHelper(DOCKSIDE_HELPER, deps.env))) throw helperNotOnPath(registry, deps.helperDir);
  return { target: { store: { helper: DOCKSIDE_HELPER, source: 'dockside' }, keychain: deps.keychain }, warnings };
}

/** Where Docker reads the registry's secret from: its credHelpers entry, else the credsStore; null: config.json itself. */
export function secretLocationOf(config: DockerConfig, registry: string, deps: CredentialDeps): SecretTarget | null {
  const named = credHelperOf(config, registry);
  if (named === DOCKSIDE_HELPER) return { store: { helper: named, source: 'dockside' }, keychain: deps.keychain };
  if (named !== undefined) return { store: { helper: named, source: 'credHelpers' }, keychain: externalHelper(named, deps.exec, deps.env) };
  if (config.credsStore) return { store: { helper: config.credsStore, source: 'credsStore' }, keychain: externalHelper(config.credsStore, deps.exec, deps.env) };
  return null;
}

function helperNotOnPath(registry: string, helperDir: string | null): DocksideError {
  if (helperDir === null) return new DocksideError('helper-not-on-path', 'creds.error.helper-not-on-path.no-dir', { registry });
  return new DocksideError('helper-not-on-path', 'creds.error.helper-not-on-path', { registry, helperDir });
}
