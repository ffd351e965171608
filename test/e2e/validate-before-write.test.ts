import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorJsonSchema } from '../../shared/cli';
import { PrivilegedEventSchema, type PrivilegedResult } from '../../shared/plan';
import type { ApplyRequest } from '../../shared/privileged';
import { createCleanups } from '../harness/cleanup';
import { handWrittenApplyRequest } from '../harness/hand-written-request';
import { type Dockerd, startDockerd } from '../harness/dockerd';
import { dockside } from '../harness/dockside';
import { writeEngineOverride } from '../harness/engine-override-file';
import { english } from '../harness/english';
import { installAsRoot, type RootInstall } from '../harness/root-install';
import type { RunResult } from '../harness/run';
import { allowSudo, createUser, type UnprivilegedUser } from '../harness/sudo-user';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';

// Issue 18, Done-when 1: a daemon.json that dockerd would refuse is never written, so Docker is
// never restarted into it. Against isolated dockerds (engine pidfile:PATH): a tutorial's invented
// "registry-auth" key added while dockerd runs (it never loaded it), and a key the running
// dockerd also has as a flag. Through the CLI as root (the preview refuses), and as an
// unprivileged user through real sudo, where a hand-crafted request skips the preview and the
// elevated process itself must refuse.

const suffix = uniqueSuffix();
const mirrorUrl = (name: string): string => `http://${name}-${suffix}.dockside.test:5000/`;
const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const cleanups = createCleanups();
let dir: TempDir;

/** A file the way a tutorial leaves it: valid JSON, a key dockerd does not have. */
const withRegistryAuth = (text: string): string => {
  const value = JSON.parse(text) as Record<string, unknown>;
  return `${JSON.stringify({ ...value, 'registry-auth': { username: 'dev', password: 'tutorial-secret-1' } }, null, 2)}\n`;
};

/** Everything a refused change must leave as it was: the file's bytes, the files beside it, the state dir, the engine's process. */
function snapshot(dockerd: Dockerd, stateDir: string) {
  return {
    daemonJson: sha256(readFileSync(dockerd.configFile)),
    besideDaemonJson: readdirSync(dockerd.dir).filter((name) => name !== 'dockerd.log').sort(),
    stateDir: existsSync(stateDir) ? readdirSync(stateDir, { recursive: true }).map(String).filter((name) => name !== 'change.lock').sort() : null,
    pid: dockerd.pid(),
  };
}

function cliError(result: RunResult): { code: string; message?: string } {
  return ErrorJsonSchema.parse(JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '')).error;
}

const shown = (result: RunResult): string => `exit ${result.code}\nstdout: ${result.stdout.slice(-3000)}\nstderr: ${result.stderr.slice(-3000)}`;

beforeAll(() => {
  dir = makeTempDir('validate-before-write');
  cleanups.add(() => dir.remove());
});

afterAll(() => cleanups.run());

describe('as root, through the CLI', () => {
  async function engineAndEnv(options: Parameters<typeof startDockerd>[0], name: string): Promise<{ dockerd: Dockerd; env: NodeJS.ProcessEnv; stateDir: string }> {
    const dockerd = cleanups.track(await startDockerd(options));
    const stateDir = dir.join(`state-${name}`);
    return { dockerd, stateDir, env: { ...dockerd.env, DOCKSIDE_ENGINE: `pidfile:${dockerd.pidfile}`, DOCKSIDE_DAEMON_JSON: dockerd.configFile, DOCKSIDE_STATE_DIR: stateDir } };
  }

  it('a daemon.json with "registry-auth" (added while dockerd runs): mirrors use exits 1 naming the key; nothing written, no backup, no journal, the engine untouched', async () => {
    const { dockerd, env, stateDir } = await engineAndEnv({ daemonJson: { 'log-level': 'info' } }, 'registry-auth');
    writeFileSync(dockerd.configFile, withRegistryAuth(readFileSync(dockerd.configFile, 'utf8')));
    const before = snapshot(dockerd, stateDir);

    const result = await dockside(['mirrors', 'use', mirrorUrl('auth'), '--yes', '--json'], env);
    expect(result.code, shown(result)).toBe(1);
    const error = cliError(result);
    expect(error.code).toBe('daemon-json-refused');
    expect(error.message).toContain('"registry-auth"');
    expect(error.message).toContain("the following directives don't match any configuration option");
    expect(`${result.stdout}${result.stderr}`).not.toContain('tutorial-secret-1');

    expect(snapshot(dockerd, stateDir)).toEqual(before);
    expect((await dockerd.info()).RegistryConfig.Mirrors ?? []).toEqual([]);
    // What dockerd itself says of the file: the refusal was right.
    await expect(dockerd.reload()).rejects.toThrow(/don't match any configuration option: (username, password|password, username)/);
  });

  it('explains the refusal in Chinese, with the key still named', async () => {
    const { dockerd, env, stateDir } = await engineAndEnv({ daemonJson: { 'log-level': 'info' } }, 'registry-auth-zh');
    writeFileSync(dockerd.configFile, withRegistryAuth(readFileSync(dockerd.configFile, 'utf8')));
    const before = snapshot(dockerd, stateDir);
    const result = await dockside(['mirrors', 'use', mirrorUrl('zh'), '--yes', '--lang', 'zh-CN'], env);
    expect(result.code, shown(result)).toBe(1);
    expect(result.stderr).toContain('会被 dockerd 拒绝');
    expect(result.stderr).toContain('registry-auth');
    expect(result.stderr).toContain('[daemon-json-refused]');
    expect(snapshot(dockerd, stateDir)).toEqual(before);
  });

  it('dockerd started with --registry-mirror: mirrors use exits 1 naming the flag; nothing written, the engine keeps its mirror', async () => {
    const flagMirror = mirrorUrl('flag');
    const { dockerd, env, stateDir } = await engineAndEnv({ daemonJson: { 'log-level': 'info' }, extraArgs: ['--registry-mirror', flagMirror] }, 'flag');
    const before = snapshot(dockerd, stateDir);

    const result = await dockside(['mirrors', 'use', mirrorUrl('other'), '--yes', '--json'], env);
    expect(result.code, shown(result)).toBe(1);
    const error = cliError(result);
    expect(error.code).toBe('flag-collision');
    expect(error.message).toContain('--registry-mirror');
    expect(error.message).toContain('"registry-mirrors"');
    expect(error.message).toContain('the following directives are specified both as a flag and in the configuration file');

    expect(snapshot(dockerd, stateDir)).toEqual(before);
    expect((await dockerd.info()).RegistryConfig.Mirrors).toEqual([flagMirror]);
  });
});

describe('as an unprivileged user through sudo: the elevated process refuses by itself', () => {
  let install: RootInstall;
  let user: UnprivilegedUser;
  let dockerd: Dockerd;
  let stateDir: string;
  let requests = 0;

  beforeAll(async () => {
    chmodSync(dir.path, 0o755);
    install = installAsRoot();
    cleanups.add(() => install.remove());
    user = await createUser({ pathDirs: [install.binDir] });
    cleanups.add(() => user.remove());
    const sudoers = allowSudo(user, [{ command: '/usr/bin/node', args: [install.privileged, '*'] }]);
    cleanups.add(() => sudoers.remove());
    dockerd = cleanups.track(await startDockerd({ daemonJson: { 'log-level': 'info' }, extraArgs: ['--group', user.name, '--insecure-registry', `flagged-${suffix}.dockside.test:5000`] }));
    chmodSync(dockerd.dir, 0o755);
    chmodSync(dockerd.configFile, 0o644);
    stateDir = dir.join('state-sudo');
    mkdirSync(stateDir, { mode: 0o755 });
    const override = writeEngineOverride({ engine: `pidfile:${dockerd.pidfile}`, daemonJson: dockerd.configFile, certsDir: dir.join('certs.d'), dockerHost: dockerd.dockerHost, stateDir });
    cleanups.add(() => override.remove());
  });

  /** A request as the user could write it by hand, sent straight to the elevated entry (no preview). */
  async function elevate(parts: Partial<ApplyRequest>): Promise<{ ran: RunResult; result: PrivilegedResult | null }> {
    const request = handWrittenApplyRequest(`e2e-${suffix}-${++requests}`, sha256(readFileSync(dockerd.configFile)), parts);
    const ran = await user.run('sudo', ['-n', '/usr/bin/node', install.privileged, Buffer.from(JSON.stringify(request)).toString('base64')], { timeoutMs: 120_000 });
    const last = ran.stdout.trim().split('\n').at(-1) ?? '';
    let result: PrivilegedResult | null = null;
    try {
      const event = PrivilegedEventSchema.parse(JSON.parse(last));
      if (event.type === 'result') result = event;
    } catch {
      result = null;
    }
    return { ran, result };
  }

  it('a request that would write insecure-registries while dockerd has --insecure-registry: refused as flag-collision, nothing written', async () => {
    const before = snapshot(dockerd, stateDir);
    const { ran, result } = await elevate({ insecureRegistries: [`other-${suffix}.dockside.test:5000`] });
    expect(ran.code, shown(ran)).toBe(1);
    expect(result?.outcome, shown(ran)).toBe('failed');
    expect(result?.error?.code, shown(ran)).toBe('flag-collision');
    // The elevated process sends the error as a code and params; the reader renders it.
    expect(result?.error && english(result.error)).toContain('--insecure-registry');
    expect(snapshot(dockerd, stateDir)).toEqual(before);
    expect((await dockerd.info()).RegistryConfig.IndexConfigs?.[`flagged-${suffix}.dockside.test:5000`]).toBeDefined();
  });

  it('"registry-auth" in daemon.json: the user\'s CLI exits 1 naming it, and a request sent past the preview is refused by root as well', async () => {
    writeFileSync(dockerd.configFile, withRegistryAuth(readFileSync(dockerd.configFile, 'utf8')));
    chmodSync(dockerd.configFile, 0o644);
    const before = snapshot(dockerd, stateDir);

    const cli = await user.run('dockside', ['mirrors', 'use', mirrorUrl('user'), '--yes', '--json'], { timeoutMs: 180_000 });
    expect(cli.code, shown(cli)).toBe(1);
    expect(cliError(cli)).toMatchObject({ code: 'daemon-json-refused' });
    expect(cliError(cli).message).toContain('"registry-auth"');

    const { ran, result } = await elevate({ mirrors: [mirrorUrl('root')] });
    expect(ran.code, shown(ran)).toBe(1);
    expect(result?.error?.code, shown(ran)).toBe('daemon-json-refused');
    expect(result?.error && english(result.error)).toContain('"registry-auth"');
    expect(ran.stdout + ran.stderr).not.toContain('tutorial-secret-1');

    expect(snapshot(dockerd, stateDir)).toEqual(before);
    expect((await dockerd.info()).RegistryConfig.Mirrors ?? []).toEqual([]);
  });
});
