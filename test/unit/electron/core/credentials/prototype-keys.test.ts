import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { plaintextSecretOf, withoutRegistry, withoutSecrets } from '../../../../../electron/core/credentials/config-entries';
import { authEntryOf, credHelperOf, readDockerConfig, writeDockerConfig } from '../../../../../electron/core/credentials/docker-config';
import { listCredentials } from '../../../../../electron/core/credentials/list-credentials';
import { logout } from '../../../../../electron/core/credentials/logout';
import { migrateCredentials } from '../../../../../electron/core/credentials/migrate';
import { secretLocationOf, secretTargetFor } from '../../../../../electron/core/credentials/secret-store';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { rejectionOf } from '../../../dockside-error';
import { credentialDeps, type MemoryKeychain, memoryKeychain, writeHelper } from './fakes';
import { english } from '../../../../harness/english';

/**
 * config.json keys that are also names on Object.prototype: to the docker CLI (Go) `__proto__`
 * and `constructor` are registry names like any other, so to Dockside they are too. The files
 * are written as text: a JavaScript object literal with a `__proto__` key would set a prototype
 * instead of holding the key, which is exactly the mistake under test.
 */

const base64 = (text: string): string => Buffer.from(text).toString('base64');
const AUTH = base64('mallory:pw-proto');

let tmp: TempDir;
let bin: string;
let dir: string;
let keychain: MemoryKeychain;
beforeEach(() => {
  tmp = makeTempDir('prototype-keys');
  bin = tmp.join('bin');
  writeHelper(bin, 'dockside', 'cat > /dev/null\necho "{}"');
  dir = tmp.join('docker');
  mkdirSync(dir);
  keychain = memoryKeychain();
});
afterEach(() => tmp.remove());

const deps = () => credentialDeps(dir, [bin], keychain);
const writeText = (text: string): void => writeFileSync(join(dir, 'config.json'), text);
const readText = (): string => readFileSync(join(dir, 'config.json'), 'utf8');

describe('config.json keys named like Object.prototype members', () => {
  it('reads {"auths":{"__proto__":{"auth":"..."}}} as an entry for the registry "__proto__", never as a prototype', async () => {
    writeText(`{"auths":{"__proto__":{"auth":"${AUTH}"}}}`);
    const { config } = await readDockerConfig(dir);
    expect(Object.getPrototypeOf(config.auths)).toBe(Object.prototype);
    expect(Object.keys(config.auths ?? {})).toEqual(['__proto__']);
    expect(authEntryOf(config, '__proto__')).toEqual({ auth: AUTH });
    expect(plaintextSecretOf(authEntryOf(config, '__proto__'))).toEqual({ username: 'mallory', secret: 'pw-proto' });
    // Not inherited by any other key, nor by a fresh object.
    expect(authEntryOf(config, 'other.example')).toBeUndefined();
    expect(({} as Record<string, unknown>).auth).toBeUndefined();
  });

  it('reads {"credHelpers":{"constructor":"x"}} as the helper "x" for the registry "constructor", and nothing for a registry without a key', async () => {
    writeText('{"credHelpers":{"constructor":"x"}}');
    const { config } = await readDockerConfig(dir);
    expect(credHelperOf(config, 'constructor')).toBe('x');
    expect(secretLocationOf(config, 'constructor', deps())?.store).toEqual({ helper: 'x', source: 'credHelpers' });

    // Without the key, `constructor`, `toString` and `__proto__` are no entries: Object.prototype's members are never read as config.
    for (const registry of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(credHelperOf({ credHelpers: {} }, registry), registry).toBeUndefined();
      expect(authEntryOf({ auths: {} }, registry), registry).toBeUndefined();
      expect(secretLocationOf({ auths: {}, credHelpers: {} }, registry, deps()), registry).toBeNull();
      expect(withoutSecrets({ auths: {} }, registry).removed, registry).toBe(false);
    }
    const target = await secretTargetFor({ credHelpers: {} }, 'constructor', deps());
    expect(target.target.store).toEqual({ helper: 'dockside', source: 'dockside', reason: expect.objectContaining({ code: 'creds.store-reason.no-native' }) });
    expect(target.warnings).toEqual([]);
  });

  it('refuses an entry of the wrong type under "__proto__", which zod alone lets through', async () => {
    writeText('{"auths":{"__proto__":5}}');
    const error = await rejectionOf(readDockerConfig(dir));
    expect(error.code).toBe('invalid-docker-config');
    expect(english(error)).toContain('"auths.__proto__"');
    writeText('{"credHelpers":{"__proto__":7}}');
    expect(english(await rejectionOf(readDockerConfig(dir)))).toContain('"credHelpers.__proto__"');
  });

  it('lists, migrates and logs out of a "__proto__" registry, keeping the key through each write', async () => {
    writeText(`{"auths":{"__proto__":{"auth":"${AUTH}"},"plain.example":{"auth":"${base64('bob:pw-bob')}"}},"credHelpers":{"constructor":"x"}}`);
    const listed = await listCredentials(deps());
    expect(listed.registries).toContainEqual({ registry: '__proto__', username: 'mallory', store: { helper: null, source: 'plaintext' } });
    expect(listed.registries.map((entry) => entry.registry)).toEqual(['__proto__', 'constructor', 'plain.example']);

    const migrated = await migrateCredentials({ dryRun: false }, deps());
    expect(migrated.moved.map((entry) => entry.registry)).toEqual(['__proto__', 'plain.example']);
    expect(keychain.items.get('__proto__')).toEqual({ serverUrl: '__proto__', username: 'mallory', secret: 'pw-proto' });
    const afterMigrate = JSON.parse(readText()) as Record<string, Record<string, unknown>>;
    expect(Object.keys(afterMigrate.auths ?? {})).toEqual(['__proto__', 'plain.example']);
    expect(Object.hasOwn(afterMigrate.credHelpers ?? {}, '__proto__')).toBe(true);
    expect(readText()).not.toContain(AUTH);

    await logout('__proto__', deps());
    expect(keychain.items.has('__proto__')).toBe(false);
    const afterLogout = JSON.parse(readText()) as Record<string, Record<string, unknown>>;
    expect(Object.keys(afterLogout.auths ?? {})).toEqual(['plain.example']);
    expect(afterLogout.credHelpers).toEqual({ constructor: 'x', 'plain.example': 'dockside' });
  });

  it('writes a "__proto__" key the entry functions produced as a key of the file', async () => {
    const file = await readDockerConfig(dir);
    const { config } = withoutSecrets({}, '__proto__');
    await writeDockerConfig(file, { ...config, credHelpers: { ...config.credHelpers, ['__proto__']: 'dockside' } });
    expect(JSON.parse(readText())).toEqual(JSON.parse('{"auths":{"__proto__":{}},"credHelpers":{"__proto__":"dockside"}}'));
    expect(Object.keys(withoutRegistry(JSON.parse(readText()), '__proto__', 'dockside'))).toEqual(['auths']);
  });
});
