import { chmodSync, chownSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorJsonSchema } from '../../shared/cli';
import { ProfileApplyJsonSchema } from '../../shared/profile';
import type { ErrorValue } from '../../shared/result';
import { createCleanups } from '../harness/cleanup';
import { type Dockerd, startDockerd } from '../harness/dockerd';
import { dockside, userEnv } from '../harness/dockside';
import { docksideKeychainSecret, type Keyring, startKeyring } from '../harness/keyring';
import { type Registry, startRegistry } from '../harness/registry';
import { run, type RunResult } from '../harness/run';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';

// Issue 18, item 5: `dockside profile apply --credentials FILE` for registries with different
// accounts. Two plain-HTTP docker-registries behind htpasswd, each with an account of its own
// (a profile of only insecure registries), gnome-keyring and an isolated dockerd; nothing mocked.
// The file is refused unless it is the user's own and mode 0600, before anything is asked or written.

const suffix = uniqueSuffix();
const accounts = {
  alpha: { username: 'alice', password: `Canary-${suffix}-alpha-pw!` },
  beta: { username: 'bob', password: `Canary-${suffix}-beta-pw!` },
};

const cleanups = createCleanups();
let dir: TempDir;
let dockerd: Dockerd;
let keyring: Keyring;
let alpha: Registry;
let beta: Registry;
let env: NodeJS.ProcessEnv;
let dockerConfig: string;
let profilePath: string;

beforeAll(async () => {
  dir = makeTempDir('profile-credentials');
  cleanups.add(() => dir.remove());
  keyring = cleanups.track(await startKeyring());
  dockerd = cleanups.track(await startDockerd());
  alpha = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' }, htpasswd: { users: { [accounts.alpha.username]: accounts.alpha.password } } }));
  beta = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' }, htpasswd: { users: { [accounts.beta.username]: accounts.beta.password } } }));
  const home = dir.join('home');
  dockerConfig = join(home, '.docker');
  env = { ...userEnv({ dockerd, keyring, home, dockerConfig, stateDir: dir.join('state') }), DOCKSIDE_DAEMON_JSON: dockerd.configFile };
  profilePath = dir.join('profile.json');
  writeFileSync(
    profilePath,
    JSON.stringify({ version: 1, name: `Two accounts ${suffix}`, registries: [{ host: alpha.hostPort, pull: true, insecure: true }, { host: beta.hostPort, push: true, insecure: true }] }),
  );
}, 240_000);

afterAll(async () => {
  await cleanups.run();
}, 120_000);

function credentialsFile(name: string, content: unknown, mode: number): string {
  const path = dir.join(name);
  writeFileSync(path, JSON.stringify(content));
  chmodSync(path, mode);
  return path;
}

const bothAccounts = (): Record<string, { username: string; password: string }> => ({ [alpha.hostPort]: accounts.alpha, [beta.hostPort]: accounts.beta });

function apply(file: string, extra: string[] = []): Promise<RunResult> {
  return dockside(['profile', 'apply', profilePath, '--credentials', file, '--yes', ...extra], env);
}

function errorOf(result: RunResult): ErrorValue & { message: string } {
  const { error } = ErrorJsonSchema.parse(JSON.parse(result.stderr));
  return { ...error, message: error.message ?? '' };
}

/** Nothing of the profile reached the machine: no config.json, no keychain item, daemon.json without the registries. */
async function expectNothingChanged(): Promise<void> {
  expect(existsSync(join(dockerConfig, 'config.json'))).toBe(false);
  expect(await docksideKeychainSecret(keyring, alpha.hostPort)).toBeNull();
  expect(readFileSync(dockerd.configFile, 'utf8')).not.toContain(alpha.hostPort);
}

describe('profile apply --credentials FILE', () => {
  it('refuses a file others can read (0644), in English and in Chinese, before anything is asked or written', async () => {
    const path = credentialsFile('open.json', bothAccounts(), 0o644);
    const logBefore = alpha.log().length;
    const result = await apply(path, ['--json']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toBe('');
    expect(errorOf(result)).toMatchObject({ code: 'credentials-file-mode' });
    expect(errorOf(result).message).toContain(`chmod 600 ${path}`);
    const zh = await apply(path, ['--lang', 'zh-CN']);
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain('凭据文件可被其他用户读取');
    expect(zh.stderr).toContain('[credentials-file-mode]');
    for (const text of [result.stdout, result.stderr, zh.stdout, zh.stderr]) for (const account of Object.values(accounts)) expect(text).not.toContain(account.password);
    // No registry was asked anything (the harness's own readiness probe came before).
    expect(alpha.log().slice(logBefore)).not.toContain('/v2/');
    await expectNothingChanged();
  });

  it('refuses a 0600 file that belongs to another user', async () => {
    const path = credentialsFile('theirs.json', bothAccounts(), 0o600);
    chownSync(path, 65534, 65534);
    const result = await apply(path, ['--json']);
    expect(result.code, result.stderr).toBe(1);
    expect(errorOf(result)).toMatchObject({ code: 'credentials-file-owner' });
    await expectNothingChanged();
  });

  it('refuses a file naming a registry the profile does not list, and one that is not JSON, without quoting it', async () => {
    const typo = credentialsFile('typo.json', { ...bothAccounts(), 'nexus.example.com': accounts.alpha }, 0o600);
    const first = await apply(typo, ['--json']);
    expect(first.code, first.stderr).toBe(1);
    expect(errorOf(first).message).toContain('nexus.example.com');
    const broken = dir.join('broken.json');
    writeFileSync(broken, `{ "${alpha.hostPort}": { "password": "${accounts.alpha.password}" `, { mode: 0o600 });
    const second = await apply(broken, ['--json']);
    expect(second.code, second.stderr).toBe(1);
    expect(errorOf(second)).toMatchObject({ code: 'credentials-file-invalid' });
    expect(second.stderr).not.toContain(accounts.alpha.password);
    await expectNothingChanged();
  });

  it('signs in to each registry with its own account and adds both to insecure-registries; passwords only in the keychain', async () => {
    const path = credentialsFile('accounts.json', bothAccounts(), 0o600);
    const result = await apply(path, ['--json']);
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(0);
    for (const account of Object.values(accounts)) expect(result.stdout + result.stderr).not.toContain(account.password);
    const out = ProfileApplyJsonSchema.parse(JSON.parse(result.stdout));
    expect(out.outcome).toBe('applied');
    expect(Object.fromEntries(out.logins.map((login) => [login.registry, login.username]))).toEqual({ [alpha.hostPort]: 'alice', [beta.hostPort]: 'bob' });

    const daemonJson = JSON.parse(readFileSync(dockerd.configFile, 'utf8')) as { 'insecure-registries'?: string[] };
    expect(daemonJson['insecure-registries']).toEqual(expect.arrayContaining([alpha.hostPort, beta.hostPort]));
    expect(JSON.parse((await docksideKeychainSecret(keyring, alpha.hostPort)) ?? '{}')).toEqual({ Username: 'alice', Secret: accounts.alpha.password });
    expect(JSON.parse((await docksideKeychainSecret(keyring, beta.hostPort)) ?? '{}')).toEqual({ Username: 'bob', Secret: accounts.beta.password });
    const configText = readFileSync(join(dockerConfig, 'config.json'), 'utf8');
    const config = JSON.parse(configText) as { credHelpers?: Record<string, string> };
    expect(config.credHelpers).toMatchObject({ [alpha.hostPort]: 'dockside', [beta.hostPort]: 'dockside' });
    for (const account of Object.values(accounts)) expect(configText).not.toContain(account.password);

    // As the developer: docker sends each registry its account (an image it does not hold is "not found", not "unauthorized").
    for (const registry of [alpha, beta]) {
      const pulled = await run('docker', ['pull', `${registry.hostPort}/team/none:1`], { env, timeoutMs: 60_000 });
      expect(pulled.code).not.toBe(0);
      expect(pulled.stderr).toMatch(/not found|manifest unknown/);
      expect(pulled.stderr).not.toMatch(/unauthorized|no basic auth/);
    }
  });
});
