import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredsMigrateJsonSchema } from '../../../../../shared/credentials';
import { migrateCredentials } from '../../../../../electron/core/credentials/migrate';
import { DocksideError } from '../../../../../electron/core/errors';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { rejectionOf } from '../../../dockside-error';
import { credentialDeps, type MemoryKeychain, memoryKeychain, writeFileStoreHelper, writeHelper, configFile } from './fakes';
import { english } from '../../../../harness/english';

/** `creds migrate` over a temp DOCKER_CONFIG, with Dockside's keychain in memory and a stub docker-credential-dockside on PATH. */

const base64 = (text: string): string => Buffer.from(text).toString('base64');
const DOCKSIDE = { helper: 'dockside', source: 'dockside', reason: expect.objectContaining({ code: 'creds.store-reason.no-native' }) };

const A = 'reg-a.example';
const B = 'reg-b.example:5000';
const C = 'reg-c.example';
const TOKEN = 'token.example';
const BAD = 'bad.example';
const SECRETS = { [A]: 'pw-a', [B]: 'pw-b', [C]: 'pw:with:colons', [TOKEN]: 'id-token-xyz' };
const MALFORMED = 'not base64!!';

/** Three plaintext `auth`s, an identity token, a malformed auth, and keys of other tools. */
const plaintextConfig = {
  auths: {
    [A]: { auth: base64(`alice:${SECRETS[A]}`) },
    [B]: { auth: base64(`bob:${SECRETS[B]}`), email: 'bob@example.com' },
    [C]: { auth: base64(`carol:${SECRETS[C]}`) },
    [TOKEN]: { identitytoken: SECRETS[TOKEN] },
    [BAD]: { auth: MALFORMED },
  },
  credHelpers: { 'gcr.io': 'gcloud' },
  currentContext: 'desktop-linux',
};

let tmp: TempDir;
let bin: string;
let configPath: string;
let keychain: MemoryKeychain;
beforeEach(() => {
  tmp = makeTempDir('migrate');
  bin = tmp.join('bin');
  writeHelper(bin, 'dockside', 'cat > /dev/null\necho "{}"');
  configPath = tmp.join('docker', 'config.json');
  keychain = memoryKeychain();
});
afterEach(() => tmp.remove());

const deps = (pathDirs = [bin]) => credentialDeps(tmp.join('docker'), pathDirs, keychain, tmp.join('helper-dir'));
const config = () => configFile(tmp.join('docker'));
const secretsIn = (text: string): string[] =>
  [...Object.values(SECRETS), ...Object.values(plaintextConfig.auths).flatMap((entry) => ('auth' in entry && entry.auth !== MALFORMED ? [entry.auth] : []))].filter((secret) =>
    text.includes(secret),
  );

const MOVED = [
  { registry: A, username: 'alice', store: DOCKSIDE },
  { registry: B, username: 'bob', store: DOCKSIDE },
  { registry: C, username: 'carol', store: DOCKSIDE },
  { registry: TOKEN, username: '<token>', store: DOCKSIDE },
];

describe('migrateCredentials', () => {
  it('on a dry run lists every valid entry but stores and writes nothing', async () => {
    const before = config().write(plaintextConfig);
    const result = await migrateCredentials({ dryRun: true }, deps());
    expect(CredsMigrateJsonSchema.parse(result)).toEqual({ configPath, dryRun: true, moved: MOVED, warnings: [{ code: 'creds.warning.auth-malformed', params: { registry: BAD } }] });
    expect(keychain.items.size).toBe(0);
    expect(keychain.calls).toEqual([]);
    expect(readFileSync(configPath, 'utf8')).toBe(before);
  });

  it('moves every secret into the keychain, leaves none in config.json and points it at dockside', async () => {
    config().write(plaintextConfig);
    const result = await migrateCredentials({ dryRun: false }, deps());

    expect(CredsMigrateJsonSchema.parse(result)).toEqual({ configPath, dryRun: false, moved: MOVED, warnings: [{ code: 'creds.warning.auth-malformed', params: { registry: BAD } }] });
    expect(english(result.warnings[0]!)).toContain('not base64 "user:password"; it is left as it is');
    expect([...keychain.items.values()]).toEqual([
      { serverUrl: A, username: 'alice', secret: SECRETS[A] },
      { serverUrl: B, username: 'bob', secret: SECRETS[B] },
      { serverUrl: C, username: 'carol', secret: SECRETS[C] },
      { serverUrl: TOKEN, username: '<token>', secret: SECRETS[TOKEN] },
    ]);
    expect(config().read()).toEqual({
      auths: { [A]: {}, [B]: { email: 'bob@example.com' }, [C]: {}, [TOKEN]: {}, [BAD]: { auth: MALFORMED } },
      credHelpers: { 'gcr.io': 'gcloud', [A]: 'dockside', [B]: 'dockside', [C]: 'dockside', [TOKEN]: 'dockside' },
      currentContext: 'desktop-linux',
    });
    expect(secretsIn(readFileSync(configPath, 'utf8'))).toEqual([]);
  });

  it('has nothing to move, and writes nothing, when there is no config.json', async () => {
    await expect(migrateCredentials({ dryRun: false }, deps())).resolves.toEqual({ configPath, dryRun: false, moved: [], warnings: [] });
    expect(existsSync(configPath)).toBe(false);
  });

  it('on a store failure keeps what already moved out of the file, leaves the rest, and says which moved', async () => {
    config().write(plaintextConfig);
    const store = keychain.store.bind(keychain);
    let stores = 0;
    keychain.store = async (credential) => {
      stores += 1;
      if (stores === 2) throw new DocksideError('keychain-locked', 'creds.error.keychain-locked.store', { action: 'store', serverUrl: B, detail: 'IsLocked' });
      await store(credential);
    };

    const error = await rejectionOf(migrateCredentials({ dryRun: false }, deps()));

    expect(error.code).toBe('keychain-locked');
    expect(english(error)).toContain('the keychain is locked');
    expect(english(error)).toContain(`(Moved before this: ${A}; the rest stays in ${configPath}`);
    expect([...keychain.items.keys()]).toEqual([A]);
    expect(config().read()).toEqual({
      auths: {
        [A]: {},
        [B]: plaintextConfig.auths[B],
        [C]: plaintextConfig.auths[C],
        [TOKEN]: plaintextConfig.auths[TOKEN],
        [BAD]: plaintextConfig.auths[BAD],
      },
      credHelpers: { 'gcr.io': 'gcloud', [A]: 'dockside' },
      currentContext: 'desktop-linux',
    });
  });

  it('writes nothing and says none moved when the first store fails', async () => {
    const before = config().write(plaintextConfig);
    keychain.store = async () => {
      throw new DocksideError('no-secret-service', 'creds.error.no-secret-service.store', { action: 'store', serverUrl: A, detail: 'ServiceUnknown' });
    };
    const error = await rejectionOf(migrateCredentials({ dryRun: false }, deps()));
    expect(error.code).toBe('no-secret-service');
    expect(english(error)).toContain('(Moved before this: none;');
    expect(readFileSync(configPath, 'utf8')).toBe(before);
  });

  it('refuses, changing nothing, when docker-credential-dockside is not on PATH', async () => {
    const before = config().write(plaintextConfig);
    const error = await rejectionOf(migrateCredentials({ dryRun: false }, deps([tmp.join('empty')])));
    expect(error.code).toBe('helper-not-on-path');
    expect(keychain.items.size).toBe(0);
    expect(readFileSync(configPath, 'utf8')).toBe(before);
  });

  it("moves the secrets into config.json's installed credsStore helper instead, with no credHelpers entries", async () => {
    const helperDir = tmp.join('secretservice-bin');
    writeFileStoreHelper(helperDir, 'secretservice');
    config().write({ credsStore: 'secretservice', auths: { [A]: plaintextConfig.auths[A] } });
    const result = await migrateCredentials({ dryRun: false }, deps([bin, helperDir]));
    expect(result.moved).toEqual([{ registry: A, username: 'alice', store: { helper: 'secretservice', source: 'credsStore', reason: expect.objectContaining({ code: 'creds.store-reason.credsStore' }) } }]);
    expect(config().read()).toEqual({ credsStore: 'secretservice', auths: { [A]: {} } });
    expect(keychain.items.size).toBe(0);
    expect(JSON.parse(readFileSync(`${helperDir}/store/${A}`, 'utf8'))).toEqual({ ServerURL: A, Username: 'alice', Secret: SECRETS[A] });
  });

  it("moves the secrets into the platform's own helper when its list works, naming it per registry in credHelpers (never credsStore)", async () => {
    const helperDir = tmp.join('secretservice-bin');
    writeFileStoreHelper(helperDir, 'secretservice');
    config().write({ auths: { [A]: plaintextConfig.auths[A], [B]: plaintextConfig.auths[B] } });
    const result = CredsMigrateJsonSchema.parse(await migrateCredentials({ dryRun: false }, { ...deps([bin, helperDir]), platform: 'linux' }));
    const NATIVE = { helper: 'secretservice', source: 'native', reason: { code: 'creds.store-reason.native', params: { program: 'docker-credential-secretservice' } } };
    expect(result.moved).toEqual([
      { registry: A, username: 'alice', store: NATIVE },
      { registry: B, username: 'bob', store: NATIVE },
    ]);
    expect(config().read()).toEqual({ auths: { [A]: {}, [B]: { email: 'bob@example.com' } }, credHelpers: { [A]: 'secretservice', [B]: 'secretservice' } });
    expect(secretsIn(readFileSync(configPath, 'utf8'))).toEqual([]);
    expect(keychain.items.size).toBe(0);
    expect(JSON.parse(readFileSync(`${helperDir}/store/${A}`, 'utf8'))).toEqual({ ServerURL: A, Username: 'alice', Secret: SECRETS[A] });
  });

  // With a helper for the registry, the docker CLI reads the helper and ignores a plaintext `auth`
  // left in auths: storing that copy would replace the live credential.
  it('does not replace the credential Docker uses with a stale plaintext auth it ignores', async () => {
    keychain = memoryKeychain([{ serverUrl: A, username: 'alice', secret: 'current-pw' }]);
    config().write({ auths: { [A]: { auth: base64('alice:stale-pw') } }, credHelpers: { [A]: 'dockside' } });
    await migrateCredentials({ dryRun: false }, deps());
    expect(keychain.items.get(A)?.secret).toBe('current-pw');
  });

  // Older tools wrote {"username","password"}, which the docker CLI reads too.
  it('moves a {username, password} entry too', async () => {
    config().write({ auths: { [A]: { username: 'dave', password: 'pw-dave', email: 'dave@example.com' } } });
    const result = await migrateCredentials({ dryRun: false }, deps());
    expect(result.moved).toEqual([{ registry: A, username: 'dave', store: DOCKSIDE }]);
    expect(keychain.items.get(A)).toEqual({ serverUrl: A, username: 'dave', secret: 'pw-dave' });
    expect(readFileSync(configPath, 'utf8')).not.toContain('pw-dave');
    expect(JSON.parse(readFileSync(configPath, 'utf8')).auths[A]).toEqual({ email: 'dave@example.com' });
  });
});
