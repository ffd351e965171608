import { createRequire } from 'node:module';
import type * as NapiKeyring from '@napi-rs/keyring';
import type { AsyncEntry, EntryOptions } from '@napi-rs/keyring';
import { DocksideError } from '../errors';
import { stringFields } from './string-fields';

/** The service of every item: what `docker-credential-dockside` reads, and what to search for in a keychain UI. */
export const KEYCHAIN_SERVICE = 'docker-credential-dockside';

export interface StoredCredential {
  serverUrl: string;
  username: string;
  secret: string;
}

/** A credential store keyed by the server URL exactly as Docker gives it (Docker's helpers match it exactly). */
export interface Keychain {
  get(serverUrl: string): Promise<StoredCredential | null>;
  store(credential: StoredCredential): Promise<void>;
  /** false when there was none */
  erase(serverUrl: string): Promise<boolean>;
  list(): Promise<Array<{ serverUrl: string; username: string }>>;
}

/** The item's password is JSON of these: the username travels with the secret, as Docker's helpers keep both. */
const ITEM_FIELDS = ['Username', 'Secret'] as const;

/** Windows Credential Manager's CRED_MAX_CREDENTIAL_BLOB_SIZE; keyring-rs stores the password as UTF-16, 2 bytes a code unit. */
const WINDOWS_BLOB_LIMIT = 2_560;

// Pinned on Linux: left to choose, @napi-rs/keyring silently falls back to the kernel keyring,
// which forgets the password at reboot (and Docker would then fail with no hint why).
const LINUX_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

const NO_SECRET_SERVICE = /org\.freedesktop\.secrets was not provided|ServiceUnknown|Failed to connect to (socket|address)|autolaunch|DBUS_SESSION_BUS_ADDRESS/;
// gnome-keyring / KWallet ("unlock prompt was dismissed", IsLocked), macOS without a UI to ask (errSecInteractionNotAllowed).
const LOCKED = /unlock prompt|IsLocked|locked object|User interaction is not allowed/i;

/**
 * The native addon loads when a secret is first asked for: a command that never touches one
 * (mirrors use, trust add) starts without it. Required, not imported: @napi-rs/keyring is
 * CommonJS, and import() of it costs the ESM loader's CommonJS analysis (~50 ms here) on every
 * credential-helper `get`.
 */
const loadKeyring = async (): Promise<typeof NapiKeyring> => createRequire(import.meta.url)('@napi-rs/keyring') as typeof NapiKeyring;

/**
 * The OS keychain (Secret Service on Linux, Keychain on macOS, Credential Manager on Windows)
 * through @napi-rs/keyring: one item per server, service KEYCHAIN_SERVICE, account = server URL,
 * password = JSON {"Username","Secret"}.
 */
export function osKeychain(platform: NodeJS.Platform = process.platform): Keychain {
  const options = platform === 'linux' ? LINUX_OPTIONS : undefined;
  // The constructor already connects to the store on Linux: inside the async call, its failure is a rejection too.
  const entry = async (serverUrl: string): Promise<AsyncEntry> => new (await loadKeyring()).AsyncEntry(KEYCHAIN_SERVICE, serverUrl, options);
  const failure = (action: KeychainAction, serverUrl: string, error: unknown): DocksideError => keychainError(action, serverUrl, error, platform);

  return {
    async get(serverUrl) {
      let password: string | null;
      try {
        password = await (await entry(serverUrl)).getPassword();
      } catch (error) {
        throw failure('read', serverUrl, error);
      }
      if (password === null) return null;
      const item = parseItem(password);
      if (item === null) {
        throw new DocksideError('keychain-item-invalid', 'creds.error.keychain-item-invalid', { serverUrl, service: KEYCHAIN_SERVICE });
      }
      return { serverUrl, username: item.Username, secret: item.Secret };
    },

    async store({ serverUrl, username, secret }) {
      const password = JSON.stringify({ Username: username, Secret: secret });
      if (platform === 'win32' && password.length * 2 > WINDOWS_BLOB_LIMIT) {
        throw new DocksideError('secret-too-long', 'creds.error.secret-too-long', { serverUrl, bytes: password.length * 2, limit: WINDOWS_BLOB_LIMIT });
      }
      try {
        await (await entry(serverUrl)).setPassword(password);
      } catch (error) {
        throw failure('store', serverUrl, error);
      }
    },

    async erase(serverUrl) {
      try {
        return await (await entry(serverUrl)).deleteCredential();
      } catch (error) {
        throw failure('erase', serverUrl, error);
      }
    },

    async list() {
      // On Linux this searches the Secret Service only (never the kernel keyring), the store the entries are pinned to.
      let found: Array<{ account: string; password: string }>;
      try {
        found = await (await loadKeyring()).findCredentialsAsync(KEYCHAIN_SERVICE);
      } catch (error) {
        throw failure('list', '', error);
      }
      // An item in another format is not one Docker could use through this helper: not listed.
      return found.flatMap(({ account, password }) => {
        const item = parseItem(password);
        return item === null ? [] : [{ serverUrl: account, username: item.Username }];
      });
    },
  };
}

function parseItem(password: string): Record<(typeof ITEM_FIELDS)[number], string> | null {
  try {
    return stringFields(JSON.parse(password), ITEM_FIELDS, false);
  } catch {
    return null;
  }
}

/** What was asked of the keychain when it failed: picks the sentence (and the credential helper's English line). */
export type KeychainAction = 'read' | 'store' | 'erase' | 'list';

/**
 * The library's error as one the user can act on. Its messages never carry the secret: only the
 * store's own words, quoted as `detail`. `action` and `serverUrl` are params too, so that the
 * credential helper can word the error without the catalog.
 */
function keychainError(action: KeychainAction, serverUrl: string, error: unknown, platform: NodeJS.Platform): DocksideError {
  const detail = error instanceof Error ? error.message : String(error);
  const params = { action, serverUrl, detail };
  if (platform === 'linux' && NO_SECRET_SERVICE.test(detail)) return new DocksideError('no-secret-service', `creds.error.no-secret-service.${action}`, params);
  if (LOCKED.test(detail)) return new DocksideError('keychain-locked', `creds.error.keychain-locked.${action}`, params);
  return new DocksideError('keychain-failed', `creds.error.keychain-failed.${action}`, params);
}
