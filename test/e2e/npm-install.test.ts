import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginJsonSchema } from '../../shared/credentials';
import { MirrorsProbeJsonSchema } from '../../shared/mirrors';
import { createCa, issueCert } from '../harness/certs';
import { installCa } from '../harness/certs-d';
import { createCleanups } from '../harness/cleanup';
import { type Dockerd, startDockerd } from '../harness/dockerd';
import { addHosts } from '../harness/hosts';
import { docksideKeychainSecret, type Keyring, startKeyring } from '../harness/keyring';
import { freePort } from '../harness/ports';
import { startRegistry } from '../harness/registry';
import { run, type RunResult } from '../harness/run';
import { seedImage } from '../harness/seed-image';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';

// Issue 20 (npm) end to end: the package as a user installs it. `npm pack` of this (built)
// checkout, `npm install -g --prefix <empty dir>` of the tarball (its dependencies from the npm
// registry), and then only <prefix>/bin and the system's directories on PATH: the checkout's
// out/bin launcher is nowhere. Against real TLS registries with htpasswd, an isolated dockerd and
// gnome-keyring as the Secret Service. The login runs twice: with no native helper reachable (our
// helper answers) and with /usr/bin's docker-credential-secretservice on PATH (it answers).

const suffix = uniqueSuffix();
const REGISTRY_HOSTS = [`npm-${suffix}.dockside.test`, `npm-native-${suffix}.dockside.test`];
const USER = 'dev';
const PASSWORD = `Npm-${suffix}-pw!`;
const REPO = join(import.meta.dirname, '..', '..');

const cleanups = createCleanups();
let dir: TempDir;
let prefix: string;
let home: string;
let dockerConfig: string;
let keyring: Keyring;
let dockerd: Dockerd;
/** The registry each pass logs in to, by the helper expected to answer. */
const registries: Record<string, string> = {};
/** The system's directories, docker-credential-secretservice among them. */
const SYSTEM_PATH = '/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** A dir of links to only the system commands the docker CLI and the helper's launcher need: no docker-credential-*. */
let systemBin: string;
const nativeFreePath = (): string => systemBin;

/** A user's shell after `npm install -g --prefix`: the prefix's bin, then the system's. */
function installedEnv(): NodeJS.ProcessEnv {
  return {
    ...dockerd.env,
    ...keyring.env,
    HOME: home,
    DOCKER_CONFIG: dockerConfig,
    PATH: `${join(prefix, 'bin')}:${SYSTEM_PATH}`,
    DOCKSIDE_ENGINE: `pidfile:${dockerd.pidfile}`,
    DOCKSIDE_STATE_DIR: join(dir.path, 'state'),
    LANG: 'C.UTF-8',
  };
}

/** A command found on installedEnv()'s PATH, as the user's shell would find it. */
function installed(command: string, args: string[], input?: string): Promise<RunResult> {
  return run(command, args, { env: installedEnv(), input, timeoutMs: 180_000 });
}

beforeAll(async () => {
  dir = makeTempDir('npm-install');
  cleanups.add(() => dir.remove());
  prefix = dir.join('prefix');
  home = dir.join('home');
  dockerConfig = join(home, '.docker');
  mkdirSync(prefix);
  mkdirSync(home);
  // test/build-once.ts (or scripts/test.sh) has built out/: pack what it built.
  const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir.path, '--json'], { cwd: REPO, timeoutMs: 120_000 });
  expect(packed.code, packed.stderr).toBe(0);
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  const install = await run('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(dir.path, filename)], {
    cwd: dir.path,
    env: { ...process.env, HOME: home },
    timeoutMs: 300_000,
  });
  expect(install.code, install.stderr).toBe(0);

  systemBin = dir.join('system-bin');
  mkdirSync(systemBin);
  for (const name of ['docker', 'node', 'sh', 'env']) {
    const found = await run('sh', ['-c', `command -v ${name}`], { timeoutMs: 10_000 });
    expect(found.code, name).toBe(0);
    symlinkSync(found.stdout.trim(), join(systemBin, name));
  }
  const hosts = addHosts(REGISTRY_HOSTS, '127.0.0.1');
  cleanups.add(() => hosts.remove());
  keyring = cleanups.track(await startKeyring());
  dockerd = cleanups.track(await startDockerd());
  await seedImage(dockerd, 'dockside-seed:1');
  const ca = await createCa(dir.path, { commonName: `npm install test CA ${suffix}` });
  for (const [helper, name] of [['dockside', REGISTRY_HOSTS[0]!], ['secretservice', REGISTRY_HOSTS[1]!]] as const) {
    const cert = await issueCert(ca, dir.path, { commonName: name, dnsNames: [name] });
    const port = await freePort('127.0.0.1');
    cleanups.track(await startRegistry({ listen: { host: '127.0.0.1', port }, tls: { certPath: cert.chainPath, keyPath: cert.keyPath }, htpasswd: { users: { [USER]: PASSWORD } } }));
    registries[helper] = `${name}:${port}`;
    const trusted = installCa(registries[helper], ca.pem);
    cleanups.add(() => trusted.remove());
  }
}, 600_000);

afterAll(() => cleanups.run());

describe('npm install -g of the packed tarball', () => {
  it('puts dockside and docker-credential-dockside in <prefix>/bin, both files of the installed package', async () => {
    const installedPackage = realpathSync(join(prefix, 'lib', 'node_modules', 'dockside'));
    for (const name of ['dockside', 'docker-credential-dockside']) {
      const target = realpathSync(join(prefix, 'bin', name));
      expect(target.startsWith(`${installedPackage}/`), target).toBe(true);
    }
    const help = await installed('dockside', ['--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage:\n {2}dockside status/);
    const version = await installed('docker-credential-dockside', ['version']);
    expect(version.code, version.stderr).toBe(0);
    const { version: packageVersion } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(`docker-credential-dockside (dockside) ${packageVersion}`);
  });

  it('ships only what runs: no sources, tests or the checkout\'s launchers', () => {
    const root = join(prefix, 'lib', 'node_modules', 'dockside');
    for (const absent of ['electron', 'renderer', 'test', 'shared', 'out/bin', 'out/renderer', 'scripts']) expect(existsSync(join(root, absent)), absent).toBe(false);
    for (const present of ['out/main/cli.js', 'out/main/privileged.js', 'out/main/credential-helper.cjs', 'resources/mirrors.json']) expect(existsSync(join(root, present)), present).toBe(true);
  });

  it('probes the mirror catalog the package ships when no URL is given', async () => {
    const result = await installed('dockside', ['mirrors', 'probe', '--timeout', '1000', '--json']);
    expect(result.stderr).not.toMatch(/catalog-unreadable/);
    const catalog = JSON.parse(readFileSync(join(REPO, 'resources', 'mirrors.json'), 'utf8')) as { status: string }[];
    expect(MirrorsProbeJsonSchema.parse(JSON.parse(result.stdout)).results).toHaveLength(catalog.filter((entry) => entry.status === 'active').length);
  });

  // Docker's credential helpers hold one item per server, so each pass logs in to its own registry.
  it.each<[string, () => string, string, string]>([
    ['no native helper reachable: our helper answers', () => nativeFreePath(), 'dockside', 'no-native'],
    ['docker-credential-secretservice on PATH: it answers', () => SYSTEM_PATH, 'secretservice', 'native'],
  ])('logs in with %s; the helper config.json names answers get, and docker push and pull work', async (_case, path, helper, reason) => {
    const registry = registries[helper]!;
    const env = { ...installedEnv(), PATH: `${join(prefix, 'bin')}:${path()}` };
    const installedHere = (command: string, args: string[], input?: string): Promise<RunResult> => run(command, args, { env, input, timeoutMs: 180_000 });
    const login = await installedHere('dockside', ['login', registry, '-u', USER, '--password-stdin', '--json'], `${PASSWORD}\n`);
    expect(login.code, login.stderr).toBe(0);
    expect(LoginJsonSchema.parse(JSON.parse(login.stdout))).toMatchObject({ registry, username: USER, store: { helper, reason: { code: `creds.store-reason.${reason}` } } });
    const config = JSON.parse(readFileSync(join(dockerConfig, 'config.json'), 'utf8')) as { credHelpers?: Record<string, string>; credsStore?: string };
    expect(config.credHelpers?.[registry]).toBe(helper);
    expect(config.credsStore).toBeUndefined();
    expect(readFileSync(join(dockerConfig, 'config.json'), 'utf8')).not.toContain(PASSWORD);
    // Dockside's own store holds the secret only when its helper is the one used.
    const ours = await docksideKeychainSecret(keyring, registry);
    expect(ours === null ? null : JSON.parse(ours)).toEqual(helper === 'dockside' ? { Username: USER, Secret: PASSWORD } : null);

    // What Docker runs: docker-credential-<credHelpers[registry]>, looked up on PATH.
    const got = await installedHere(`docker-credential-${config.credHelpers?.[registry] ?? ''}`, ['get'], registry);
    expect(got.code, got.stdout).toBe(0);
    expect(JSON.parse(got.stdout)).toEqual({ ServerURL: registry, Username: USER, Secret: PASSWORD });

    const image = `${registry}/team/app:1`;
    for (const args of [['tag', 'dockside-seed:1', image], ['push', image], ['rmi', image], ['pull', image]]) {
      const step = await installedHere('docker', args);
      expect(step.code, `docker ${args.join(' ')}: ${step.stdout}${step.stderr}`).toBe(0);
    }
  });
});
