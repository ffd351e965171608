import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorJsonSchema } from '../../shared/cli';
import { CredsListJsonSchema, LoginJsonSchema } from '../../shared/credentials';
import { startBasicRegistry } from '../harness/basic-registry';
import { type CertificateAuthority, createCa } from '../harness/certs';
import { createCleanups } from '../harness/cleanup';
import { type Dockerd, startDockerd } from '../harness/dockerd';
import { dockside, HELPER_DIR, userEnv as harnessUserEnv } from '../harness/dockside';
import { addHosts } from '../harness/hosts';
import { docksideKeychainSecret, type Keyring, startKeyring } from '../harness/keyring';
import { run, type RunResult } from '../harness/run';
import { seedImage } from '../harness/seed-image';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';

// Issue 20 item 3 end to end: with /usr/bin/docker-credential-secretservice on PATH and no
// opt-out, `dockside login` stores through it and names it per registry in credHelpers; other
// registries' plaintext entries keep working. Without a native helper (the opt-out, or a PATH
// without it) Dockside's own helper is used. Real TLS registries with htpasswd, an isolated
// dockerd, gnome-keyring as the Secret Service.

const suffix = uniqueSuffix();
const host = (role: string): string => `${role}-${suffix}.dockside.test`;
const NATIVE_HOST = host('native');
const PLAIN_HOST = host('plain');
const OPTOUT_HOST = host('optout');
const NOPATH_HOST = host('nopath');
const USER = 'dev';
const PASSWORD = `Native-${suffix}-pw!`;
const PLAIN_USER = 'old';
const PLAIN_PASSWORD = `Plain-${suffix}-pw!`;
const base64 = (text: string): string => Buffer.from(text).toString('base64');

const cleanups = createCleanups();
let dir: TempDir;
let home: string;
let dockerConfig: string;
let keyring: Keyring;
let dockerd: Dockerd;
let ca: CertificateAuthority;
/** A PATH dir holding only the system commands the docker CLI and the helper launcher need: no docker-credential-*. */
let systemBin: string;

/** The developer's shell with native helpers first: the harness's env without its DOCKSIDE_CREDENTIAL_STORE=dockside. */
function userEnv(): NodeJS.ProcessEnv {
  const env = harnessUserEnv({ dockerd, keyring, home, dockerConfig, stateDir: join(dir.path, 'state') });
  delete env.DOCKSIDE_CREDENTIAL_STORE;
  return env;
}

function docker(args: string[], env = userEnv()): Promise<RunResult> {
  return run('docker', args, { env, timeoutMs: 120_000 });
}

function loginAs(registry: string, password: string, env = userEnv()): Promise<RunResult> {
  return dockside(['login', registry, '-u', USER, '--password-stdin', '--json'], env, { input: `${password}\n` });
}

function configText(): string {
  return readFileSync(join(dockerConfig, 'config.json'), 'utf8');
}

function config(): { auths?: Record<string, Record<string, unknown>>; credHelpers?: Record<string, string>; credsStore?: string } {
  return JSON.parse(configText());
}

/** An htpasswd TLS registry on a ::1 name, its CA in certs.d. */
function basicRegistry(name: string, users: Record<string, string>): Promise<string> {
  return startBasicRegistry({ ca, dir: dir.path, cleanups }, name, users);
}

/** Pushes the seed image to `registry`, removes it locally and pulls it back: every step must succeed. */
async function pushAndPull(registry: string, env = userEnv()): Promise<void> {
  const image = `${registry}/team/app:1`;
  for (const args of [['tag', 'dockside-seed:1', image], ['push', image], ['rmi', image], ['pull', image]]) {
    const step = await docker(args, env);
    expect(step.code, `docker ${args.join(' ')}: ${step.stdout}${step.stderr}`).toBe(0);
  }
}

beforeAll(async () => {
  dir = makeTempDir('native-helper');
  cleanups.add(() => dir.remove());
  home = dir.join('home');
  dockerConfig = join(home, '.docker');
  mkdirSync(home);
  systemBin = dir.join('system-bin');
  mkdirSync(systemBin);
  for (const [name, target] of [
    ['docker', '/usr/local/bin/docker'],
    ['node', process.execPath],
    ['sh', '/bin/sh'],
    ['env', '/usr/bin/env'],
  ] as const) {
    symlinkSync(target, join(systemBin, name));
  }
  const hosts = addHosts([NATIVE_HOST, PLAIN_HOST, OPTOUT_HOST, NOPATH_HOST]);
  cleanups.add(() => hosts.remove());
  keyring = cleanups.track(await startKeyring());
  dockerd = cleanups.track(await startDockerd());
  await seedImage(dockerd, 'dockside-seed:1');
  ca = await createCa(dir.path, { commonName: `Native Helper Test CA ${suffix}` });
}, 300_000);

afterAll(() => cleanups.run());

describe('with docker-credential-secretservice on PATH', () => {
  let native: string;
  let plain: string;

  beforeAll(async () => {
    native = await basicRegistry(NATIVE_HOST, { [USER]: PASSWORD });
    plain = await basicRegistry(PLAIN_HOST, { [PLAIN_USER]: PLAIN_PASSWORD });
    // Another registry's plaintext entry, as `docker login` without a helper leaves it.
    mkdirSync(dockerConfig, { recursive: true });
    writeFileSync(join(dockerConfig, 'config.json'), `${JSON.stringify({ auths: { [plain]: { auth: base64(`${PLAIN_USER}:${PLAIN_PASSWORD}`) } } }, null, '\t')}\n`);
  });

  it('logs in through it: credHelpers names secretservice for the registry, no credsStore, no secret in config.json, and says why', async () => {
    const result = await loginAs(native, PASSWORD);
    expect(result.code, result.stderr).toBe(0);
    const json = LoginJsonSchema.parse(JSON.parse(result.stdout));
    expect(json.store).toMatchObject({ helper: 'secretservice', source: 'native', reason: { code: 'creds.store-reason.native', message: 'docker-credential-secretservice is on PATH and answers (its `list` works)' } });
    const written = config();
    expect(written.credHelpers).toEqual({ [native]: 'secretservice' });
    expect(written.credsStore).toBeUndefined();
    expect(written.auths?.[native]).toEqual({});
    expect(configText()).not.toContain(PASSWORD);
    expect(configText()).not.toContain(base64(`${USER}:${PASSWORD}`));
    // Dockside's own store holds nothing: the secret went to the native helper.
    expect(await docksideKeychainSecret(keyring, native)).toBeNull();

    const human = await dockside(['login', native, '-u', USER, '--password-stdin'], userEnv(), { input: `${PASSWORD}\n` });
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('the OS keychain (docker-credential-secretservice)');
    // Logged in once already: config.json's entry now decides.
    expect(human.stdout).toContain(`Store chosen because config.json's credHelpers names docker-credential-secretservice for ${native}`);
  });

  it('docker-credential-secretservice get answers the registry with the user, and docker pull of a private image works', async () => {
    const got = await run('docker-credential-secretservice', ['get'], { env: userEnv(), input: native, timeoutMs: 30_000 });
    expect(got.code, got.stdout).toBe(0);
    expect(JSON.parse(got.stdout)).toEqual({ ServerURL: native, Username: USER, Secret: PASSWORD });
    await pushAndPull(native);
  });

  it("leaves the other registry's plaintext entry working: docker pull from it succeeds", async () => {
    expect(config().auths?.[plain]).toEqual({ auth: base64(`${PLAIN_USER}:${PLAIN_PASSWORD}`) });
    await pushAndPull(plain);
  });

  it('creds list shows both, each with where Docker reads its secret', async () => {
    const result = await dockside(['creds', 'list', '--json'], userEnv());
    expect(result.code, result.stderr).toBe(0);
    const listed = CredsListJsonSchema.parse(JSON.parse(result.stdout));
    expect(listed.registries).toEqual([
      { registry: native, username: USER, store: { helper: 'secretservice', source: 'native' } },
      { registry: plain, username: PLAIN_USER, store: { helper: null, source: 'plaintext' } },
    ].sort((a, b) => a.registry.localeCompare(b.registry)));
    const human = await dockside(['creds', 'list'], userEnv());
    expect(human.stdout).toContain(`${native}  ${USER}  the OS keychain (docker-credential-secretservice)`);
  });
});

describe('without a native helper, Dockside\'s own helper is used', () => {
  it('with DOCKSIDE_CREDENTIAL_STORE=dockside: credHelpers names dockside and its get answers', async () => {
    const registry = await basicRegistry(OPTOUT_HOST, { [USER]: PASSWORD });
    const env = { ...userEnv(), DOCKSIDE_CREDENTIAL_STORE: 'dockside' };
    const result = await loginAs(registry, PASSWORD, env);
    expect(result.code, result.stderr).toBe(0);
    expect(LoginJsonSchema.parse(JSON.parse(result.stdout)).store).toMatchObject({
      helper: 'dockside',
      source: 'dockside',
      reason: { code: 'creds.store-reason.opted-out', message: "DOCKSIDE_CREDENTIAL_STORE=dockside asks for Dockside's own store" },
    });
    expect(config().credHelpers?.[registry]).toBe('dockside');
    expect(JSON.parse((await docksideKeychainSecret(keyring, registry)) ?? '{}')).toEqual({ Username: USER, Secret: PASSWORD });
    await pushAndPull(registry, env);
  });

  it('with a PATH that has no docker-credential-secretservice: credHelpers names dockside and the reason says none was found', async () => {
    const registry = await basicRegistry(NOPATH_HOST, { [USER]: PASSWORD });
    const env = { ...userEnv(), PATH: `${HELPER_DIR}:${systemBin}` };
    const result = await loginAs(registry, PASSWORD, env);
    expect(result.code, result.stderr).toBe(0);
    expect(LoginJsonSchema.parse(JSON.parse(result.stdout)).store).toMatchObject({ helper: 'dockside', source: 'dockside', reason: { code: 'creds.store-reason.no-native' } });
    expect(config().credHelpers?.[registry]).toBe('dockside');
    const got = await run(join(HELPER_DIR, 'docker-credential-dockside'), ['get'], { env, input: registry, timeoutMs: 30_000 });
    expect(got.code, got.stdout).toBe(0);
    expect(JSON.parse(got.stdout)).toEqual({ ServerURL: registry, Username: USER, Secret: PASSWORD });
    await pushAndPull(registry, env);
  });

  it('refuses an unknown DOCKSIDE_CREDENTIAL_STORE with a coded error naming the accepted values', async () => {
    const result = await dockside(['login', `${host('never')}:5000`, '-u', USER, '--password-stdin', '--json'], { ...userEnv(), DOCKSIDE_CREDENTIAL_STORE: 'keychain' }, { input: `${PASSWORD}\n` });
    expect(result.code).not.toBe(0);
    const { error } = ErrorJsonSchema.parse(JSON.parse(result.stderr));
    expect(error.code).toBe('invalid-credential-store');
    expect(error.message).toContain('Accepted values: auto, dockside');
  });
});
