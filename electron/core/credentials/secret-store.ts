import type { SecretStore } from '../../../shared/credentials';
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
export async function secretTargetFor(config: DockerConfig, registry: string, deps: CredentialDeps): Promise<{ target: SecretTarget; warnings: string[] }> {
  const warnings: string[] = [];
  const named = credHelperOf(config, registry);
  if (named !== undefined && named !== DOCKSIDE_HELPER) {
    if (await findHelper(named, deps.env)) return { target: { store: { helper: named, source: 'credHelpers' }, keychain: externalHelper(named, deps.exec, deps.env) }, warnings };
    warnings.push(`config.json names docker-credential-${named} for ${registry}, but it is not installed; Dockside replaces that entry with its own helper.`);
  }
  const shared = config.credsStore;
  if (named === undefined && shared) {
    if (await findHelper(shared, deps.env)) return { target: { store: { helper: shared, source: 'credsStore' }, keychain: externalHelper(shared, deps.exec, deps.env) }, warnings };
    warnings.push(`config.json's credsStore names docker-credential-${shared}, but it is not installed; Dockside keeps ${registry} in its own keychain store instead.`);
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
  const fix = helperDir ? `Add its directory to PATH, e.g. \`export PATH="${helperDir}:$PATH"\` in your shell profile,` : 'Put docker-credential-dockside (shipped with Dockside) in a directory on PATH,';
  return new DocksideError(
    'helper-not-on-path',
    `Docker looks for docker-credential-dockside on PATH and would not find it, so every pull from ${registry} would fail with "executable file not found in $PATH". Nothing was changed. ${fix} then run the command again.`,
  );
}
