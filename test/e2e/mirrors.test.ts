import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeJsonSchema, StatusJsonSchema } from '../../shared/cli';
import { createCleanups } from '../harness/cleanup';
import { type Dockerd, type DockerdPaths, startDockerd } from '../harness/dockerd';
import { dockside } from '../harness/dockside';
import { addHosts } from '../harness/hosts';
import { type Keyring, startKeyring } from '../harness/keyring';
import { type Registry, startRegistry } from '../harness/registry';
import { run } from '../harness/run';
import { seedImage } from '../harness/seed-image';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';

// Issue 3 end to end: `dockside mirrors use|clear`, `rollback` and `status` against an isolated
// dockerd (engine pidfile:PATH, its own daemon.json), with Docker Hub played by a local registry
// that serves library/busybox: there is no internet, so only the mirror can serve `docker pull busybox`.

const suffix = uniqueSuffix();
const MIRROR_HOST = `mirror-${suffix}.dockside.test`;
const OTHER_HOST = `other-${suffix}.dockside.test`;

/** The file a team already has: other settings, a key Dockside does not model, 3-space indentation. */
const original = (paths: DockerdPaths): string =>
  [
    '{',
    `   "data-root": ${JSON.stringify(paths.dataRoot)},`,
    `   "deprecated-key-path": ${JSON.stringify(paths.keyPath)},`,
    '   "log-driver": "json-file",',
    '   "log-opts": {',
    '      "max-size": "10m",',
    '      "max-file": "3"',
    '   },',
    '   "features": {',
    '      "buildkit": true',
    '   }',
    '}',
    '',
  ].join('\n');

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

const cleanups = createCleanups();
let dir: TempDir;
let keyring: Keyring;
let hub: Registry;
let other: Registry;
let mirrorUrl: string;
let otherUrl: string;

/**
 * The docker CLI against `dockerd` as a user runs it: with a Secret Service to ask for
 * credentials (the CLI's default store here, consulted on every pull and push).
 */
function docker(dockerd: Dockerd, args: string[]) {
  return run('docker', args, { env: { ...dockerd.env, ...keyring.env }, timeoutMs: 120_000 });
}

/** Puts library/busybox into a registry on 127.0.0.1 (insecure by default for dockerd, so no setup). */
async function serveBusybox(dockerd: Dockerd, registry: Registry): Promise<void> {
  const ref = `${registry.hostPort}/library/busybox:latest`;
  await seedImage(dockerd, 'dockside-seed:1');
  for (const args of [['tag', 'dockside-seed:1', ref], ['push', ref], ['rmi', ref]]) {
    const result = await docker(dockerd, args);
    expect(result.code, `docker ${args.join(' ')}: ${result.stderr}`).toBe(0);
  }
}

/** The environment a user of this daemon would have, plus an isolated journal. */
function envFor(dockerd: Dockerd, stateDir: string): NodeJS.ProcessEnv {
  return {
    ...dockerd.env,
    ...keyring.env,
    DOCKSIDE_ENGINE: `pidfile:${dockerd.pidfile}`,
    DOCKSIDE_DAEMON_JSON: dockerd.configFile,
    DOCKSIDE_STATE_DIR: stateDir,
  };
}

beforeAll(async () => {
  dir = makeTempDir('mirrors');
  cleanups.add(() => dir.remove());
  // Mirror names resolve to 127.0.0.1, where the registries listen; mapped before any dockerd starts.
  const hosts = addHosts([MIRROR_HOST, OTHER_HOST], '127.0.0.1');
  cleanups.add(() => hosts.remove());
  keyring = cleanups.track(await startKeyring());
  hub = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } }));
  other = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } }));
  mirrorUrl = `http://${MIRROR_HOST}:${hub.hostPort.split(':')[1]}`;
  otherUrl = `http://${OTHER_HOST}:${other.hostPort.split(':')[1]}`;
});

afterAll(() => cleanups.run());

describe('mirrors use, then rollback, on a daemon.json with other settings', () => {
  let dockerd: Dockerd;
  let env: NodeJS.ProcessEnv;
  let before: string;
  let containerId: string;
  let startedAt: string;
  let pid: number;

  beforeAll(async () => {
    dockerd = cleanups.track(await startDockerd({ daemonJson: original }));
    env = envFor(dockerd, dir.join('state-main'));
    await serveBusybox(dockerd, hub);
    before = readFileSync(dockerd.configFile, 'utf8');
    // A container that must survive the switch: `cat` with stdin held open runs until stopped
    // (1 s stop timeout: the rollback below restarts the engine, which stops it).
    const started = await docker(dockerd, ['run', '-d', '-i', '--stop-timeout', '1', '--network', 'none', 'dockside-seed:1', 'cat']);
    expect(started.code, started.stderr).toBe(0);
    containerId = started.stdout.trim();
    startedAt = (await dockerd.docker(['inspect', '-f', '{{.State.StartedAt}}', containerId])).stdout.trim();
    pid = dockerd.pid();
  });

  it('changes only the registry-mirrors lines, keeps a dated backup, and the engine reports the mirror', async () => {
    const result = await dockside(['mirrors', 'use', mirrorUrl, '--yes', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const change = ChangeJsonSchema.parse(JSON.parse(result.stdout));
    expect(change.outcome).toBe('applied');
    expect(change.active?.mirrors).toEqual([`${mirrorUrl}/`]);

    const after = readFileSync(dockerd.configFile, 'utf8');
    const block = `   "registry-mirrors": [\n      "${mirrorUrl}/"\n   ],\n`;
    expect(after).toContain(block);
    expect(after.replace(block, '')).toBe(before);

    const backups = readdirSync(dockerd.dir).filter((name) => /^daemon\.json\.\d{8}-\d{6}(-\d+)?\.bak$/.test(name));
    expect(backups).toHaveLength(1);
    expect(readFileSync(`${dockerd.dir}/${backups[0]}`, 'utf8')).toBe(before);
    expect(change.backups).toEqual([{ path: dockerd.configFile, backup: `${dockerd.dir}/${backups[0]}` }]);

    expect((await dockerd.info()).RegistryConfig.Mirrors).toEqual([`${mirrorUrl}/`]);
  });

  it('lets `docker pull busybox` (a Docker Hub name) come through the mirror', async () => {
    const pulled = await docker(dockerd, ['pull', 'busybox']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    const ran = await docker(dockerd, ['run', '--rm', '--network', 'none', 'busybox', 'echo', 'via the mirror']);
    expect(ran.stdout.trim()).toBe('via the mirror');
  });

  it('reloaded rather than restarted: the container started before runs on with the same StartedAt', async () => {
    const state = await dockerd.docker(['inspect', '-f', '{{.State.Running}} {{.State.StartedAt}}', containerId]);
    expect(state.stdout.trim()).toBe(`true ${startedAt}`);
    expect(dockerd.pid()).toBe(pid);
  });

  it('status reports the engine, the file and the active mirror, with no drift', async () => {
    const result = await dockside(['status', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const status = StatusJsonSchema.parse(JSON.parse(result.stdout));
    expect(status.engine).toMatchObject({ kind: 'pidfile', running: true });
    expect(status.daemonJson.settings?.mirrors).toEqual([`${mirrorUrl}/`]);
    expect(status.active?.mirrors).toEqual([`${mirrorUrl}/`]);
    expect(status.drift).toEqual([]);
  });

  it('rollback restores the previous daemon.json and the engine reports the old (no) mirrors', async () => {
    const result = await dockside(['rollback', '--yes', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(ChangeJsonSchema.parse(JSON.parse(result.stdout)).outcome).toBe('applied');
    expect(readFileSync(dockerd.configFile, 'utf8')).toBe(before);
    // The file without the key: a reload would have kept the mirror, so the rollback restarted.
    expect((await dockerd.info()).RegistryConfig.Mirrors).toEqual([]);
  });

  it('rolls the next change forward and back again: use, clear writes [], rollback brings the mirror back', async () => {
    expect((await dockside(['mirrors', 'use', otherUrl, '--yes'], env)).code).toBe(0);
    const cleared = await dockside(['mirrors', 'clear', '--yes'], env);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(readFileSync(dockerd.configFile, 'utf8')).toContain('"registry-mirrors": [],');
    expect((await dockerd.info()).RegistryConfig.Mirrors).toEqual([]);
    const back = await dockside(['rollback', '--yes'], env);
    expect(back.code, back.stderr).toBe(0);
    expect((await dockerd.info()).RegistryConfig.Mirrors).toEqual([`${otherUrl}/`]);
  });

  it('--insecure also lists the host of an http mirror in insecure-registries, and the engine treats it as insecure', async () => {
    const hostPort = new URL(mirrorUrl).host;
    const result = await dockside(['mirrors', 'use', mirrorUrl, '--insecure', '--yes', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const file = JSON.parse(readFileSync(dockerd.configFile, 'utf8')) as Record<string, unknown>;
    expect(file['registry-mirrors']).toEqual([`${mirrorUrl}/`]);
    expect(file['insecure-registries']).toEqual([hostPort]);
    const registryConfig = (await dockerd.info()).RegistryConfig;
    expect(registryConfig.Mirrors).toEqual([`${mirrorUrl}/`]);
    expect(registryConfig.IndexConfigs[hostPort]?.Secure).toBe(false);
  });
});

describe('an invalid daemon.json', () => {
  it('exits 1 naming line and column, and leaves the file untouched', async () => {
    const path = dir.join('broken', 'daemon.json');
    mkdirSync(dir.join('broken'));
    writeFileSync(path, '{\n  "log-driver": "json-file"\n  "debug": true\n}\n');
    const hash = sha256(path);
    const result = await dockside(['mirrors', 'use', mirrorUrl, '--yes', '--engine', 'none', '--daemon-json', path], {
      ...process.env,
      DOCKSIDE_STATE_DIR: dir.join('state-broken'),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${path}:3:3`);
    expect(sha256(path)).toBe(hash);
    expect(readdirSync(dir.join('broken'))).toEqual(['daemon.json']);
  });

  it('is reported wholly in Chinese under zh-CN by mirrors use and status, the place named as editors count it', async () => {
    const path = dir.join('broken-zh', 'daemon.json');
    mkdirSync(dir.join('broken-zh'));
    writeFileSync(path, '{\n  "debug": true,\n}\n');
    const env = { ...process.env, DOCKSIDE_STATE_DIR: dir.join('state-broken-zh'), LANG: 'zh_CN.UTF-8', LC_ALL: 'zh_CN.UTF-8' };
    const sentence = `${path}:2:16：最后一项后面多了一个逗号。dockerd 无法使用这样的 daemon.json 启动，而 Dockside 不会覆盖它读不懂的文件：请手动修正（或恢复备份），然后重试。`;
    const use = await dockside(['mirrors', 'use', mirrorUrl, '--yes', '--engine', 'none', '--daemon-json', path], env);
    expect(use.code).toBe(1);
    expect(use.stderr).toContain(`${sentence} [daemon-json-invalid]`);
    const status = await dockside(['status', '--engine', 'none', '--daemon-json', path], env);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`daemon.json：${path}：${sentence}`);
    expect(status.stdout).toMatch(/^引擎：none，未运行$/m);
  });
});

describe('a change the engine does not take', () => {
  it('is rolled back by itself without a restart: dockerd refused the file on reload, so it is never restarted into it; exit 3', async () => {
    // A value of the wrong type (added while the engine runs, so it never loaded it) passes
    // Dockside's key checks, but dockerd refuses the whole file on reload, and at start.
    const dockerd = cleanups.track(await startDockerd({ daemonJson: original }));
    const env = envFor(dockerd, dir.join('state-refused'));
    writeFileSync(dockerd.configFile, readFileSync(dockerd.configFile, 'utf8').replace('"log-driver": "json-file",', '"log-driver": "json-file",\n   "max-concurrent-downloads": "three",'));
    const before = readFileSync(dockerd.configFile, 'utf8');
    const pid = dockerd.pid();

    const result = await dockside(['mirrors', 'use', otherUrl, '--yes', '--json'], env);
    expect(result.code, result.stdout + result.stderr).toBe(3);
    const change = ChangeJsonSchema.parse(JSON.parse(result.stdout));
    expect(change.outcome).toBe('rolled-back');
    const error = (JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '{}') as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('verification-failed');
    expect(error.message).toContain('json: cannot unmarshal string into Go struct field Config.max-concurrent-downloads of type int');
    expect(error.message).toContain('dockerd refused the new daemon.json on reload');
    expect(readFileSync(dockerd.configFile, 'utf8')).toBe(before);
    // Never restarted: the same process still answers, with its old (empty) mirrors.
    expect(dockerd.pid()).toBe(pid);
    expect((await dockerd.info()).RegistryConfig.Mirrors ?? []).toEqual([]);
  });
});
