import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorJsonSchema } from '../../shared/cli';
import { CredsListJsonSchema, CredsMigrateJsonSchema, LoginJsonSchema, LogoutJsonSchema } from '../../shared/credentials';
import { startBasicRegistry } from '../harness/basic-registry';
import { type CertificateAuthority, createCa, issueCert } from '../harness/certs';
import { installCa } from '../harness/certs-d';
import { createCleanups } from '../harness/cleanup';
import { type Dockerd, startDockerd } from '../harness/dockerd';
import { dockside, HELPER_DIR, userEnv as harnessUserEnv } from '../harness/dockside';
import { addHosts } from '../harness/hosts';
import { docksideKeychainSecret, type Keyring, startKeyring } from '../harness/keyring';
import { freePort } from '../harness/ports';
import { startRegistry } from '../harness/registry';
import { run, type RunResult } from '../harness/run';
import { seedImage } from '../harness/seed-image';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';
import { startTokenServer } from '../harness/token-server';
import { englishSentences } from '../harness/prose';

// Issue 5 end to end: `dockside login|logout`, `creds list|migrate` against real TLS registries on
// ::1 names (htpasswd, and token auth from the harness's Nexus-like token server, a fixture of
// Distribution's token spec), an isolated dockerd, the docker CLI, and gnome-keyring as the
// Secret Service. Docker reaches Dockside's keychain through out/bin/docker-credential-dockside on PATH.

const suffix = uniqueSuffix();
const host = (role: string): string => `${role}-${suffix}.dockside.test`;
const BASIC_HOST = host('login');
const TOKEN_HOST = host('token');
const TOKEN_SERVER_HOST = host('tokens');
const SS_HOST = host('sstore');
const MIGRATE_HOSTS = [host('mig1'), host('mig2'), host('mig3')];
const USER = 'dev';
/** The password of the first login: searched for everywhere afterwards. */
const CANARY = `Canary-${suffix}-pw!`;
const PASSWORD = 'dev-password-1';

const cleanups = createCleanups();
let dir: TempDir;
let home: string;
let dockerConfig: string;
let keyring: Keyring;
let dockerd: Dockerd;
let ca: CertificateAuthority;
let startedAt: Date;

function userEnv(): NodeJS.ProcessEnv {
  return harnessUserEnv({ dockerd, keyring, home, dockerConfig, stateDir: join(dir.path, 'state') });
}

function docker(args: string[]): Promise<RunResult> {
  return run('docker', args, { env: userEnv(), timeoutMs: 120_000 });
}

function loginAs(registry: string, password: string, user = USER): Promise<RunResult> {
  return dockside(['login', registry, '-u', user, '--password-stdin', '--json'], userEnv(), { input: `${password}\n` });
}

function config(): Record<string, unknown> & { auths?: Record<string, Record<string, unknown>>; credHelpers?: Record<string, string>; credsStore?: string } {
  return JSON.parse(readFileSync(join(dockerConfig, 'config.json'), 'utf8'));
}

/** What the Secret Service holds for a server, read with libsecret's own tool (no Dockside code involved). */
function keychainSecret(server: string): Promise<string | null> {
  return docksideKeychainSecret(keyring, server);
}

/** An htpasswd TLS registry on a ::1 name, its CA in certs.d. */
function basicRegistry(name: string, users: Record<string, string>): Promise<string> {
  return startBasicRegistry({ ca, dir: dir.path, cleanups }, name, users);
}

beforeAll(async () => {
  startedAt = new Date();
  dir = makeTempDir('login');
  cleanups.add(() => dir.remove());
  home = dir.join('home');
  dockerConfig = join(home, '.docker');
  mkdirSync(home);
  const hosts = addHosts([BASIC_HOST, TOKEN_HOST, TOKEN_SERVER_HOST, SS_HOST, ...MIGRATE_HOSTS]);
  cleanups.add(() => hosts.remove());
  keyring = cleanups.track(await startKeyring());
  dockerd = cleanups.track(await startDockerd());
  await seedImage(dockerd, 'dockside-seed:1');
  ca = await createCa(dir.path, { commonName: `Login Test CA ${suffix}` });
  expect(existsSync(join(HELPER_DIR, 'docker-credential-dockside'))).toBe(true);
});

afterAll(() => cleanups.run());

describe('login against an htpasswd registry', () => {
  let registry: string;
  const psSamples: string[] = [];

  beforeAll(async () => {
    registry = await basicRegistry(BASIC_HOST, { [USER]: CANARY });
  });

  it('refuses a wrong password with "unauthorized" and stores nothing', async () => {
    const result = await loginAs(registry, 'not-the-password');
    expect(result.code).toBe(1);
    const error = ErrorJsonSchema.parse(JSON.parse(result.stderr)).error;
    expect(error.code).toBe('unauthorized');
    expect(error.message).toContain('unauthorized');
    expect(existsSync(join(dockerConfig, 'config.json'))).toBe(false);
    expect(await keychainSecret(registry)).toBeNull();
  });

  it('under LANG=zh_CN.UTF-8 says why a wrong password failed in Chinese only, quoting the registry\'s own text', async () => {
    const result = await dockside(['login', registry, '-u', USER, '--password-stdin'], { ...userEnv(), LANG: 'zh_CN.UTF-8', LANGUAGE: '', LC_ALL: '' }, { input: 'not-the-password\n' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('登录被拒绝（unauthorized）');
    expect(result.stderr).toContain('[unauthorized]');
    expect(englishSentences(result.stderr)).toEqual([]);
    expect(await keychainSecret(registry)).toBeNull();
  });

  it('logs in with the password in the keychain, config.json pointing at docker-credential-dockside, and docker push and pull work', async () => {
    // ps -ef sampled while the login runs: the password must never show in any process's argv.
    const sampling = samplePs(psSamples);
    const result = await loginAs(registry, CANARY);
    await sampling.stop();
    expect(result.code, result.stderr).toBe(0);
    const login = LoginJsonSchema.parse(JSON.parse(result.stdout));
    expect(login).toMatchObject({ registry, username: USER, scheme: 'basic', store: { helper: 'dockside', source: 'dockside' }, removedPlaintext: false });

    const file = config();
    expect(file.credHelpers).toEqual({ [registry]: 'dockside' });
    expect(file.auths?.[registry]?.auth).toBeUndefined();
    expect(readFileSync(join(dockerConfig, 'config.json'), 'utf8')).not.toContain(CANARY);
    expect(JSON.parse((await keychainSecret(registry)) ?? '{}')).toEqual({ Username: USER, Secret: CANARY });

    const image = `${registry}/team/app:1`;
    for (const args of [['tag', 'dockside-seed:1', image], ['push', image], ['rmi', image], ['pull', image]]) {
      const step = await docker(args);
      expect(step.code, `docker ${args.join(' ')}: ${step.stdout}${step.stderr}`).toBe(0);
    }
    // The sampling saw the login itself (and so would have seen a password in its argv).
    expect(psSamples.some((sample) => sample.includes(`login ${registry} -u ${USER}`))).toBe(true);
  });

  it('lists the registry as kept by the keychain, then logs out', async () => {
    const list = CredsListJsonSchema.parse(JSON.parse((await dockside(['creds', 'list', '--json'], userEnv())).stdout));
    expect(list.registries).toContainEqual({ registry, username: USER, store: { helper: 'dockside', source: 'dockside' } });

    const result = await dockside(['logout', registry, '--json'], userEnv());
    expect(result.code, result.stderr).toBe(0);
    expect(LogoutJsonSchema.parse(JSON.parse(result.stdout))).toMatchObject({ erased: true, store: { helper: 'dockside' } });
    expect(await keychainSecret(registry)).toBeNull();
    expect(config().credHelpers?.[registry]).toBeUndefined();
    const pull = await docker(['pull', `${registry}/team/app:1`]);
    expect(pull.stdout + pull.stderr).toMatch(/no basic auth credentials|unauthorized/);
  });

  it('leaves the password in no file under HOME, the temp dirs or /etc, and in no process argv', async () => {
    expect(psSamples.some((sample) => sample.includes(CANARY))).toBe(false);
    const written = await run('find', [home, dir.path, '/tmp', '/etc', '-xdev', '-type', 'f', '-newermt', startedAt.toISOString(), '-size', '-8M'], { timeoutMs: 60_000 });
    const files = written.stdout.split('\n').filter(Boolean);
    expect(files.length).toBeGreaterThan(3);
    const holding = files.filter((file) => {
      try {
        return readFileSync(file).includes(CANARY);
      } catch {
        return false; // removed since, or a socket
      }
    });
    expect(holding).toEqual([]);
  });
});

describe('login against a registry with Bearer token auth (the harness token server, a fixture of Distribution\'s token spec)', () => {
  it('gets a token, stores the password in the keychain, and docker push and pull work', async () => {
    const service = `token-registry-${suffix}`;
    const issuer = 'dockside-login-test';
    const signer = await issueCert(ca, dir.path, { commonName: 'login token signer', noSan: true });
    const tokenCert = await issueCert(ca, dir.path, { commonName: TOKEN_SERVER_HOST, dnsNames: [TOKEN_SERVER_HOST] });
    const tokenPort = await freePort('::1');
    const tokens = cleanups.track(
      await startTokenServer({ signer, users: { [USER]: PASSWORD }, anonymousPull: [], issuer, service, listen: { host: '::1', port: tokenPort }, tls: { certPath: tokenCert.chainPath, keyPath: tokenCert.keyPath } }),
    );
    const realm = new URL(tokens.realm);
    realm.hostname = TOKEN_SERVER_HOST;
    const port = await freePort('::1');
    const cert = await issueCert(ca, dir.path, { commonName: TOKEN_HOST, dnsNames: [TOKEN_HOST] });
    cleanups.track(
      await startRegistry({ listen: { host: '::1', port }, tls: { certPath: cert.chainPath, keyPath: cert.keyPath }, token: { realm: realm.href, service, issuer, rootCertBundlePath: ca.certPath } }),
    );
    const registry = `${TOKEN_HOST}:${port}`;
    for (const hostPort of [registry, `${TOKEN_SERVER_HOST}:${tokenPort}`]) {
      const installed = installCa(hostPort, ca.pem);
      cleanups.add(() => installed.remove());
    }

    const wrong = await loginAs(registry, 'wrong');
    expect(wrong.code).toBe(1);
    expect(ErrorJsonSchema.parse(JSON.parse(wrong.stderr)).error.message).toContain('unauthorized');
    expect(await keychainSecret(registry)).toBeNull();

    const result = await loginAs(registry, PASSWORD);
    expect(result.code, result.stderr).toBe(0);
    expect(LoginJsonSchema.parse(JSON.parse(result.stdout))).toMatchObject({ scheme: 'bearer', store: { helper: 'dockside' } });
    expect(tokens.requests.some((request) => request.user === USER && request.status === 200)).toBe(true);
    const image = `${registry}/team/app:1`;
    for (const args of [['tag', 'dockside-seed:1', image], ['push', image], ['rmi', image], ['pull', image]]) {
      const step = await docker(args);
      expect(step.code, `docker ${args.join(' ')}: ${step.stdout}${step.stderr}`).toBe(0);
    }
  });
});

describe('login when config.json already names credsStore "secretservice"', () => {
  it('stores through docker-credential-secretservice, adds no credHelpers entry, and docker pull works', async () => {
    const registry = await basicRegistry(SS_HOST, { [USER]: PASSWORD });
    const before = existsSync(join(dockerConfig, 'config.json')) ? config() : {};
    writeFileSync(join(dockerConfig, 'config.json'), JSON.stringify({ ...before, credsStore: 'secretservice' }, null, '\t'));

    const result = await loginAs(registry, PASSWORD);
    expect(result.code, result.stderr).toBe(0);
    expect(LoginJsonSchema.parse(JSON.parse(result.stdout)).store).toMatchObject({ helper: 'secretservice', source: 'credsStore', reason: { code: 'creds.store-reason.credsStore' } });
    expect(config().credHelpers?.[registry]).toBeUndefined();
    expect(config().auths?.[registry]).toEqual({});
    const stored = await run('docker-credential-secretservice', ['get'], { env: { ...process.env, ...keyring.env }, input: registry });
    expect(JSON.parse(stored.stdout)).toEqual({ ServerURL: registry, Username: USER, Secret: PASSWORD });
    expect(await keychainSecret(registry)).toBeNull();

    const image = `${registry}/team/app:1`;
    for (const args of [['tag', 'dockside-seed:1', image], ['push', image], ['rmi', image], ['pull', image]]) {
      const step = await docker(args);
      expect(step.code, `docker ${args.join(' ')}: ${step.stdout}${step.stderr}`).toBe(0);
    }
    const { credsStore: _removed, ...rest } = config();
    writeFileSync(join(dockerConfig, 'config.json'), JSON.stringify(rest, null, '\t'));
  });
});

describe('creds migrate', () => {
  it('moves three plaintext entries into the keychain; the file keeps no secret and pulls still work', async () => {
    const registries: string[] = [];
    for (const [i, name] of MIGRATE_HOSTS.entries()) registries.push(await basicRegistry(name, { [`user${i}`]: `secret-${i}-${suffix}` }));
    // Pushed while the plaintext entries are the only credentials, as `docker login` without a helper leaves them.
    const plaintext = Object.fromEntries(registries.map((registry, i) => [registry, { auth: Buffer.from(`user${i}:secret-${i}-${suffix}`).toString('base64') }]));
    const before = config();
    writeFileSync(join(dockerConfig, 'config.json'), JSON.stringify({ ...before, auths: { ...before.auths, ...plaintext }, credsStore: undefined }, null, '\t'));
    for (const registry of registries) {
      for (const args of [['tag', 'dockside-seed:1', `${registry}/team/app:1`], ['push', `${registry}/team/app:1`], ['rmi', `${registry}/team/app:1`]]) {
        const step = await docker(args);
        expect(step.code, `docker ${args.join(' ')}: ${step.stdout}${step.stderr}`).toBe(0);
      }
    }
    const listed = CredsListJsonSchema.parse(JSON.parse((await dockside(['creds', 'list', '--json'], userEnv())).stdout));
    for (const registry of registries) expect(listed.registries.find((entry) => entry.registry === registry)?.store).toEqual({ helper: null, source: 'plaintext' });

    const dry = await dockside(['creds', 'migrate', '--dry-run', '--json'], userEnv());
    expect(dry.code, dry.stderr).toBe(0);
    expect(CredsMigrateJsonSchema.parse(JSON.parse(dry.stdout)).moved.map((entry) => entry.registry).sort()).toEqual([...registries].sort());
    expect(config().auths?.[registries[0] ?? '']?.auth).toBeDefined();

    const result = await dockside(['creds', 'migrate', '--json'], userEnv());
    expect(result.code, result.stderr).toBe(0);
    const migrated = CredsMigrateJsonSchema.parse(JSON.parse(result.stdout));
    expect(migrated.moved.map((entry) => [entry.registry, entry.store.helper]).sort()).toEqual(registries.map((registry) => [registry, 'dockside']).sort());

    const text = readFileSync(join(dockerConfig, 'config.json'), 'utf8');
    for (const [i, registry] of registries.entries()) {
      expect(text).not.toContain(`secret-${i}-${suffix}`);
      expect(text).not.toContain(Buffer.from(`user${i}:secret-${i}-${suffix}`).toString('base64'));
      expect(config().auths?.[registry]).toEqual({});
      expect(config().credHelpers?.[registry]).toBe('dockside');
      expect(JSON.parse((await keychainSecret(registry)) ?? '{}')).toEqual({ Username: `user${i}`, Secret: `secret-${i}-${suffix}` });
      const pull = await docker(['pull', `${registry}/team/app:1`]);
      expect(pull.code, pull.stdout + pull.stderr).toBe(0);
    }
  });
});

/** Runs `ps -ef` every 20 ms until stopped, keeping each listing. */
function samplePs(samples: string[]): { stop(): Promise<void> } {
  let running = true;
  const loop = (async () => {
    while (running) {
      const listing = await new Promise<string>((resolve) => {
        const child = spawn('ps', ['-ef', '-ww']);
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.on('close', () => resolve(out));
      });
      samples.push(listing);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}
