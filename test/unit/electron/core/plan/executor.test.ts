import { existsSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RegistrySettings } from '../../../../../shared/engine';
import type { Plan, PlanStep } from '../../../../../shared/plan';
import type { EngineControl } from '../../../../../electron/core/engine/control';
import { DocksideError } from '../../../../../electron/core/errors';
import type { Exec } from '../../../../../electron/core/platform/exec';
import { sha256Hex } from '../../../../../electron/core/platform/sha256';
import { executePlan, type ExecutorDeps } from '../../../../../electron/core/plan/executor';
import { lastUndoable, readJournal } from '../../../../../electron/core/plan/journal';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';

const ORIGINAL = '{\n  "registry-mirrors": ["http://old.example:5000"],\n  "data-root": "/data/docker"\n}\n';
const UPDATED = '{\n  "registry-mirrors": ["http://nexus.example:8001"],\n  "data-root": "/data/docker"\n}\n';
const OLD: RegistrySettings = { mirrors: ['http://old.example:5000/'], insecureRegistries: [] };
const NEW: RegistrySettings = { mirrors: ['http://nexus.example:8001/'], insecureRegistries: [] };
const NOW = new Date('2024-01-24T02:15:00.000Z');
const PLAN_ID = 'plan-20240124-0001';

/** The fake dockerd: what `docker info` reports, changed only by the fake reload/restart. */
interface EngineState {
  up: boolean;
  settings: RegistrySettings;
}

/** What dockerd would run with after reading `path` (mirrors get their trailing slash). */
function settingsInFile(path: string): RegistrySettings {
  if (!existsSync(path)) return { mirrors: [], insecureRegistries: [] };
  const value = JSON.parse(readFileSync(path, 'utf8')) as { 'registry-mirrors'?: string[]; 'insecure-registries'?: string[] };
  return {
    mirrors: (value['registry-mirrors'] ?? []).map((mirror) => `${mirror.replace(/\/+$/, '')}/`),
    insecureRegistries: value['insecure-registries'] ?? [],
  };
}

/** `docker info --format {{json .RegistryConfig}}` answered from the state, in dockerd 20.10's shape. */
function dockerExec(state: EngineState): Exec {
  return async (command, args) => {
    if (command !== 'docker' || args.join(' ') !== 'info --format {{json .RegistryConfig}}') {
      return { code: 1, stdout: '', stderr: `unexpected command ${command} ${args.join(' ')}`, timedOut: false };
    }
    if (!state.up) return { code: 1, stdout: '', stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?', timedOut: false };
    const indexConfigs: Record<string, unknown> = { 'docker.io': { Name: 'docker.io', Mirrors: state.settings.mirrors, Secure: true, Official: true } };
    for (const host of state.settings.insecureRegistries) indexConfigs[host] = { Name: host, Mirrors: [], Secure: false, Official: false };
    const config = { InsecureRegistryCIDRs: ['::1/128', '127.0.0.0/8'], IndexConfigs: indexConfigs, Mirrors: state.settings.mirrors };
    return { code: 0, stdout: `${JSON.stringify(config)}\n`, stderr: '', timedOut: false };
  };
}

type Behaviour = 'apply' | 'ignore' | 'fail';

/** reload/restart act on the state as scripted, one behaviour a call (the last one repeats). */
function fakeEngine(state: EngineState, file: string, script: { reload?: Behaviour[]; restart?: Behaviour[] }) {
  const next = (list: Behaviour[], calls: number): Behaviour => list[Math.min(calls, list.length - 1)] ?? 'apply';
  let reloads = 0;
  let restarts = 0;
  const engine = {
    spec: { kind: 'systemd' as const },
    daemonPid: vi.fn(async () => 4242),
    reload: vi.fn(async () => {
      const behaviour = next(script.reload ?? ['apply'], reloads++);
      if (behaviour === 'fail') throw new DocksideError('engine-reload-failed', '`systemctl reload docker` failed (exit 1)');
      // 'ignore': systemctl reload exits 0 although dockerd rejected the file.
      if (behaviour === 'apply') state.settings = settingsInFile(file);
    }),
    restart: vi.fn(async () => {
      const behaviour = next(script.restart ?? ['apply'], restarts++);
      if (behaviour === 'fail') {
        state.up = false;
        throw new DocksideError('engine-restart-failed', '`systemctl restart docker` failed (exit 1): Job for docker.service failed');
      }
      // 'ignore': the engine comes back with the settings it had (e.g. another config source wins).
      if (behaviour === 'apply') state.settings = settingsInFile(file);
      state.up = true;
    }),
    waitUntilReady: vi.fn(async () => {
      if (!state.up) throw new DocksideError('engine-did-not-start', 'The Docker engine did not answer.');
    }),
  } satisfies EngineControl;
  return engine;
}

const writeStep = (path: string, content: string, beforeSha256: string | null): PlanStep => ({ type: 'write-file', role: 'daemon-json', path, content, mode: 0o644, beforeSha256 });

const planOf = (steps: PlanStep[]): Plan => ({
  version: 1,
  id: PLAN_ID,
  action: 'apply',
  reason: 'Dockside needs administrator rights to write daemon.json and to reload the Docker engine.',
  engine: { kind: 'systemd' },
  steps,
});

const reloadPlan = (path: string): Plan => planOf([writeStep(path, UPDATED, sha256Hex(ORIGINAL)), { type: 'reload-engine' }, { type: 'verify', expected: NEW }]);

describe('executePlan', () => {
  let tmp: TempDir;
  let dir: string;
  let file: string;
  let stateDir: string;
  let state: EngineState;
  let progress: string[];

  beforeEach(() => {
    tmp = makeTempDir('executor');
    // checkNoSymlinks refuses a linked temp dir (macOS /var -> /private/var): use the real path.
    dir = realpathSync(tmp.path);
    file = `${dir}/daemon.json`;
    stateDir = `${dir}/state`;
    writeFileSync(file, ORIGINAL, { mode: 0o644 });
    state = { up: true, settings: OLD };
    progress = [];
  });
  afterEach(() => tmp.remove());

  const deps = (engine: EngineControl, fields: Partial<ExecutorDeps> = {}): ExecutorDeps => ({
    engine,
    target: { exec: dockerExec(state) },
    stateDir,
    allow: undefined,
    now: () => NOW,
    progress: (message) => progress.push(message),
    sleep: async () => undefined,
    reloadVerifyMs: 0,
    restartTimeoutMs: 1000,
    ...fields,
  });

  const backupsBeside = (path: string): string[] =>
    readdirSync(dirname(path))
      .filter((name) => name.startsWith('daemon.json.') && name.endsWith('.bak'))
      .map((name) => `${dirname(path)}/${name}`);

  it('applies with a reload: new file, dated backup of the old one beside it, journal begin + end applied', async () => {
    const engine = fakeEngine(state, file, { reload: ['apply'] });
    const result = await executePlan(reloadPlan(file), deps(engine));

    expect(result).toEqual({ type: 'result', outcome: 'applied', planId: PLAN_ID, backups: [{ path: file, backup: expect.any(String) }], active: NEW, differences: [] });
    expect(readFileSync(file, 'utf8')).toBe(UPDATED);
    const backup = result.backups[0]?.backup as string;
    expect(dirname(backup)).toBe(dir);
    expect(backup).toMatch(/\/daemon\.json\.\d{8}-\d{6}\.bak$/);
    expect(readFileSync(backup, 'utf8')).toBe(ORIGINAL);
    expect(backupsBeside(file)).toEqual([backup]);
    expect(engine.reload).toHaveBeenCalledTimes(1);
    expect(engine.restart).not.toHaveBeenCalled();

    const { entries, skipped } = await readJournal(stateDir);
    expect(skipped).toBe(0);
    const files = [{ path: file, role: 'daemon-json', backup, beforeSha256: sha256Hex(ORIGINAL), afterSha256: sha256Hex(UPDATED) }];
    expect(entries).toEqual([
      { id: PLAN_ID, at: NOW.toISOString(), phase: 'begin', action: 'apply', engine: { kind: 'systemd' }, files },
      { id: PLAN_ID, at: NOW.toISOString(), phase: 'end', action: 'apply', outcome: 'applied', engine: { kind: 'systemd' }, files },
    ]);
    expect(lastUndoable(entries)?.id).toBe(PLAN_ID);
  });

  it('restarts once when the reload did not take (systemctl reload exits 0 anyway), then applies', async () => {
    const engine = fakeEngine(state, file, { reload: ['ignore'], restart: ['apply'] });
    const result = await executePlan(reloadPlan(file), deps(engine));

    expect(result.outcome).toBe('applied');
    expect(result.error).toBeUndefined();
    expect(result.active).toEqual(NEW);
    expect(engine.reload).toHaveBeenCalledTimes(1);
    expect(engine.restart).toHaveBeenCalledTimes(1);
    expect(engine.waitUntilReady).toHaveBeenCalledWith(1000);
    expect(readFileSync(file, 'utf8')).toBe(UPDATED);
    expect(state.settings).toEqual(NEW);
  });

  it('restarts right away when the reload itself fails', async () => {
    const engine = fakeEngine(state, file, { reload: ['fail'], restart: ['apply'] });
    const result = await executePlan(reloadPlan(file), deps(engine));
    expect(result.outcome).toBe('applied');
    expect(engine.restart).toHaveBeenCalledTimes(1);
  });

  it('rolls back when the restart fails: old file back, engine restarted again with its old settings, verification-failed', async () => {
    const engine = fakeEngine(state, file, { reload: ['ignore'], restart: ['fail', 'apply'] });
    const result = await executePlan(reloadPlan(file), deps(engine));

    expect(result.outcome).toBe('rolled-back');
    expect(result.error?.code).toBe('verification-failed');
    expect(result.error?.message).toContain('systemctl restart docker');
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
    expect(engine.restart).toHaveBeenCalledTimes(2);
    expect(state).toEqual({ up: true, settings: OLD });
    expect(result.active).toEqual(OLD);
    expect(result.differences).toEqual([]);
    // The backup stays (it is the record of the file as it was).
    expect(readFileSync(result.backups[0]?.backup as string, 'utf8')).toBe(ORIGINAL);

    const { entries } = await readJournal(stateDir);
    expect(entries.map((entry) => [entry.phase, entry.outcome])).toEqual([
      ['begin', undefined],
      ['end', 'rolled-back'],
    ]);
    // Nothing to undo: the change did not stay.
    expect(lastUndoable(entries)).toBeUndefined();
  });

  it('rolls back when the engine comes back from the restart without the new settings', async () => {
    const engine = fakeEngine(state, file, { reload: ['ignore'], restart: ['ignore', 'apply'] });
    const result = await executePlan(reloadPlan(file), deps(engine));
    expect(result.outcome).toBe('rolled-back');
    expect(result.error?.code).toBe('verification-failed');
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
    expect(state.settings).toEqual(OLD);
  });

  it('reports failed (rollback-failed) when the engine does not come back even with the old file', async () => {
    const engine = fakeEngine(state, file, { reload: ['ignore'], restart: ['fail'] });
    const result = await executePlan(reloadPlan(file), deps(engine));
    expect(result.outcome).toBe('failed');
    expect(result.error?.code).toBe('rollback-failed');
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
    const { entries } = await readJournal(stateDir);
    expect(entries.at(-1)?.outcome).toBe('failed');
  });

  it('writes nothing when the file changed since the plan was made (file-changed), and leaves the engine alone', async () => {
    const edited = ORIGINAL.replace('/data/docker', '/srv/docker');
    writeFileSync(file, edited);
    const engine = fakeEngine(state, file, {});
    const result = await executePlan(reloadPlan(file), deps(engine));

    expect(result.outcome).toBe('failed');
    expect(result.error?.code).toBe('file-changed');
    expect(result.backups).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(edited);
    expect(readdirSync(dir).sort()).toEqual(['daemon.json']);
    expect(engine.reload).not.toHaveBeenCalled();
    expect(engine.restart).not.toHaveBeenCalled();
    expect(await readJournal(stateDir)).toEqual({ entries: [], skipped: 0 });
  });

  it('also refuses when a file the plan expected to create exists now', async () => {
    const target = `${dir}/new-daemon.json`;
    writeFileSync(target, '{}\n');
    const engine = fakeEngine(state, target, {});
    const result = await executePlan(planOf([writeStep(target, UPDATED, null)]), deps(engine));
    expect(result.error?.code).toBe('file-changed');
    expect(readFileSync(target, 'utf8')).toBe('{}\n');
  });

  it('fails cleanly when the file\'s directory is missing: nothing created, engine untouched, nothing to undo', async () => {
    const missing = `${dir}/missing/daemon.json`;
    const engine = fakeEngine(state, missing, {});
    const result = await executePlan(planOf([writeStep(missing, UPDATED, null), { type: 'reload-engine' }, { type: 'verify', expected: NEW }]), deps(engine));

    expect(result.outcome).toBe('failed');
    expect(result.error?.code).toBe('missing-directory');
    expect(existsSync(dirname(missing))).toBe(false);
    expect(engine.reload).not.toHaveBeenCalled();
    expect(engine.restart).not.toHaveBeenCalled();
    expect(state).toEqual({ up: true, settings: OLD });
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
    expect(lastUndoable((await readJournal(stateDir)).entries)).toBeUndefined();
  });

  it('refuses a path outside the allow-list before touching anything', async () => {
    const engine = fakeEngine(state, file, {});
    const result = await executePlan(reloadPlan(file), deps(engine, { allow: { files: ['/etc/docker/daemon.json'], certsDirs: ['/etc/docker/certs.d'] } }));
    expect(result.outcome).toBe('failed');
    expect(result.error?.code).toBe('path-not-allowed');
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
    expect(backupsBeside(file)).toEqual([]);
    expect(engine.reload).not.toHaveBeenCalled();
  });

  it('with no engine step, only writes the file and records it as applied', async () => {
    const engine = fakeEngine(state, file, {});
    const result = await executePlan(planOf([writeStep(file, UPDATED, sha256Hex(ORIGINAL))]), deps(engine));
    expect(result.outcome).toBe('applied');
    expect(readFileSync(file, 'utf8')).toBe(UPDATED);
    expect(engine.reload).not.toHaveBeenCalled();
    expect(engine.restart).not.toHaveBeenCalled();
    expect(state.settings).toEqual(OLD);
    expect((await readJournal(stateDir)).entries.at(-1)?.outcome).toBe('applied');
  });

  it('removes a file (remove-file step), keeping a backup of it', async () => {
    const engine = fakeEngine(state, file, {});
    const plan = planOf([{ type: 'remove-file', role: 'daemon-json', path: file, beforeSha256: sha256Hex(ORIGINAL) }, { type: 'restart-engine' }, { type: 'verify', expected: { mirrors: [], insecureRegistries: [] } }]);
    const result = await executePlan(plan, deps(engine));
    expect(result.outcome).toBe('applied');
    expect(existsSync(file)).toBe(false);
    expect(readFileSync(result.backups[0]?.backup as string, 'utf8')).toBe(ORIGINAL);
    expect(engine.restart).toHaveBeenCalledTimes(1);
    expect(engine.reload).not.toHaveBeenCalled();
    expect(state.settings).toEqual({ mirrors: [], insecureRegistries: [] });
  });
});
