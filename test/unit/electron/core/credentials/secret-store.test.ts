import { mkdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DockerConfig } from '../../../../../electron/core/credentials/docker-config';
import { DOCKSIDE_HELPER, secretLocationOf, secretTargetFor } from '../../../../../electron/core/credentials/secret-store';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { rejectionOf } from '../../../dockside-error';
import { credentialDeps, type MemoryKeychain, memoryKeychain, writeFailingHelper, writeHelper } from './fakes';
import { english } from '../../../../harness/english';

/**
 * Where a login puts a registry's secret, decided from config.json and the helpers on PATH:
 * here PATH holds stub helpers in temp dirs (each answers `list` with its own name, so a test
 * can tell which one a returned Keychain talks to) and Dockside's store is in memory.
 */

const REG = 'nexus.example:8443';

let tmp: TempDir;
let docksideDir: string;
let secretserviceDir: string;
let keychain: MemoryKeychain;
beforeEach(() => {
  tmp = makeTempDir('secret-store');
  docksideDir = tmp.join('dockside-bin');
  secretserviceDir = tmp.join('secretservice-bin');
  mkdirSync(tmp.join('empty'));
  for (const [dir, name] of [
    [docksideDir, 'dockside'],
    [secretserviceDir, 'secretservice'],
  ] as const) {
    writeHelper(dir, name, `cat > /dev/null\necho '{"listed-by":"${name}"}'`);
  }
  keychain = memoryKeychain();
});
afterEach(() => tmp.remove());

/** Deps whose PATH holds the dockside stub, the secretservice stub, both or neither; `env` adds to their environment. */
const depsWith = (helpers: Array<'dockside' | 'secretservice'>, env: NodeJS.ProcessEnv = {}) => {
  const deps = credentialDeps(tmp.join('docker'), [tmp.join('empty'), ...helpers.map((h) => (h === 'dockside' ? docksideDir : secretserviceDir))], keychain, tmp.join('helper-dir'));
  return { ...deps, env: { ...deps.env, ...env }, platform: 'linux' as const };
};
/** The same, asking for Dockside's own store: what secretTargetFor picked before native helpers came first. */
const optedOut = (...helpers: Array<'dockside' | 'secretservice'>) => depsWith(helpers, { DOCKSIDE_CREDENTIAL_STORE: 'dockside' });

/** Which helper answers the Keychain's list(): proof the target talks to that helper. */
const listedBy = async (target: { keychain: { list(): Promise<Array<{ serverUrl: string; username: string }>> } }): Promise<string | undefined> =>
  (await target.keychain.list()).find((item) => item.serverUrl === 'listed-by')?.username;

const reasonOf = (store: { reason?: Parameters<typeof english>[0] }): string => (store.reason ? english(store.reason) : '');

describe('secretTargetFor', () => {
  it('uses the helper credHelpers names for the registry when it is installed (a native one counts as native)', async () => {
    const { target, warnings } = await secretTargetFor({ credHelpers: { [REG]: 'secretservice' }, credsStore: 'dockside' }, REG, depsWith(['dockside', 'secretservice']));
    expect(target.store).toMatchObject({ helper: 'secretservice', source: 'native' });
    expect(reasonOf(target.store)).toBe(`config.json's credHelpers names docker-credential-secretservice for ${REG}, and it is installed`);
    expect(target.keychain).not.toBe(keychain);
    expect(await listedBy(target)).toBe('secretservice');
    expect(warnings).toEqual([]);
  });

  it("keeps source credHelpers for a named helper that is not one of the platform's own", async () => {
    writeHelper(secretserviceDir, 'ecr-login', `cat > /dev/null\necho '{"listed-by":"ecr-login"}'`);
    const { target } = await secretTargetFor({ credHelpers: { [REG]: 'ecr-login' } }, REG, depsWith(['dockside', 'secretservice']));
    expect(target.store).toMatchObject({ helper: 'ecr-login', source: 'credHelpers' });
    expect(await listedBy(target)).toBe('ecr-login');
  });

  it("uses Dockside's own store when credHelpers already names dockside, even with a native helper that works", async () => {
    const { target, warnings } = await secretTargetFor({ credHelpers: { [REG]: DOCKSIDE_HELPER }, credsStore: 'secretservice' }, REG, depsWith(['dockside', 'secretservice']));
    expect(target.store).toMatchObject({ helper: 'dockside', source: 'dockside' });
    expect(reasonOf(target.store)).toBe(`config.json's credHelpers already names docker-credential-dockside for ${REG}`);
    expect(target.keychain).toBe(keychain);
    expect(warnings).toEqual([]);
  });

  it('warns and uses a store that works when credHelpers names a helper that is not installed (even with an installed credsStore)', async () => {
    const { target, warnings } = await secretTargetFor({ credHelpers: { [REG]: 'osxkeychain' }, credsStore: 'secretservice' }, REG, optedOut('dockside', 'secretservice'));
    expect(target.store).toMatchObject({ helper: 'dockside', source: 'dockside' });
    expect(target.keychain).toBe(keychain);
    expect(warnings).toHaveLength(1);
    expect(english(warnings[0]!)).toContain(`docker-credential-osxkeychain for ${REG}, but it is not installed`);
  });

  it('uses the credsStore helper when it is installed and credHelpers says nothing for the registry', async () => {
    const config: DockerConfig = { credsStore: 'secretservice', credHelpers: { 'other.example': 'dockside' } };
    const { target, warnings } = await secretTargetFor(config, REG, depsWith(['dockside', 'secretservice']));
    expect(target.store).toMatchObject({ helper: 'secretservice', source: 'credsStore' });
    expect(reasonOf(target.store)).toBe("config.json's credsStore names docker-credential-secretservice, and it is installed");
    expect(await listedBy(target)).toBe('secretservice');
    expect(warnings).toEqual([]);
  });

  it('warns and uses dockside when the credsStore helper is not installed', async () => {
    const { target, warnings } = await secretTargetFor({ credsStore: 'secretservice' }, REG, depsWith(['dockside']));
    expect(target.store).toMatchObject({ helper: 'dockside', source: 'dockside' });
    expect(target.keychain).toBe(keychain);
    expect(warnings).toHaveLength(1);
    expect(english(warnings[0]!)).toContain('credsStore names docker-credential-secretservice, but it is not installed');
    expect(english(warnings[0]!)).toContain(REG);
  });

  it.each<[string, DockerConfig]>([
    ['an empty config', {}],
    ['an empty credsStore', { credsStore: '' }],
    ['plaintext auths only', { auths: { [REG]: { auth: 'YWxpY2U6cHc=' } } }],
  ])('uses the native helper whose list works, without a warning, for %s', async (_case, config) => {
    const { target, warnings } = await secretTargetFor(config, REG, depsWith(['dockside', 'secretservice']));
    expect(target.store).toEqual({ helper: 'secretservice', source: 'native', reason: { code: 'creds.store-reason.native', params: { program: 'docker-credential-secretservice' } } });
    expect(reasonOf(target.store)).toBe('docker-credential-secretservice is on PATH and answers (its `list` works)');
    expect(await listedBy(target)).toBe('secretservice');
    expect(warnings).toEqual([]);
  });

  it.each<[string, DockerConfig]>([
    ['an empty config', {}],
    ['an empty credsStore', { credsStore: '' }],
    ['plaintext auths only', { auths: { [REG]: { auth: 'YWxpY2U6cHc=' } } }],
  ])('uses dockside, without a warning, for %s when DOCKSIDE_CREDENTIAL_STORE=dockside', async (_case, config) => {
    const { target, warnings } = await secretTargetFor(config, REG, optedOut('dockside', 'secretservice'));
    expect(target).toEqual({ store: { helper: 'dockside', source: 'dockside', reason: expect.anything() }, keychain });
    expect(reasonOf(target.store)).toBe("DOCKSIDE_CREDENTIAL_STORE=dockside asks for Dockside's own store");
    expect(warnings).toEqual([]);
  });

  it('treats DOCKSIDE_CREDENTIAL_STORE=auto (and empty) as unset', async () => {
    for (const value of ['auto', '']) {
      const { target } = await secretTargetFor({}, REG, depsWith(['dockside', 'secretservice'], { DOCKSIDE_CREDENTIAL_STORE: value }));
      expect(target.store.source).toBe('native');
    }
  });

  it('refuses another DOCKSIDE_CREDENTIAL_STORE value with a coded error listing the accepted ones, before asking any store', async () => {
    const error = await rejectionOf(secretTargetFor({}, REG, depsWith(['dockside', 'secretservice'], { DOCKSIDE_CREDENTIAL_STORE: 'keychain' })));
    expect(error.code).toBe('invalid-credential-store');
    expect(english(error)).toContain('DOCKSIDE_CREDENTIAL_STORE is "keychain"');
    expect(english(error)).toContain('Accepted values: auto, dockside');
    expect(keychain.calls).toEqual([]);
  });

  it("falls back to Dockside's store when the native helper's list fails, and quotes its answer", async () => {
    writeFailingHelper(secretserviceDir, 'secretservice', 'Cannot autolaunch D-Bus without X11 $DISPLAY');
    const { target, warnings } = await secretTargetFor({}, REG, depsWith(['dockside', 'secretservice']));
    expect(target.store).toMatchObject({ helper: 'dockside', source: 'dockside' });
    expect(target.keychain).toBe(keychain);
    expect(reasonOf(target.store)).toBe('no native credential helper works: `docker-credential-secretservice list` failed: Cannot autolaunch D-Bus without X11 $DISPLAY (exit 3)');
    expect(warnings).toEqual([]);
  });

  it('takes the next native helper when the first one fails (pass before `pass init`)', async () => {
    writeFailingHelper(secretserviceDir, 'secretservice', 'no Secret Service');
    writeHelper(secretserviceDir, 'pass', `cat > /dev/null\necho '{"listed-by":"pass"}'`);
    const { target } = await secretTargetFor({}, REG, depsWith(['dockside', 'secretservice']));
    expect(target.store).toMatchObject({ helper: 'pass', source: 'native' });
    expect(await listedBy(target)).toBe('pass');
    writeFailingHelper(secretserviceDir, 'pass', 'pass store is uninitialized');
    const fallback = await secretTargetFor({}, REG, depsWith(['dockside', 'secretservice']));
    expect(fallback.target.store.source).toBe('dockside');
    // The first failure is the reason.
    expect(reasonOf(fallback.target.store)).toContain('`docker-credential-secretservice list` failed: no Secret Service');
  });

  it('does not wait for a native helper whose list hangs', async () => {
    writeHelper(secretserviceDir, 'secretservice', 'exec sleep 30');
    const started = Date.now();
    const { target } = await secretTargetFor({}, REG, depsWith(['dockside', 'secretservice']));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(target.store.source).toBe('dockside');
    expect(reasonOf(target.store)).toBe('no native credential helper works: `docker-credential-secretservice list` gave no answer within 4 s');
  }, 15_000);

  it('says which native helpers it looked for when none is on PATH', async () => {
    const { target } = await secretTargetFor({}, REG, depsWith(['dockside']));
    expect(target.store.source).toBe('dockside');
    expect(reasonOf(target.store)).toBe('no native credential helper is on PATH (looked for docker-credential-secretservice, docker-credential-pass, docker-credential-desktop)');
  });

  it("tries the platform's own helpers only: osxkeychain on macOS, not secretservice", async () => {
    const mac = { ...depsWith(['dockside', 'secretservice']), platform: 'darwin' as const };
    const { target } = await secretTargetFor({}, REG, mac);
    expect(target.store.source).toBe('dockside');
    expect(reasonOf(target.store)).toContain('looked for docker-credential-osxkeychain, docker-credential-desktop');
    writeHelper(secretserviceDir, 'osxkeychain', `cat > /dev/null\necho '{"listed-by":"osxkeychain"}'`);
    expect((await secretTargetFor({}, REG, mac)).target.store).toMatchObject({ helper: 'osxkeychain', source: 'native' });
  });

  it.each<[string, DockerConfig]>([
    ['nothing is configured', {}],
    ['credHelpers names dockside', { credHelpers: { [REG]: 'dockside' } }],
    ['credHelpers names a missing helper', { credHelpers: { [REG]: 'osxkeychain' } }],
    ['the credsStore is missing', { credsStore: 'osxkeychain' }],
  ])('refuses with helper-not-on-path when dockside would be used but is not on PATH (%s)', async (_case, config) => {
    const error = await rejectionOf(secretTargetFor(config, REG, optedOut('secretservice')));
    expect(error.code).toBe('helper-not-on-path');
    expect(english(error)).toContain(tmp.join('helper-dir'));
    expect(english(error)).toContain(`export PATH="${tmp.join('helper-dir')}:$PATH"`);
    expect(english(error)).toContain('Nothing was changed');
    expect(english(error)).toContain(REG);
    expect(keychain.calls).toEqual([]);
  });

  it('still names the fix when the helper dir of the installation is unknown', async () => {
    const error = await rejectionOf(secretTargetFor({}, REG, { ...depsWith([]), helperDir: null }));
    expect(error.code).toBe('helper-not-on-path');
    expect(english(error)).toContain('Nothing was changed');
    expect(english(error)).toContain('Put docker-credential-dockside (shipped with Dockside) in a directory on PATH');
  });

  it('needs no dockside on PATH when an installed helper of config.json, or a native one, takes the secret', async () => {
    await expect(secretTargetFor({ credsStore: 'secretservice' }, REG, depsWith(['secretservice']))).resolves.toMatchObject({ target: { store: { source: 'credsStore' } } });
    await expect(secretTargetFor({ credHelpers: { [REG]: 'secretservice' } }, REG, depsWith(['secretservice']))).resolves.toMatchObject({ target: { store: { source: 'native' } } });
    await expect(secretTargetFor({}, REG, depsWith(['secretservice']))).resolves.toMatchObject({ target: { store: { source: 'native' } } });
  });
});

describe('secretLocationOf', () => {
  // Only names what config.json says: PATH is not looked at (a missing helper is found out when it is asked).
  it('is the dockside store when credHelpers names dockside', () => {
    expect(secretLocationOf({ credHelpers: { [REG]: 'dockside' }, credsStore: 'secretservice' }, REG, depsWith([]))).toEqual({ store: { helper: 'dockside', source: 'dockside' }, keychain });
  });

  it('is the named helper when credHelpers names another one, even over a credsStore', async () => {
    const location = secretLocationOf({ credHelpers: { [REG]: 'secretservice' }, credsStore: 'pass' }, REG, depsWith(['secretservice']));
    expect(location?.store).toEqual({ helper: 'secretservice', source: 'native' });
    expect(location && (await listedBy(location))).toBe('secretservice');
  });

  it('is the credsStore helper when credHelpers says nothing for the registry', async () => {
    const location = secretLocationOf({ credHelpers: { 'other.example': 'dockside' }, credsStore: 'secretservice' }, REG, depsWith(['secretservice']));
    expect(location?.store).toEqual({ helper: 'secretservice', source: 'credsStore' });
    expect(location && (await listedBy(location))).toBe('secretservice');
  });

  it.each<[string, DockerConfig]>([
    ['an empty config', {}],
    ['plaintext auths', { auths: { [REG]: { auth: 'YWxpY2U6cHc=' } } }],
    ['an empty credsStore', { credsStore: '' }],
    ['credHelpers for other registries only', { credHelpers: { 'other.example': 'dockside' } }],
  ])('is null (config.json itself) for %s', (_case, config) => {
    expect(secretLocationOf(config, REG, depsWith(['dockside', 'secretservice']))).toBeNull();
  });
});
