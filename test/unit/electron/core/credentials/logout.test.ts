import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogoutJsonSchema } from '../../../../../shared/credentials';
import { logout } from '../../../../../electron/core/credentials/logout';
import { externalHelper } from '../../../../../electron/core/credentials/helper-client';
import { execProgram } from '../../../../../electron/core/platform/exec';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { rejectionOf } from '../../../dockside-error';
import { credentialDeps, type MemoryKeychain, memoryKeychain, writeFailingHelper, writeFileStoreHelper, configFile } from './fakes';
import { english } from '../../../../harness/english';

/** `logout` over a temp DOCKER_CONFIG, with Dockside's keychain in memory and real helper scripts for the other stores. */

const REG = 'nexus.example:8443';
const OTHER = 'other.example:5000';
const base64 = (text: string): string => Buffer.from(text).toString('base64');

let tmp: TempDir;
let bin: string;
let configPath: string;
let keychain: MemoryKeychain;
beforeEach(() => {
  tmp = makeTempDir('logout');
  bin = tmp.join('bin');
  mkdirSync(bin);
  configPath = tmp.join('docker', 'config.json');
  keychain = memoryKeychain([
    { serverUrl: REG, username: 'alice', secret: 'pw-a' },
    { serverUrl: OTHER, username: 'bob', secret: 'pw-b' },
  ]);
});
afterEach(() => tmp.remove());

const deps = () => credentialDeps(tmp.join('docker'), [bin], keychain);
const config = () => configFile(tmp.join('docker'));

describe('logout', () => {
  it("erases the secret from Dockside's keychain and the registry's auths and credHelpers entries", async () => {
    config().write({ auths: { [REG]: {}, [OTHER]: {} }, credHelpers: { [REG]: 'dockside', [OTHER]: 'dockside' }, currentContext: 'desktop-linux' });
    const result = await logout(REG, deps());
    expect(LogoutJsonSchema.parse(result)).toEqual({ registry: REG, erased: true, store: { helper: 'dockside', source: 'dockside' }, configPath });
    expect([...keychain.items.keys()]).toEqual([OTHER]);
    expect(config().read()).toEqual({ auths: { [OTHER]: {} }, credHelpers: { [OTHER]: 'dockside' }, currentContext: 'desktop-linux' });
  });

  it('drops the credHelpers key when the last entry goes', async () => {
    config().write({ auths: { [REG]: {} }, credHelpers: { [REG]: 'dockside' } });
    await logout(REG, deps());
    expect(config().read()).toEqual({ auths: {} });
  });

  it('erases a plaintext-only entry from config.json, reporting the store as plaintext', async () => {
    config().write({ auths: { [REG]: { auth: base64('alice:pw-a') }, [OTHER]: { auth: base64('bob:pw-b') } } });
    const result = await logout(REG, deps());
    expect(result).toEqual({ registry: REG, erased: true, store: { helper: null, source: 'plaintext' }, configPath });
    expect(config().read()).toEqual({ auths: { [OTHER]: { auth: base64('bob:pw-b') } } });
    // No keychain is named for the registry: Dockside's is not touched.
    expect(keychain.calls).toEqual([]);
    expect(keychain.items.size).toBe(2);
  });

  it('reports erased false, with no store, when nothing was stored', async () => {
    config().write({ auths: { [OTHER]: { auth: base64('bob:pw-b') } } });
    expect(await logout(REG, deps())).toEqual({ registry: REG, erased: false, store: null, configPath });
    expect(config().read()).toEqual({ auths: { [OTHER]: { auth: base64('bob:pw-b') } } });
    expect(keychain.items.size).toBe(2);
  });

  it('reports erased false when config.json does not exist', async () => {
    expect(existsSync(configPath)).toBe(false);
    expect(await logout(REG, deps())).toEqual({ registry: REG, erased: false, store: null, configPath });
  });

  it('reports erased false when the named dockside store holds nothing, and still removes the entries', async () => {
    keychain.items.clear();
    config().write({ auths: { [REG]: {} }, credHelpers: { [REG]: 'dockside' } });
    expect(await logout(REG, deps())).toEqual({ registry: REG, erased: false, store: { helper: 'dockside', source: 'dockside' }, configPath });
    expect(config().read()).toEqual({ auths: {} });
  });

  it("erases from config.json's credsStore helper, keeping the credsStore", async () => {
    writeFileStoreHelper(bin, 'secretservice');
    await externalHelper('secretservice', execProgram, { PATH: bin }).store({ serverUrl: REG, username: 'alice', secret: 'pw-a' });
    config().write({ auths: { [REG]: {} }, credsStore: 'secretservice' });
    const result = await logout(REG, deps());
    expect(result).toEqual({ registry: REG, erased: true, store: { helper: 'secretservice', source: 'credsStore' }, configPath });
    expect(await externalHelper('secretservice', execProgram, { PATH: bin }).get(REG)).toBeNull();
    expect(config().read()).toEqual({ auths: {}, credsStore: 'secretservice' });
    expect(keychain.calls).toEqual([]);
  });

  it('fails with helper-failed and leaves config.json as it was when the named helper fails', async () => {
    writeFailingHelper(bin, 'broken', 'the vault is sealed');
    const before = config().write({ auths: { [REG]: {} }, credHelpers: { [REG]: 'broken' } });
    const error = await rejectionOf(logout(REG, deps()));
    expect(error.code).toBe('helper-failed');
    expect(english(error)).toContain('docker-credential-broken erase failed: the vault is sealed');
    expect(readFileSync(configPath, 'utf8')).toBe(before);
  });
});
