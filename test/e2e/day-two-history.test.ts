import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeJsonSchema, StatusJsonSchema } from '../../shared/cli';
import { TrustChangeJsonSchema } from '../../shared/trust';
import { readJournal } from '../../electron/core/plan/journal';
import { createCa } from '../harness/certs';
import { createCleanups } from '../harness/cleanup';
import { type Dockerd, startDockerd } from '../harness/dockerd';
import { CLI_PATH, dockside } from '../harness/dockside';
import { type Registry, startRegistry } from '../harness/registry';
import { makeTempDir, type TempDir } from '../harness/tmp';

// Issue 18, items 2 and 3 end to end, through the CLI against an isolated dockerd: nothing to do
// means nothing happens; drift of insecure registries; a change killed between its write and its
// journal's end entry; backups pruned to the newest 10; certs.d directories that were not Dockside's.

const cleanups = createCleanups();
let dir: TempDir;
let one: Registry;
let two: Registry;
let mirrorOne: string;
let mirrorTwo: string;

/** The reloads dockerd has logged (it logs this line on every SIGHUP it applies). */
const reloads = (dockerd: Dockerd): number => dockerd.log().split('\n').filter((line) => line.includes('msg="Reloaded configuration')).length;
const backupsOf = (path: string): string[] =>
  readdirSync(dirname(path))
    .filter((name) => name.startsWith('daemon.json.') && name.endsWith('.bak'))
    .map((name) => join(dirname(path), name));

function envFor(dockerd: Dockerd, stateDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...dockerd.env, DOCKSIDE_ENGINE: `pidfile:${dockerd.pidfile}`, DOCKSIDE_DAEMON_JSON: dockerd.configFile, DOCKSIDE_STATE_DIR: stateDir, ...extra };
}

beforeAll(async () => {
  dir = makeTempDir('day-two-history');
  cleanups.add(() => dir.remove());
  one = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } }));
  two = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } }));
  mirrorOne = `http://${one.hostPort}`;
  mirrorTwo = `http://${two.hostPort}`;
});

afterAll(() => cleanups.run());

describe('nothing to do means nothing happens', () => {
  let dockerd: Dockerd;

  beforeAll(async () => {
    // Another tool wrote the mirrors on one line, without the trailing slash dockerd adds, no spaces.
    dockerd = cleanups.track(await startDockerd({ daemonJson: (paths) => `{"deprecated-key-path":${JSON.stringify(paths.keyPath)},"registry-mirrors":["${mirrorOne}","${mirrorTwo}/"]}\n` }));
  });

  it('mirrors use with the mirrors daemon.json already has: exit 0, already so, no backup, no journal, no reload', async () => {
    const text = readFileSync(dockerd.configFile, 'utf8');
    expect((await dockerd.info()).RegistryConfig.Mirrors).toEqual([`${mirrorOne}/`, `${mirrorTwo}/`]);
    const stateDir = dir.join('state-unchanged');
    const env = envFor(dockerd, stateDir);
    const pid = dockerd.pid();
    const reloadsBefore = reloads(dockerd);
    const backupsBefore = backupsOf(dockerd.configFile);

    const result = await dockside(['mirrors', 'use', `${mirrorOne}/`, mirrorTwo, '--yes', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(ChangeJsonSchema.parse(JSON.parse(result.stdout)).outcome).toBe('unchanged');
    const zh = await dockside(['mirrors', 'use', mirrorOne, mirrorTwo, '--yes', '--lang', 'zh-CN'], env);
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toContain('无需操作');

    expect(readFileSync(dockerd.configFile, 'utf8')).toBe(text);
    expect(backupsOf(dockerd.configFile)).toEqual(backupsBefore);
    expect(existsSync(join(stateDir, 'journal.jsonl'))).toBe(false);
    // Give a stray SIGHUP time to show in the log before counting.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(dockerd.pid()).toBe(pid);
    expect(reloads(dockerd)).toBe(reloadsBefore);
  });

  it('mirrors clear on a file and engine without mirrors: exit 0, already so, nothing written or reloaded', async () => {
    const text = `${JSON.stringify({ 'deprecated-key-path': JSON.parse(readFileSync(dockerd.configFile, 'utf8'))['deprecated-key-path'] as string })}\n`;
    writeFileSync(dockerd.configFile, text);
    const stateDir = dir.join('state-unchanged-clear');
    const env = envFor(dockerd, stateDir);
    // The engine still runs with the mirrors: clear must first really clear them (one reload).
    const first = await dockside(['mirrors', 'clear', '--yes', '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    const afterFirst = readFileSync(dockerd.configFile, 'utf8');
    const pid = dockerd.pid();
    const reloadsBefore = reloads(dockerd);
    const backupsBefore = backupsOf(dockerd.configFile);
    const journalBefore = readFileSync(join(stateDir, 'journal.jsonl'), 'utf8');

    const again = await dockside(['mirrors', 'clear', '--yes', '--json'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(ChangeJsonSchema.parse(JSON.parse(again.stdout)).outcome).toBe('unchanged');
    expect(readFileSync(dockerd.configFile, 'utf8')).toBe(afterFirst);
    expect(backupsOf(dockerd.configFile)).toEqual(backupsBefore);
    expect(readFileSync(join(stateDir, 'journal.jsonl'), 'utf8')).toBe(journalBefore);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(dockerd.pid()).toBe(pid);
    expect(reloads(dockerd)).toBe(reloadsBefore);
  });
});

describe('drift of insecure registries', () => {
  it('an engine still treating registries as insecure that daemon.json no longer names: status and status --json name each', async () => {
    const dockerd = cleanups.track(await startDockerd({ daemonJson: { 'insecure-registries': ['legacy.dockside.test:5000', '10.77.0.0/16'] } }));
    // A reload of a file without the key keeps the engine's old values (FACTS §1).
    const { 'insecure-registries': _dropped, ...rest } = JSON.parse(readFileSync(dockerd.configFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(dockerd.configFile, `${JSON.stringify(rest, null, 2)}\n`);
    await dockerd.reload();
    const env = envFor(dockerd, dir.join('state-drift'));

    const json = await dockside(['status', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    const status = StatusJsonSchema.parse(JSON.parse(json.stdout));
    expect(status.driftItems).toEqual(
      expect.arrayContaining([
        { kind: 'insecure-still-applied', entry: 'legacy.dockside.test:5000' },
        { kind: 'insecure-still-applied', entry: '10.77.0.0/16' },
      ]),
    );
    // Each drift sentence as a code with params, and rendered beside it for scripts.
    const drift = status.drift.map((item) => item.message ?? '');
    expect(drift.some((line) => line.includes('legacy.dockside.test:5000') && line.includes('insecure'))).toBe(true);
    expect(drift.some((line) => line.includes('10.77.0.0/16') && line.includes('insecure'))).toBe(true);
    expect(status.drift).toContainEqual(expect.objectContaining({ code: 'engine.drift.insecure-still-applied', params: { entry: '10.77.0.0/16' } }));
    const text = await dockside(['status'], env);
    expect(text.stdout).toContain('legacy.dockside.test:5000');
    expect(text.stdout).toContain('10.77.0.0/16');
  });
});

describe('a change killed between its write and its journal end entry', () => {
  it('status reports it unfinished and rollback restores the file', async () => {
    const dockerd = cleanups.track(await startDockerd({ daemonJson: {} }));
    const stateDir = dir.join('state-crash');
    const env = envFor(dockerd, stateDir);
    const before = readFileSync(dockerd.configFile, 'utf8');

    // The CLI and the privileged process it starts share a process group: SIGKILL all of it the
    // moment the new daemon.json is renamed into place (before the reload and verify finish).
    const child = spawn(process.execPath, [CLI_PATH, 'mirrors', 'use', mirrorTwo, '--yes'], { env, detached: true, stdio: 'ignore' });
    let killed = false;
    const watcher = watch(dirname(dockerd.configFile), () => {
      if (killed) return;
      let now = '';
      try {
        now = readFileSync(dockerd.configFile, 'utf8');
      } catch {
        return;
      }
      if (now.includes(mirrorTwo)) {
        killed = true;
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      }
    });
    await new Promise<void>((resolve) => child.on('exit', () => resolve()));
    watcher.close();
    expect(killed, 'the change ended before the test could kill it').toBe(true);
    expect(readFileSync(dockerd.configFile, 'utf8')).toContain(mirrorTwo);
    const { entries } = await readJournal(stateDir);
    expect(entries.map((entry) => entry.phase)).toEqual(['begin']);
    const id = entries[0]?.id;

    const status = await dockside(['status', '--json'], env);
    expect(status.code, status.stderr).toBe(0);
    expect(StatusJsonSchema.parse(JSON.parse(status.stdout)).unfinished).toEqual([expect.objectContaining({ id, action: 'apply', files: [dockerd.configFile] })]);
    const text = await dockside(['status'], env);
    expect(text.stdout).toContain(`Unfinished change: ${id}`);

    const rollback = await dockside(['rollback', '--yes', '--json'], env);
    expect(rollback.code, rollback.stderr + rollback.stdout).toBe(0);
    expect(readFileSync(dockerd.configFile, 'utf8')).toBe(before);
    expect((await dockerd.info()).RegistryConfig.Mirrors ?? []).toEqual([]);
    const after = StatusJsonSchema.parse(JSON.parse((await dockside(['status', '--json'], env)).stdout));
    expect(after.unfinished).toEqual([]);
  });
});

describe('backups', () => {
  it('12 applies leave the newest 10 backups of daemon.json', async () => {
    const dockerd = cleanups.track(await startDockerd({ daemonJson: {} }));
    const stateDir = dir.join('state-prune');
    const env = envFor(dockerd, stateDir);
    for (let i = 0; i < 12; i++) {
      const result = await dockside(['mirrors', 'use', i % 2 === 0 ? mirrorOne : mirrorTwo, '--yes', '--json'], env);
      expect(result.code, result.stderr).toBe(0);
    }
    const ends = (await readJournal(stateDir)).entries.filter((entry) => entry.phase === 'end');
    const recorded = ends.map((entry) => entry.files[0]?.backup ?? '');
    expect(recorded).toHaveLength(12);
    expect(backupsOf(dockerd.configFile).sort()).toEqual(recorded.slice(2).sort());
    for (const gone of recorded.slice(0, 2)) expect(existsSync(gone)).toBe(false);
  });
});

describe('trust remove removes only what Dockside created', () => {
  it('keeps a certs.d directory that existed before trust add, and removes one Dockside made', async () => {
    const dockerd = cleanups.track(await startDockerd());
    const certsDir = dir.join('certs.d');
    mkdirSync(certsDir, { recursive: true });
    const env = envFor(dockerd, dir.join('state-trust'), { DOCKSIDE_CERTS_DIR: certsDir });
    const ca = await createCa(dir.path, { commonName: 'Dockside history test CA' });
    const admins = join(certsDir, 'admins.dockside.test:5000');
    const ours = join(certsDir, 'ours.dockside.test:5000');
    mkdirSync(admins);

    for (const registry of ['admins.dockside.test:5000', 'ours.dockside.test:5000']) {
      const added = await dockside(['trust', 'add', registry, '--ca-file', ca.certPath, '--fingerprint', ca.fingerprintSha256, '--yes', '--json'], env);
      expect(added.code, added.stderr + added.stdout).toBe(0);
    }
    expect(readdirSync(admins)).toEqual(['ca.crt']);
    expect(readdirSync(ours)).toEqual(['ca.crt']);
    // The same CA again is already so: no journal entry.
    const journal = join(dir.join('state-trust'), 'journal.jsonl');
    const journalBefore = readFileSync(journal, 'utf8');
    const again = await dockside(['trust', 'add', 'ours.dockside.test:5000', '--ca-file', ca.certPath, '--fingerprint', ca.fingerprintSha256, '--yes', '--json'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(TrustChangeJsonSchema.parse(JSON.parse(again.stdout)).outcome).toBe('unchanged');
    expect(readFileSync(journal, 'utf8')).toBe(journalBefore);
    for (const registry of ['admins.dockside.test:5000', 'ours.dockside.test:5000']) {
      const removed = await dockside(['trust', 'remove', registry, '--yes', '--json'], env);
      expect(removed.code, removed.stderr + removed.stdout).toBe(0);
    }
    expect(existsSync(admins)).toBe(true);
    expect(readdirSync(admins)).toEqual([]);
    expect(existsSync(ours)).toBe(false);
  });
});
