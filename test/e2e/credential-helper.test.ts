import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYCHAIN_SERVICE, osKeychain } from '../../electron/core/credentials/keychain';
import { createCleanups } from '../harness/cleanup';
import { type Keyring, startKeyring } from '../harness/keyring';
import { run, type RunResult } from '../harness/run';
import { makeTempDir, uniqueSuffix } from '../harness/tmp';
import { rejectionOf } from '../unit/dockside-error';

// docker-credential-dockside as Docker runs it: the launcher `npm run build` writes to out/bin,
// against gnome-keyring as the Secret Service on a private session bus, and against no Secret
// Service at all. Every item is checked with libsecret's own secret-tool, not with Dockside code.

const HELPER = join(import.meta.dirname, '..', '..', 'out', 'bin', 'docker-credential-dockside');
const suffix = uniqueSuffix();
const SERVER = `nexus-${suffix}.dockside.test:8443`;
/** The secret of every store: searched for in everything the helper prints on stderr. */
const CANARY = `Canary-${suffix}-secret!`;
const NOT_FOUND = 'credentials not found in native keychain\n';

const cleanups = createCleanups();
const stderrs: string[] = [];

async function helper(action: string, input: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  const result = await run(HELPER, [action], { env, input, timeoutMs: 30_000 });
  stderrs.push(result.stderr);
  return result;
}

const storeInput = (server: string, username: string, secret = CANARY): string => JSON.stringify({ ServerURL: server, Username: username, Secret: secret });

/** The kernel keyring entries this user can see: where @napi-rs/keyring would fall back to. */
function kernelKeys(): string {
  return readFileSync('/proc/keys', 'utf8');
}

beforeAll(() => {
  expect(existsSync(HELPER), `${HELPER} is missing: run \`npm run build\` (it writes out/bin after electron-vite build)`).toBe(true);
});

afterAll(() => cleanups.run());

describe('with a Secret Service', () => {
  let keyring: Keyring;
  let env: NodeJS.ProcessEnv;
  const secretTool = (...args: string[]) => run('secret-tool', args, { env });

  beforeAll(async () => {
    keyring = cleanups.track(await startKeyring());
    env = { ...process.env, ...keyring.env };
  });

  it('stores, gets, lists and erases a credential', async () => {
    expect(await helper('store', storeInput(SERVER, 'alice'), env)).toMatchObject({ code: 0, stdout: '' });

    expect(await helper('get', `${SERVER}\n`, env)).toMatchObject({ code: 0, stdout: `${JSON.stringify({ ServerURL: SERVER, Username: 'alice', Secret: CANARY })}\n` });
    const listed = await helper('list', '', env);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual({ [SERVER]: 'alice' });

    expect(await helper('erase', SERVER, env)).toMatchObject({ code: 0, stdout: '' });
    expect(await helper('get', SERVER, env)).toMatchObject({ code: 1, stdout: NOT_FOUND });
    expect(await helper('erase', SERVER, env)).toMatchObject({ code: 1, stdout: NOT_FOUND });
    expect(await helper('list', '', env)).toMatchObject({ code: 0, stdout: '{}\n' });
  });

  it('writes one Secret Service item per server: attributes service and username (= the server URL), password {"Username","Secret"}', async () => {
    await helper('store', storeInput(SERVER, 'alice'), env);
    const lookup = await secretTool('lookup', 'service', KEYCHAIN_SERVICE, 'username', SERVER);
    expect(lookup).toMatchObject({ code: 0, stdout: JSON.stringify({ Username: 'alice', Secret: CANARY }) });

    // secret-tool prints the item on stdout and its attributes on stderr.
    const search = await secretTool('search', '--all', 'service', KEYCHAIN_SERVICE);
    expect(search.stdout).toContain(`label = keyring:${SERVER}@${KEYCHAIN_SERVICE}`);
    expect(search.stderr.trim().split('\n').sort()).toEqual([`attribute.service = ${KEYCHAIN_SERVICE}`, `attribute.username = ${SERVER}`]);

    await helper('erase', SERVER, env);
    expect((await secretTool('lookup', 'service', KEYCHAIN_SERVICE, 'username', SERVER)).code).not.toBe(0);
  });

  it('keeps host:port and https://host:port apart, as Docker matches the server URL exactly', async () => {
    await helper('store', storeInput(SERVER, 'alice'), env);
    await helper('store', storeInput(`https://${SERVER}`, 'bob'), env);
    expect(JSON.parse((await helper('list', '', env)).stdout)).toEqual({ [SERVER]: 'alice', [`https://${SERVER}`]: 'bob' });
    expect(JSON.parse((await helper('get', `https://${SERVER}`, env)).stdout)).toMatchObject({ Username: 'bob' });
    await helper('erase', SERVER, env);
    await helper('erase', `https://${SERVER}`, env);
  });

  it('prints exactly "credentials not found in native keychain" for an unknown server, exit 1', async () => {
    const result = await helper('get', `unknown-${suffix}.dockside.test`, env);
    expect(result).toMatchObject({ code: 1, stdout: NOT_FOUND });
  });

  it('stops reading stdin past 1 MiB: exit 1 with a clear error on stdout quoting none of it, nothing stored', async () => {
    // A store whose Secret goes on for 2 MiB: the helper must not buffer it, nor store a part.
    const huge = JSON.stringify({ ServerURL: SERVER, Username: 'alice', Secret: `${CANARY}${'x'.repeat(2 * 1024 * 1024)}` });
    const result = await helper('store', huge, env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      'docker-credential-dockside store: more than 1 MiB arrived on stdin, so it stopped reading. Docker sends a server URL or a {"ServerURL","Username","Secret"} object of a few KB: check what is piped in. Nothing was stored, read or erased\n',
    );
    expect(result.stderr).not.toContain(CANARY);
    expect((await secretTool('lookup', 'service', KEYCHAIN_SERVICE, 'username', SERVER)).code).not.toBe(0);
    // Exactly 1 MiB is still read whole: a get of the server URL padded with blanks (trimmed, as Go's helpers trim it).
    const padded = `${SERVER}${' '.repeat(1024 * 1024 - SERVER.length)}`;
    expect(Buffer.byteLength(padded)).toBe(1024 * 1024);
    expect(await helper('get', padded, env)).toMatchObject({ code: 1, stdout: NOT_FOUND });
  });

  it('prints its version', async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(await helper('version', '', env)).toMatchObject({ code: 0, stdout: `docker-credential-dockside (dockside) ${version}\n` });
  });

  it("refuses, on Windows, a credential over Credential Manager's 2,560 bytes before touching the store", async () => {
    // osKeychain runs in this process: point it at the test keyring, so that a check that let the
    // store through could only write there, where the test looks.
    const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
    process.env.DBUS_SESSION_BUS_ADDRESS = keyring.env.DBUS_SESSION_BUS_ADDRESS;
    try {
      const error = await rejectionOf(osKeychain('win32').store({ serverUrl: SERVER, username: 'alice', secret: 'x'.repeat(1_260) }));
      expect(error.code).toBe('secret-too-long');
      expect(error.message).not.toContain('xxxx');
    } finally {
      process.env.DBUS_SESSION_BUS_ADDRESS = saved;
      if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    }
    expect((await secretTool('search', '--all', 'service', KEYCHAIN_SERVICE)).stdout).toBe('');
  });

  it('says the keychain is locked when its collection is', async () => {
    await helper('store', storeInput(SERVER, 'alice'), env);
    const lock = await run(
      'dbus-send',
      ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', 'array:objpath:/org/freedesktop/secrets/collection/login'],
      { env },
    );
    expect(lock.code).toBe(0);
    for (const [action, input] of [['get', SERVER], ['list', ''], ['store', storeInput(SERVER, 'alice')]] as const) {
      const result = await helper(action, input, env);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('the keychain is locked');
      expect(result.stdout).not.toContain(CANARY);
    }
  });
});

describe('without a Secret Service', () => {
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    const dir = makeTempDir('no-secret-service');
    cleanups.add(() => dir.remove());
    env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${dir.join('no-bus')}` };
  });

  it('refuses to store, says why and how to fix it, and leaves nothing in the kernel keyring', async () => {
    const result = await helper('store', storeInput(SERVER, 'alice'), env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('no Secret Service (gnome-keyring or KWallet) answers on the session D-Bus');
    expect(result.stdout).toContain('dbus-run-session -- sh -c');
    expect(result.stdout).not.toContain(CANARY);
    // /proc/keys lists every key this user may view, so no keyctl binary is needed to look.
    expect(kernelKeys()).not.toContain(KEYCHAIN_SERVICE);
  });

  it('fails get and list the same way (Docker then shows the fix), never "not found"', async () => {
    for (const [action, input] of [['get', SERVER], ['list', ''], ['erase', SERVER]] as const) {
      const result = await helper(action, input, env);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('no Secret Service');
    }
  });
});

// Last: every run above has been recorded.
it('never printed the secret on stderr, in any of the runs above', () => {
  expect(stderrs.length).toBeGreaterThan(20);
  for (const stderr of stderrs) expect(stderr).not.toContain(CANARY);
});
