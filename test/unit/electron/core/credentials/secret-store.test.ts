import { mkdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DockerConfig } from '../../../../../electron/core/credentials/docker-config';
import { DOCKSIDE_HELPER, secretLocationOf, secretTargetFor } from '../../../../../electron/core/credentials/secret-store';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { rejectionOf } from '../../../dockside-error';
import { credentialDeps, type MemoryKeychain, memoryKeychain, writeHelper } from './fakes';
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

/** Deps whose PATH holds the dockside stub, the secretservice stub, both or neither. */
const depsWith = (...helpers: Array<'dockside' | 'secretservice'>) =>
  credentialDeps(tmp.join('docker'), [tmp.join('empty'), ...helpers.map((h) => (h === 'dockside' ? docksideDir : secretserviceDir))], keychain, tmp.join('helper-dir'));

/** Which helper answers the Keychain's list(): proof the target talks to that helper. */
const listedBy = async (target: { keychain: { list(): Promise<Array<{ serverUrl: string; username: string }>> } }): Promise<string | undefined> =>
  (await target.keychain.list()).find((item) => item.serverUrl === 'listed-by')?.username;

describe('secretTargetFor', () => {
  it('uses the helper credHelpers names for the registry when it is installed', async () => {
    const { target, warnings } = await secretTargetFor({ credHelpers: { [REG]: 'secretservice' }, credsStore: 'dockside' }, REG, depsWith('dockside', 'secretservice'));
    expect(target.store).toEqual({ helper: 'secretservice', source: 'credHelpers' });
    expect(target.keychain).not.toBe(keychain);
    expect(await listedBy(target)).toBe('secretservice');
    expect(warnings).toEqual([]);
  });

  it("uses Dockside's own store when credHelpers already names dockside", async () => {
    const { target, warnings } = await secretTargetFor({ credHelpers: { [REG]: DOCKSIDE_HELPER }, credsStore: 'secretservice' }, REG, depsWith('dockside', 'secretservice'));
    expect(target.store).toEqual({ helper: 'dockside', source: 'dockside' });
    expect(target.keychain).toBe(keychain);
    expect(warnings).toEqual([]);
  });

  it('warns and uses dockside when credHelpers names a helper that is not installed (even with an installed credsStore)', async () => {
    const { target, warnings } = await secretTargetFor({ credHelpers: { [REG]: 'osxkeychain' }, credsStore: 'secretservice' }, REG, depsWith('dockside', 'secretservice'));
    expect(target.store).toEqual({ helper: 'dockside', source: 'dockside' });
    expect(target.keychain).toBe(keychain);
    expect(warnings).toHaveLength(1);
    expect(english(warnings[0]!)).toContain(`docker-credential-osxkeychain for ${REG}, but it is not installed`);
  });

  it('uses the credsStore helper when it is installed and credHelpers says nothing for the registry', async () => {
    const config: DockerConfig = { credsStore: 'secretservice', credHelpers: { 'other.example': 'dockside' } };
    const { target, warnings } = await secretTargetFor(config, REG, depsWith('dockside', 'secretservice'));
    expect(target.store).toEqual({ helper: 'secretservice', source: 'credsStore' });
    expect(await listedBy(target)).toBe('secretservice');
    expect(warnings).toEqual([]);
  });

  it('warns and uses dockside when the credsStore helper is not installed', async () => {
    const { target, warnings } = await secretTargetFor({ credsStore: 'secretservice' }, REG, depsWith('dockside'));
    expect(target.store).toEqual({ helper: 'dockside', source: 'dockside' });
    expect(target.keychain).toBe(keychain);
    expect(warnings).toHaveLength(1);
    expect(english(warnings[0]!)).toContain('credsStore names docker-credential-secretservice, but it is not installed');
    expect(english(warnings[0]!)).toContain(REG);
  });

  it.each<[string, DockerConfig]>([
    ['an empty config', {}],
    ['an empty credsStore', { credsStore: '' }],
    ['plaintext auths only', { auths: { [REG]: { auth: 'YWxpY2U6cHc=' } } }],
  ])('uses dockside, without a warning, for %s', async (_case, config) => {
    const { target, warnings } = await secretTargetFor(config, REG, depsWith('dockside', 'secretservice'));
    expect(target).toEqual({ store: { helper: 'dockside', source: 'dockside' }, keychain });
    expect(warnings).toEqual([]);
  });

  it.each<[string, DockerConfig]>([
    ['nothing is configured', {}],
    ['credHelpers names dockside', { credHelpers: { [REG]: 'dockside' } }],
    ['credHelpers names a missing helper', { credHelpers: { [REG]: 'osxkeychain' } }],
    ['the credsStore is missing', { credsStore: 'osxkeychain' }],
  ])('refuses with helper-not-on-path when dockside would be used but is not on PATH (%s)', async (_case, config) => {
    const error = await rejectionOf(secretTargetFor(config, REG, depsWith('secretservice')));
    expect(error.code).toBe('helper-not-on-path');
    expect(english(error)).toContain(tmp.join('helper-dir'));
    expect(english(error)).toContain(`export PATH="${tmp.join('helper-dir')}:$PATH"`);
    expect(english(error)).toContain('Nothing was changed');
    expect(english(error)).toContain(REG);
    expect(keychain.calls).toEqual([]);
  });

  it('still names the fix when the helper dir of the installation is unknown', async () => {
    const error = await rejectionOf(secretTargetFor({}, REG, { ...depsWith(), helperDir: null }));
    expect(error.code).toBe('helper-not-on-path');
    expect(english(error)).toContain('Nothing was changed');
    expect(english(error)).toContain('Put docker-credential-dockside (shipped with Dockside) in a directory on PATH');
  });

  it('needs no dockside on PATH when an installed helper of config.json takes the secret', async () => {
    await expect(secretTargetFor({ credsStore: 'secretservice' }, REG, depsWith('secretservice'))).resolves.toMatchObject({ target: { store: { source: 'credsStore' } } });
    await expect(secretTargetFor({ credHelpers: { [REG]: 'secretservice' } }, REG, depsWith('secretservice'))).resolves.toMatchObject({ target: { store: { source: 'credHelpers' } } });
  });
});

describe('secretLocationOf', () => {
  // Only names what config.json says: PATH is not looked at (a missing helper is found out when it is asked).
  it('is the dockside store when credHelpers names dockside', () => {
    expect(secretLocationOf({ credHelpers: { [REG]: 'dockside' }, credsStore: 'secretservice' }, REG, depsWith())).toEqual({ store: { helper: 'dockside', source: 'dockside' }, keychain });
  });

  it('is the named helper when credHelpers names another one, even over a credsStore', async () => {
    const location = secretLocationOf({ credHelpers: { [REG]: 'secretservice' }, credsStore: 'pass' }, REG, depsWith('secretservice'));
    expect(location?.store).toEqual({ helper: 'secretservice', source: 'credHelpers' });
    expect(location && (await listedBy(location))).toBe('secretservice');
  });

  it('is the credsStore helper when credHelpers says nothing for the registry', async () => {
    const location = secretLocationOf({ credHelpers: { 'other.example': 'dockside' }, credsStore: 'secretservice' }, REG, depsWith('secretservice'));
    expect(location?.store).toEqual({ helper: 'secretservice', source: 'credsStore' });
    expect(location && (await listedBy(location))).toBe('secretservice');
  });

  it.each<[string, DockerConfig]>([
    ['an empty config', {}],
    ['plaintext auths', { auths: { [REG]: { auth: 'YWxpY2U6cHc=' } } }],
    ['an empty credsStore', { credsStore: '' }],
    ['credHelpers for other registries only', { credHelpers: { 'other.example': 'dockside' } }],
  ])('is null (config.json itself) for %s', (_case, config) => {
    expect(secretLocationOf(config, REG, depsWith('dockside', 'secretservice'))).toBeNull();
  });
});
