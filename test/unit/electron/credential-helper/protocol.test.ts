import { describe, expect, it } from 'vitest';
import type { Keychain, StoredCredential } from '../../../../electron/core/credentials/keychain';
import { DocksideError } from '../../../../electron/core/errors';
import { helperLine } from '../../../../electron/credential-helper/english';
import { HelperInputError, MAX_STDIN_BYTES, readsStdin, readStdin, runHelper } from '../../../../electron/credential-helper/protocol';
import { english } from '../../../harness/english';

/** The HelperInputError `promise` rejects with. */
async function rejectionOf(promise: Promise<unknown>): Promise<HelperInputError> {
  const error: unknown = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(HelperInputError);
  return error as HelperInputError;
}

/** The keychain as a Map: the helper's logic without the OS. */
function memoryKeychain(initial: StoredCredential[] = []): Keychain & { items: Map<string, StoredCredential> } {
  const items = new Map(initial.map((item) => [item.serverUrl, item]));
  return {
    items,
    get: async (serverUrl) => items.get(serverUrl) ?? null,
    store: async (credential) => {
      items.set(credential.serverUrl, credential);
    },
    erase: async (serverUrl) => items.delete(serverUrl),
    list: async () => [...items.values()].map(({ serverUrl, username }) => ({ serverUrl, username })),
  };
}

const NO_DBUS = 'org.freedesktop.secrets was not provided by any .service files';
/** The OS keychain's error without a Secret Service (keychain.ts), for one action. */
const noSecretService = (action: 'read' | 'store' | 'erase' | 'list', serverUrl = 'h') =>
  new DocksideError('no-secret-service', `creds.error.no-secret-service.${action}`, { action, serverUrl: action === 'list' ? '' : serverUrl, detail: NO_DBUS });

/** A keychain whose every call fails, as the OS one does without a Secret Service. */
const brokenKeychain: Keychain = {
  get: () => Promise.reject(noSecretService('read')),
  store: () => Promise.reject(noSecretService('store')),
  erase: () => Promise.reject(noSecretService('erase')),
  list: () => Promise.reject(noSecretService('list')),
};

const alice: StoredCredential = { serverUrl: 'nexus.example:8443', username: 'alice', secret: 's3cret' };
const run = (action: string | undefined, stdin: string, keychain: Keychain = memoryKeychain()) => runHelper(action, stdin, keychain, '1.2.3');

describe('runHelper store', () => {
  it('stores ServerURL, Username and Secret exactly as given and prints nothing', async () => {
    const keychain = memoryKeychain();
    const input = JSON.stringify({ ServerURL: 'https://nexus.example:8443/', Username: '<token>', Secret: 'tok' });
    expect(await run('store', input, keychain)).toEqual({ stdout: '', code: 0 });
    expect(keychain.items.get('https://nexus.example:8443/')).toEqual({ serverUrl: 'https://nexus.example:8443/', username: '<token>', secret: 'tok' });
  });

  it('replaces what was stored for the same server', async () => {
    const keychain = memoryKeychain([alice]);
    await run('store', JSON.stringify({ ServerURL: alice.serverUrl, Username: 'bob', Secret: 'new' }), keychain);
    expect(keychain.items.get(alice.serverUrl)).toMatchObject({ username: 'bob', secret: 'new' });
  });

  it('refuses an empty or missing ServerURL with Docker\'s text', async () => {
    expect(await run('store', JSON.stringify({ ServerURL: '', Username: 'u', Secret: 's' }))).toEqual({ stdout: 'no credentials server URL\n', code: 1 });
    expect(await run('store', JSON.stringify({ Username: 'u', Secret: 's' }))).toEqual({ stdout: 'no credentials server URL\n', code: 1 });
  });

  it('refuses an empty Username with Docker\'s text', async () => {
    expect(await run('store', JSON.stringify({ ServerURL: 'h', Username: '', Secret: 's' }))).toEqual({ stdout: 'no credentials username\n', code: 1 });
  });

  it('reports unreadable input without echoing it (it holds the secret)', async () => {
    for (const input of ['{"ServerURL":"h","Username":"u","Secret":"CANARY"', '{"ServerURL":"h","Username":"u","Secret":["CANARY"]}', '']) {
      const result = await run('store', input);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('store expects a JSON object {"ServerURL","Username","Secret"}');
      expect(result.stdout).not.toContain('CANARY');
    }
  });
});

describe('runHelper get', () => {
  it('prints {"ServerURL","Username","Secret"} as one JSON line for the trimmed URL', async () => {
    const result = await run('get', `${alice.serverUrl}\n`, memoryKeychain([alice]));
    expect(result).toEqual({ stdout: '{"ServerURL":"nexus.example:8443","Username":"alice","Secret":"s3cret"}\n', code: 0 });
  });

  it('matches the server URL exactly', async () => {
    const result = await run('get', `https://${alice.serverUrl}`, memoryKeychain([alice]));
    expect(result).toEqual({ stdout: 'credentials not found in native keychain\n', code: 1 });
  });

  it('prints exactly "credentials not found in native keychain" for an unknown server', async () => {
    expect(await run('get', 'unknown.example')).toEqual({ stdout: 'credentials not found in native keychain\n', code: 1 });
  });

  it('refuses an empty server URL', async () => {
    expect(await run('get', ' \n')).toEqual({ stdout: 'no credentials server URL\n', code: 1 });
  });
});

describe('runHelper erase', () => {
  it('erases the server and prints nothing', async () => {
    const keychain = memoryKeychain([alice]);
    expect(await run('erase', `${alice.serverUrl}\r\n`, keychain)).toEqual({ stdout: '', code: 0 });
    expect(keychain.items.size).toBe(0);
  });

  it('says not found for an unknown server', async () => {
    expect(await run('erase', 'unknown.example')).toEqual({ stdout: 'credentials not found in native keychain\n', code: 1 });
  });

  it('refuses an empty server URL', async () => {
    expect(await run('erase', '')).toEqual({ stdout: 'no credentials server URL\n', code: 1 });
  });
});

describe('runHelper list, version, usage', () => {
  it('lists {"<url>":"<username>"} and never a secret', async () => {
    const result = await run('list', '', memoryKeychain([alice, { serverUrl: 'https://index.docker.io/v1/', username: 'bob', secret: 'hub' }]));
    expect(result).toEqual({ stdout: '{"nexus.example:8443":"alice","https://index.docker.io/v1/":"bob"}\n', code: 0 });
  });

  it('lists an empty keychain as {}', async () => {
    expect(await run('list', '')).toEqual({ stdout: '{}\n', code: 0 });
  });

  it('prints its version', async () => {
    expect(await run('version', '')).toEqual({ stdout: 'docker-credential-dockside (dockside) 1.2.3\n', code: 0 });
  });

  it('prints the usage for no action or an unknown one', async () => {
    const usage = { stdout: 'Usage: docker-credential-dockside <store|get|erase|list|version>\n', code: 1 };
    expect(await run(undefined, '')).toEqual(usage);
    expect(await run('delete', '')).toEqual(usage);
  });

  it('reads stdin only for store, get and erase', () => {
    expect(['store', 'get', 'erase', 'list', 'version', undefined].map(readsStdin)).toEqual([true, true, true, false, false, false]);
  });
});

describe('runHelper keychain failures', () => {
  it('prints the keychain error on stdout and exits 1, for every action that uses it', async () => {
    const inputs = { store: JSON.stringify({ ServerURL: 'h', Username: 'u', Secret: 'CANARY' }), get: 'h', erase: 'h', list: '' };
    const keychainAction = { store: 'store', get: 'read', erase: 'erase', list: 'list' } as const;
    for (const [action, input] of Object.entries(inputs)) {
      const result = await run(action, input, brokenKeychain);
      expect(result).toEqual({ stdout: `${english(noSecretService(keychainAction[action as keyof typeof keychainAction]))}\n`, code: 1 });
      expect(result.stdout).not.toContain('CANARY');
    }
    // The line as it was before the catalog, byte for byte.
    expect((await run('get', 'h', brokenKeychain)).stdout).toBe(
      `Cannot read the credential for h: no Secret Service (gnome-keyring or KWallet) answers on the session D-Bus (${NO_DBUS}). ` +
        'The kernel keyring would lose the password at reboot, so Dockside refuses to use it. ' +
        "Fix: log in to a desktop session; or, over SSH, start one: `dbus-run-session -- sh -c 'echo -n <login password> | gnome-keyring-daemon --unlock --components=secrets; <command>'`; " +
        'or set another credsStore in ~/.docker/config.json (for example "pass").\n',
    );
  });

  it("words every keychain error in the catalog's English, without loading the catalog", () => {
    const detail = 'the prompt was dismissed';
    const errors = (['read', 'store', 'erase', 'list'] as const).flatMap((action) => {
      const params = { action, serverUrl: action === 'list' ? '' : 'nexus.example:8443', detail };
      return [
        new DocksideError('no-secret-service', `creds.error.no-secret-service.${action}`, params),
        new DocksideError('keychain-locked', `creds.error.keychain-locked.${action}`, params),
        new DocksideError('keychain-failed', `creds.error.keychain-failed.${action}`, params),
      ];
    });
    errors.push(
      new DocksideError('keychain-item-invalid', 'creds.error.keychain-item-invalid', { serverUrl: 'nexus.example:8443', service: 'docker-credential-dockside' }),
      new DocksideError('secret-too-long', 'creds.error.secret-too-long', { serverUrl: 'nexus.example:8443', bytes: 3000, limit: 2560 }),
    );
    for (const error of errors) expect(helperLine(error)).toBe(english(error));
  });
});

describe('readStdin', () => {
  /** An input of `chunks` chunks of 64 KiB, counting how many were pulled: proof reading stopped at the cap. */
  function endless(chunks: number): { stream: AsyncIterable<Buffer>; pulled: () => number } {
    let pulled = 0;
    async function* generate(): AsyncGenerator<Buffer> {
      for (let i = 0; i < chunks; i++) {
        pulled++;
        yield Buffer.alloc(64 * 1024, 'CANARY-');
      }
    }
    return { stream: generate(), pulled: () => pulled };
  }

  it('reads all of an input up to 1 MiB, as UTF-8', async () => {
    expect(MAX_STDIN_BYTES).toBe(1024 * 1024);
    async function* parts(): AsyncGenerator<Buffer | string> {
      yield '{"ServerURL":"h",';
      yield Buffer.from('"Username":"u","Secret":"s€"}');
    }
    expect(await readStdin(parts(), 'store')).toBe('{"ServerURL":"h","Username":"u","Secret":"s€"}');
    const exact = endless(16);
    expect((await readStdin(exact.stream, 'store')).length).toBe(MAX_STDIN_BYTES);
  });

  it('stops past 1 MiB with a clear error that quotes nothing of the input', async () => {
    const input = endless(1_000);
    const error = await rejectionOf(readStdin(input.stream, 'store'));
    expect(error.code).toBe('helper-input-too-large');
    expect(error.message).toBe(
      'docker-credential-dockside store: more than 1 MiB arrived on stdin, so it stopped reading. Docker sends a server URL or a {"ServerURL","Username","Secret"} object of a few KB: check what is piped in. Nothing was stored, read or erased',
    );
    expect(error.message).not.toContain('CANARY');
    expect(input.pulled()).toBe(17);
  });

  it('takes a smaller cap, said in bytes', async () => {
    const error = await rejectionOf(readStdin(endless(2).stream, 'get', 1000));
    expect(error.message).toContain('get: more than 1000 bytes arrived on stdin');
  });
});
