import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RegistrySettings } from '../../../../../shared/engine';
import { msg } from '../../../../../shared/message';
import type { Plan, PlanStep } from '../../../../../shared/plan';
import type { ErrorValue } from '../../../../../shared/result';
import type { EngineControl } from '../../../../../electron/core/runtimes/docker/engine/engine-control';
import type { EngineLog } from '../../../../../electron/core/runtimes/docker/engine/reload-refusal';
import { DocksideError } from '../../../../../electron/core/errors';
import type { Exec } from '../../../../../electron/core/platform/exec';
import { sha256Hex } from '../../../../../electron/core/platform/sha256';
import { executePlan, type ExecutorDeps } from '../../../../../electron/core/plan/executor';
import { lastUndoable, readJournal } from '../../../../../electron/core/plan/journal';
import { english } from '../../../../harness/english';
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
      if (behaviour === 'fail') throw new DocksideError('engine-reload-failed', 'common.error.internal', { detail: '`systemctl reload docker` failed (exit 1)' });
      // 'ignore': systemctl reload exits 0 although dockerd rejected the file.
      if (behaviour === 'apply') state.settings = settingsInFile(file);
    }),
    restart: vi.fn(async () => {
      const behaviour = next(script.restart ?? ['apply'], restarts++);
      if (behaviour === 'fail') {
        state.up = false;
        throw new DocksideError('engine-restart-failed', 'common.error.internal', { detail: '`systemctl restart docker` failed (exit 1): Job for docker.service failed' });
      }
      // 'ignore': the engine comes back with the settings it had (e.g. another config source wins).
      if (behaviour === 'apply') state.settings = settingsInFile(file);
      state.up = true;
    }),
    waitUntilReady: vi.fn(async () => {
      if (!state.up) throw new DocksideError('engine-did-not-start', 'common.error.internal', { detail: 'The Docker engine did not answer.' });
    }),
  } satisfies EngineControl;
  return engine;
}

const writeStep = (path: string, content: string, beforeSha256: string | null): PlanStep => ({ type: 'write-file', role: 'daemon-json', path, content, mode: 0o644, beforeSha256 });

const planOf = (steps: PlanStep[]): Plan => ({
  version: 1,
  id: PLAN_ID,
  action: 'apply',
  reason: msg('plan.reason.write-reload', { path: '/etc/docker/daemon.json' }),
  engine: { kind: 'systemd' },
  steps,
});

const reloadPlan = (path: string): Plan => planOf([writeStep(path, UPDATED, sha256Hex(ORIGINAL)), { type: 'reload-engine' }, { type: 'verify', expected: NEW }]);

/** The error as an English reader sees it; empty when there is none. */
const said = (error: ErrorValue | undefined): string => (error === undefined ? '' : english(error));

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
    progress: (message) => progress.push(english(message)),
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
    // What the engine did not take (here: the failed restart's own error) is listed; the engine is back as it was.
    expect(result.differences.map(english).join('\n')).toContain('systemctl restart docker');
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
    expect(engine.restart).toHaveBeenCalledTimes(2);
    expect(state).toEqual({ up: true, settings: OLD });
    expect(result.active).toEqual(OLD);
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

  // Issue 18: never restart into a configuration the engine's log says it refused.
  const refusingLog = (refusal: string | undefined): EngineLog => ({ mark: async () => ({ kind: 'journal', sinceSeconds: 0 }), refusalSince: async () => refusal });
  const REFUSAL = 'unable to configure the Docker daemon with file /etc/docker/daemon.json: json: cannot unmarshal string into Go struct field Config.mtu of type int';

  it('does not restart when the log says dockerd refused the file on reload: old file back, reloaded, rolled back with the engine never stopped', async () => {
    const engine = fakeEngine(state, file, { reload: ['ignore'], restart: ['fail'] });
    const result = await executePlan(reloadPlan(file), deps(engine, { engineLog: refusingLog(REFUSAL) }));
    expect(result.outcome).toBe('rolled-back');
    expect(result.error?.code).toBe('verification-failed');
    expect(said(result.error)).toContain(`dockerd refused the new daemon.json on reload: "${REFUSAL}"`);
    expect(engine.restart).not.toHaveBeenCalled();
    expect(state).toEqual({ up: true, settings: OLD });
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
  });

  it('restarts as before when the log names no refusal', async () => {
    const engine = fakeEngine(state, file, { reload: ['ignore'], restart: ['apply'] });
    const result = await executePlan(reloadPlan(file), deps(engine, { engineLog: refusingLog(undefined) }));
    expect(result.outcome).toBe('applied');
    expect(engine.restart).toHaveBeenCalledTimes(1);
  });

  it('says exactly where a failed rollback leaves the machine: Docker stopped, its log and the command that starts it', async () => {
    const engine = fakeEngine(state, file, { reload: ['ignore'], restart: ['fail'] });
    const result = await executePlan(reloadPlan(file), deps(engine));
    expect(result.error?.code).toBe('rollback-failed');
    expect(said(result.error)).toContain('Docker is not running');
    expect(said(result.error)).toContain('journalctl -u docker');
    expect(said(result.error)).toContain('sudo systemctl start docker');
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

  describe('ca-cert steps (certs.d)', () => {
    const REGISTRY = 'nexus.example.com:8443';
    const CA_ONE = '-----BEGIN CERTIFICATE-----\nMIIBone\n-----END CERTIFICATE-----\n';
    const CA_TWO = '-----BEGIN CERTIFICATE-----\nMIIBtwo\n-----END CERTIFICATE-----\n';
    const TRUST_ID = 'trust-20240124-0001';
    let certs: string;
    let registryDir: string;
    let caPath: string;

    beforeEach(() => {
      certs = `${dir}/certs.d`;
      registryDir = `${certs}/${REGISTRY}`;
      caPath = `${registryDir}/ca.crt`;
      mkdirSync(certs, { mode: 0o755 });
    });

    const trustPlan = (steps: PlanStep[]): Plan => ({
      version: 1,
      id: TRUST_ID,
      action: 'apply',
      reason: msg('plan.reason.write', { path: caPath }),
      engine: { kind: 'systemd' },
      steps,
    });
    const addStep = (content: string, beforeSha256: string | null): PlanStep => ({ type: 'write-file', role: 'ca-cert', path: caPath, content, mode: 0o644, beforeSha256 });
    const removeStep = (beforeSha256: string): PlanStep => ({ type: 'remove-file', role: 'ca-cert', path: caPath, beforeSha256 });

    // The engine must stay untouched: dockerd reads certs.d on every connection.
    const engineOf = () => fakeEngine(state, `${dir}/daemon.json`, { reload: ['fail'], restart: ['fail'] });
    const expectEngineUntouched = (engine: ReturnType<typeof engineOf>): void => {
      expect(engine.reload).not.toHaveBeenCalled();
      expect(engine.restart).not.toHaveBeenCalled();
      expect(engine.waitUntilReady).not.toHaveBeenCalled();
      expect(engine.daemonPid).not.toHaveBeenCalled();
      expect(state).toEqual({ up: true, settings: OLD });
    };

    // Any `docker info` would fail: a plan without a verify step must not ask.
    const caDeps = (engine: EngineControl, fields: Partial<ExecutorDeps> = {}): ExecutorDeps =>
      deps(engine, { target: { exec: async () => ({ code: 1, stdout: '', stderr: 'docker info must not run for a ca-cert plan', timedOut: false }) }, ...fields });

    /** `<stateDir>/backups/certs.d/<registry>/ca.crt.YYYYMMDD-HHMMSS.bak`, NOW in local time as backupPathFor names it. */
    const expectedBackup = (): string => {
      const two = (n: number): string => String(n).padStart(2, '0');
      const stamp = `${NOW.getFullYear()}${two(NOW.getMonth() + 1)}${two(NOW.getDate())}-${two(NOW.getHours())}${two(NOW.getMinutes())}${two(NOW.getSeconds())}`;
      return `${stateDir}/backups/certs.d/${REGISTRY}/ca.crt.${stamp}.bak`;
    };

    const installed = (content: string, mode = 0o644): void => {
      mkdirSync(registryDir, { mode: 0o755 });
      writeFileSync(caPath, content, { mode });
      chmodSync(caPath, mode);
    };

    it('add: creates <certs.d>/<registry>/ (0755) and ca.crt (0644), no backup, engine untouched, journal role ca-cert', async () => {
      const engine = engineOf();
      const result = await executePlan(trustPlan([addStep(CA_ONE, null)]), caDeps(engine));

      expect(result).toEqual({ type: 'result', outcome: 'applied', planId: TRUST_ID, backups: [{ path: caPath, backup: null }], active: null, differences: [] });
      expect(readFileSync(caPath, 'utf8')).toBe(CA_ONE);
      expect(statSync(caPath).mode & 0o777).toBe(0o644);
      expect(statSync(registryDir).isDirectory()).toBe(true);
      expect(statSync(registryDir).mode & 0o777).toBe(0o755 & ~currentUmask());
      expect(readdirSync(registryDir)).toEqual(['ca.crt']);
      expect(readdirSync(certs)).toEqual([REGISTRY]);
      expect(existsSync(`${stateDir}/backups`)).toBe(false);
      expectEngineUntouched(engine);

      const { entries, skipped } = await readJournal(stateDir);
      expect(skipped).toBe(0);
      const files = [{ path: caPath, role: 'ca-cert', backup: null, beforeSha256: null, afterSha256: sha256Hex(CA_ONE), createdDir: true }];
      expect(entries).toEqual([
        { id: TRUST_ID, at: NOW.toISOString(), phase: 'begin', action: 'apply', engine: { kind: 'systemd' }, files },
        { id: TRUST_ID, at: NOW.toISOString(), phase: 'end', action: 'apply', outcome: 'applied', engine: { kind: 'systemd' }, files },
      ]);
      expect(lastUndoable(entries)?.id).toBe(TRUST_ID);
    });

    it('add over an existing ca.crt: the backup goes to <stateDir>/backups/certs.d/<registry>/, nothing new beside ca.crt', async () => {
      installed(CA_ONE);
      const engine = engineOf();
      const result = await executePlan(trustPlan([addStep(CA_TWO, sha256Hex(CA_ONE))]), caDeps(engine));

      expect(result.outcome).toBe('applied');
      expect(result.error).toBeUndefined();
      const backup = expectedBackup();
      expect(result.backups).toEqual([{ path: caPath, backup }]);
      expect(readFileSync(caPath, 'utf8')).toBe(CA_TWO);
      expect(readFileSync(backup, 'utf8')).toBe(CA_ONE);
      // Backups are readable by their owner only, whatever the original's mode.
      expect(statSync(backup).mode & 0o777).toBe(0o600);
      expect(readdirSync(registryDir)).toEqual(['ca.crt']);
      expect(readdirSync(dirname(backup))).toEqual([basename(backup)]);
      expect(progress).toContain(`Saved a backup of ${caPath} as ${backup}`);
      expectEngineUntouched(engine);

      const { entries } = await readJournal(stateDir);
      expect(entries.map((entry) => entry.files)).toEqual([
        [{ path: caPath, role: 'ca-cert', backup, beforeSha256: sha256Hex(CA_ONE), afterSha256: sha256Hex(CA_TWO), createdDir: false }],
        [{ path: caPath, role: 'ca-cert', backup, beforeSha256: sha256Hex(CA_ONE), afterSha256: sha256Hex(CA_TWO), createdDir: false }],
      ]);
      expect(entries.at(-1)?.outcome).toBe('applied');
    });

    it('add keeps an existing ca.crt\'s own mode', async () => {
      installed(CA_ONE, 0o600);
      const result = await executePlan(trustPlan([addStep(CA_TWO, sha256Hex(CA_ONE))]), caDeps(engineOf()));
      expect(result.outcome).toBe('applied');
      expect(statSync(caPath).mode & 0o777).toBe(0o600);
      expect(statSync(expectedBackup()).mode & 0o777).toBe(0o600);
    });

    /** ca.crt as a `trust add` by Dockside made it, its registry directory included. */
    const addedByDockside = async (content: string): Promise<void> => {
      const added = await executePlan({ ...trustPlan([addStep(content, null)]), id: 'trust-20240124-0000' }, caDeps(engineOf()));
      expect(added.outcome).toBe('applied');
    };

    it('remove: deletes ca.crt and the registry directory Dockside created once it is empty; the backup is in the state dir', async () => {
      await addedByDockside(CA_ONE);
      const engine = engineOf();
      const result = await executePlan(trustPlan([removeStep(sha256Hex(CA_ONE))]), caDeps(engine));

      expect(result.outcome).toBe('applied');
      expect(result.error).toBeUndefined();
      const backup = expectedBackup();
      expect(result.backups).toEqual([{ path: caPath, backup }]);
      expect(existsSync(caPath)).toBe(false);
      expect(existsSync(registryDir)).toBe(false);
      expect(readdirSync(certs)).toEqual([]);
      expect(readFileSync(backup, 'utf8')).toBe(CA_ONE);
      expect(progress).toContain(`Removed ${registryDir}`);
      expectEngineUntouched(engine);

      const { entries } = await readJournal(stateDir);
      expect(entries.slice(2).map((entry) => [entry.phase, entry.outcome])).toEqual([
        ['begin', undefined],
        ['end', 'applied'],
      ]);
      expect(entries.at(-1)?.files).toEqual([{ path: caPath, role: 'ca-cert', backup, beforeSha256: sha256Hex(CA_ONE), afterSha256: null }]);
    });

    it('remove keeps a registry directory that existed before Dockside trusted the registry, even empty', async () => {
      installed(CA_ONE);
      const result = await executePlan(trustPlan([removeStep(sha256Hex(CA_ONE))]), caDeps(engineOf()));

      expect(result.outcome).toBe('applied');
      expect(existsSync(caPath)).toBe(false);
      expect(readdirSync(registryDir)).toEqual([]);
      expect(progress).toContain(`Kept ${registryDir}: it existed before Dockside trusted this registry`);
    });

    it('remove keeps the registry directory, and the other file in it, when it holds something else', async () => {
      await addedByDockside(CA_ONE);
      const clientCert = `${registryDir}/client.cert`;
      writeFileSync(clientCert, 'client certificate\n');
      const engine = engineOf();
      const result = await executePlan(trustPlan([removeStep(sha256Hex(CA_ONE))]), caDeps(engine));

      expect(result.outcome).toBe('applied');
      expect(existsSync(caPath)).toBe(false);
      expect(readdirSync(registryDir)).toEqual(['client.cert']);
      expect(readFileSync(clientCert, 'utf8')).toBe('client certificate\n');
      expect(readFileSync(expectedBackup(), 'utf8')).toBe(CA_ONE);
      expect(progress).toContain(`Kept ${registryDir}: it holds other files`);
      expectEngineUntouched(engine);
    });

    it('remove refuses a ca.crt changed since the plan was made, and keeps everything', async () => {
      installed(CA_TWO);
      const engine = engineOf();
      const result = await executePlan(trustPlan([removeStep(sha256Hex(CA_ONE))]), caDeps(engine));
      expect(result.outcome).toBe('failed');
      expect(result.error?.code).toBe('file-changed');
      expect(readFileSync(caPath, 'utf8')).toBe(CA_TWO);
      expect(existsSync(`${stateDir}/backups`)).toBe(false);
      expectEngineUntouched(engine);
    });

    it('a failed later step puts a removed ca.crt back, recreating its registry directory', async () => {
      await addedByDockside(CA_ONE);
      const missing = `${dir}/missing/daemon.json`;
      const engine = engineOf();
      const plan = trustPlan([removeStep(sha256Hex(CA_ONE)), { type: 'write-file', role: 'daemon-json', path: missing, content: UPDATED, mode: 0o644, beforeSha256: null }]);
      const result = await executePlan(plan, caDeps(engine));

      expect(result.outcome).toBe('failed');
      expect(result.error?.code).toBe('missing-directory');
      expect(readFileSync(caPath, 'utf8')).toBe(CA_ONE);
      expect(readdirSync(registryDir)).toEqual(['ca.crt']);
      expect(progress).toContain(`Removed ${registryDir}`);
      expect(progress).toContain(`Restored ${caPath}`);
      expectEngineUntouched(engine);
      expect((await readJournal(stateDir)).entries.at(-1)?.outcome).toBe('failed');
    });

    it('a failed later step takes a new ca.crt away again, and the registry directory it created', async () => {
      const missing = `${dir}/missing/daemon.json`;
      const engine = engineOf();
      const plan = trustPlan([addStep(CA_ONE, null), { type: 'write-file', role: 'daemon-json', path: missing, content: UPDATED, mode: 0o644, beforeSha256: null }]);
      const result = await executePlan(plan, caDeps(engine));

      expect(result.outcome).toBe('failed');
      expect(result.error?.code).toBe('missing-directory');
      expect(existsSync(caPath)).toBe(false);
      expect(existsSync(registryDir)).toBe(false);
      expect(readdirSync(certs)).toEqual([]);
      expectEngineUntouched(engine);
    });

    it('an elevated run accepts <certs.d>/<registry>/ca.crt from its allow-list', async () => {
      const engine = engineOf();
      const allow = { files: ['/etc/docker/daemon.json'], certsDirs: [certs] };
      const result = await executePlan(trustPlan([addStep(CA_ONE, null)]), caDeps(engine, { allow }));
      expect(result.outcome).toBe('applied');
      expect(readFileSync(caPath, 'utf8')).toBe(CA_ONE);

      const elsewhere = await executePlan(trustPlan([{ type: 'write-file', role: 'ca-cert', path: `${dir}/other/${REGISTRY}/ca.crt`, content: CA_ONE, mode: 0o644, beforeSha256: null }]), caDeps(engine, { allow }));
      expect(elsewhere.error?.code).toBe('path-not-allowed');
      expect(existsSync(`${dir}/other`)).toBe(false);
      expectEngineUntouched(engine);
    });
  });

  /** The process's umask, read without changing it for more than an instant. */
  function currentUmask(): number {
    const mask = process.umask(0o022);
    process.umask(mask);
    return mask;
  }
});
