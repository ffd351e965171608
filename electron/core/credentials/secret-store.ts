import type { SecretStore } from '../../../shared/credentials';
import { type Message, msg } from '../../../shared/message';
import { DocksideError } from '../errors';
import type { Exec } from '../platform/exec';
import { credHelperOf, type DockerConfig } from './docker-config';
import { externalHelper, findHelper } from './helper-client';
import type { Keychain } from './keychain';
import { findNativeHelper, isNativeHelper } from './native-helper';
import { STORE_PREFERENCE_VARIABLE, storePreferenceOf } from './store-preference';

export const DOCKSIDE_HELPER = 'dockside';

export interface CredentialDeps {
  /** The Docker client's config dir ($DOCKER_CONFIG or ~/.docker). */
  configDir: string;
  exec: Exec;
  /** The environment Docker runs with: its PATH decides which helpers Docker finds; DOCKSIDE_CREDENTIAL_STORE which store a login picks. */
  env: NodeJS.ProcessEnv;
  /** Dockside's own store in the OS keychain (what docker-credential-dockside reads). */
  keychain: Keychain;
  /** Where the docker-credential-dockside launcher of this installation is, for the fix when PATH lacks it. */
  helperDir: string | null;
  /** Whose native helpers count (osxkeychain, wincred, secretservice, ...); this process's platform when unset. */
  platform?: NodeJS.Platform;
}

export interface SecretTarget {
  store: SecretStore;
  keychain: Keychain;
}

/**
 * Where a registry's secret goes, as DESIGN §2 decides: the helper config.json already names
 * for it or as its credsStore, when installed; else the platform's own helper when one works
 * (unless DOCKSIDE_CREDENTIAL_STORE=dockside); else Dockside's keychain store, which Docker then
 * reaches through docker-credential-dockside. The store carries the reason for the choice.
 */
export async function secretTargetFor(config: DockerConfig, registry: string, deps: CredentialDeps): Promise<{ target: SecretTarget; warnings: Message[] }> {
  const preference = storePreferenceOf(deps.env);
  const warnings: Message[] = [];
  const named = credHelperOf(config, registry);
  if (named === DOCKSIDE_HELPER) return { target: await docksideTarget(deps, registry, msg('creds.store-reason.dockside-named', { registry })), warnings };
  if (named !== undefined) {
    if (await findHelper(named, deps.env)) {
      const store = { helper: named, source: namedSource(named, deps), reason: msg('creds.store-reason.credHelpers', { program: `docker-credential-${named}`, registry }) };
      return { target: { store, keychain: externalHelper(named, deps.exec, deps.env) }, warnings };
    }
    warnings.push(msg('creds.warning.helper-not-installed', { helper: named, registry }));
  }
  const shared = config.credsStore;
  if (named === undefined && shared) {
    if (await findHelper(shared, deps.env)) {
      const store = { helper: shared, source: 'credsStore' as const, reason: msg('creds.store-reason.credsStore', { program: `docker-credential-${shared}` }) };
      return { target: { store, keychain: externalHelper(shared, deps.exec, deps.env) }, warnings };
    }
    warnings.push(msg('creds.warning.store-not-installed', { helper: shared, registry }));
  }
  if (preference === 'dockside') return { target: await docksideTarget(deps, registry, msg('creds.store-reason.opted-out', { variable: STORE_PREFERENCE_VARIABLE, value: preference })), warnings };
  const native = await findNativeHelper(deps);
  if (native.helper !== null) {
    return { target: { store: { helper: native.helper, source: 'native', reason: native.reason }, keychain: externalHelper(native.helper, deps.exec, deps.env) }, warnings };
  }
  return { target: await docksideTarget(deps, registry, native.reason), warnings };
}

/** Dockside's own store, which Docker reaches only when docker-credential-dockside is on its PATH. */
async function docksideTarget(deps: CredentialDeps, registry: string, reason: Message): Promise<SecretTarget> {
  if (!(await findHelper(DOCKSIDE_HELPER, deps.env))) throw helperNotOnPath(registry, deps.helperDir);
  return { store: { helper: DOCKSIDE_HELPER, source: 'dockside', reason }, keychain: deps.keychain };
}

/** Where Docker reads the registry's secret from: its credHelpers entry, else the credsStore; null: config.json itself. */
export function secretLocationOf(config: DockerConfig, registry: string, deps: CredentialDeps): SecretTarget | null {
  const named = credHelperOf(config, registry);
  if (named === DOCKSIDE_HELPER) return { store: { helper: named, source: 'dockside' }, keychain: deps.keychain };
  if (named !== undefined) return { store: { helper: named, source: namedSource(named, deps) }, keychain: externalHelper(named, deps.exec, deps.env) };
  if (config.credsStore) return { store: { helper: config.credsStore, source: 'credsStore' }, keychain: externalHelper(config.credsStore, deps.exec, deps.env) };
  return null;
}

/**
 * Whether config.json must name the store for the registry in credHelpers: Dockside's and the
 * native helpers are never a credsStore, since with other plaintext `auths` still in the file
 * Docker would look every registry up in the store and those entries would stop working.
 */
export function pointsByRegistry(store: SecretStore): store is SecretStore & { helper: string } {
  return store.helper !== null && (store.source === 'dockside' || store.source === 'native');
}

/** A credHelpers entry naming the platform's own helper is what a native login writes: it counts as one. */
function namedSource(helper: string, deps: CredentialDeps): 'native' | 'credHelpers' {
  return isNativeHelper(helper, deps.platform ?? process.platform) ? 'native' : 'credHelpers';
}

function helperNotOnPath(registry: string, helperDir: string | null): DocksideError {
  if (helperDir === null) return new DocksideError('helper-not-on-path', 'creds.error.helper-not-on-path.no-dir', { registry });
  return new DocksideError('helper-not-on-path', 'creds.error.helper-not-on-path', { registry, helperDir });
}
