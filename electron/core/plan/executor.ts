import { lstat, mkdir, rmdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { RegistrySettings } from '../../../shared/engine';
import { type Message, type MessageCode, msg } from '../../../shared/message';
import type { Backup, ApplyOutcome, Plan, PrivilegedResult, RefreshOsTrustStep, RemoveFileStep, WriteFileStep } from '../../../shared/plan';
import type { EngineControl } from '../runtimes/docker/engine/engine-control';
import type { DockerTarget } from '../runtimes/docker/engine/docker-cli';
import { engineCommands } from '../runtimes/docker/engine/engine-commands';
import type { EngineLog } from '../runtimes/docker/engine/reload-refusal';
import { DocksideError, errorMessage, toErrorValue } from '../errors';
import { readFileState } from '../platform/file-state';
import type { AnchorChange, OsTrustDeps } from '../trust/os-store/store';
import { checkToolsInstalled } from '../trust/os-store/run-tool';
import { verifyOsTrust } from '../trust/os-store/verify-os-trust';
import { sha256Hex } from '../platform/sha256';
import { type AllowList, checkAllowedPath, checkNoSymlinks } from './allow-list';
import { atomicWriteFile, removeFile, removeStaleTempFiles } from './atomic-write';
import { DEFAULT_KEEP_BACKUPS, pruneBackups, saveBackup } from './backup';
import { appendJournal, type JournalEntry, lastUndoable, readJournal } from './journal';
import { activeOrNull, verifyWithin, type Verification } from './verify';

export interface ExecutorDeps {
  engine: EngineControl;
  target: DockerTarget;
  /** Where the journal lives (the app's state dir). */
  stateDir: string;
  /** The paths an elevated run may write; undefined when the process has only its caller's rights. */
  allow: AllowList | undefined;
  now: () => Date;
  progress: (message: Message) => void;
  sleep: (ms: number) => Promise<void>;
  /** How long a reload may take to show in `docker info`. */
  reloadVerifyMs: number;
  /** How long the engine may take to answer again after a restart. */
  restartTimeoutMs: number;
  /** Backups kept per file after a successful change (DEFAULT_KEEP_BACKUPS when not given). */
  keepBackups?: number;
  /** What the engine reported just before, when the caller asked it already (under the change lock): not asked again. */
  activeBefore?: RegistrySettings | null;
  /** Where dockerd says why a reload did not take; without it a reload that did not take becomes a restart. */
  engineLog?: EngineLog;
  /** This machine's OS trust store; a plan with OS store steps is refused without it. */
  osTrust?: OsTrustDeps;
}

type FileStep = WriteFileStep | RemoveFileStep;

/**
 * Applies one Plan (DESIGN §2): check every path and that no file changed since the plan was
 * made, back each file up, journal, write atomically, reload or restart, verify with
 * `docker info`, and on a failed verification put the old files back and bring the engine
 * back to its old settings. Never throws: the outcome is the result.
 */
export async function executePlan(plan: Plan, deps: ExecutorDeps): Promise<PrivilegedResult> {
  const fileSteps = plan.steps.filter((step): step is FileStep => step.type === 'write-file' || step.type === 'remove-file');
  const result = (outcome: ApplyOutcome, backups: Backup[], verification: Verification | null, error?: unknown, differences?: Message[]): PrivilegedResult => ({
    type: 'result',
    outcome,
    planId: plan.id,
    backups,
    active: verification?.active ?? null,
    differences: differences ?? verification?.differences ?? [],
    ...(error === undefined ? {} : { error: toErrorValue(error) }),
  });

  const refresh = plan.steps.find((step): step is RefreshOsTrustStep => step.type === 'refresh-os-trust');
  try {
    for (const step of fileSteps) await checkFileStep(step, deps.allow);
    if ((refresh !== undefined || fileSteps.some((step) => step.role === 'os-ca')) && refresh?.store !== deps.osTrust?.store.kind) {
      throw new DocksideError('os-store-unavailable', 'tls.error.os-store.unavailable', { store: refresh?.store ?? '' });
    }
    if (refresh !== undefined && deps.osTrust !== undefined) checkToolsInstalled(deps.osTrust.store.tools, deps.osTrust.tools);
  } catch (error) {
    return result('failed', [], null, error);
  }

  const verifyStep = plan.steps.find((step) => step.type === 'verify');
  // The engine's settings before the change: what a rollback must bring back.
  const before = verifyStep ? (deps.activeBefore !== undefined ? deps.activeBefore : await activeOrNull(deps.target)) : null;

  const files: JournalEntry['files'] = [];
  const anchors: AnchorChange[] = [];
  try {
    for (const step of fileSteps) {
      await removeStaleTempFiles(step.path);
      if (step.role === 'os-ca') {
        anchors.push({ path: step.path, before: (await readFileState(step.path))?.bytes.toString('utf8') ?? null, after: step.type === 'write-file' ? step.content : null });
      }
      const backup = await saveBackup(step.path, deps.now(), backupDirFor(step, deps.stateDir));
      if (backup) deps.progress(msg('plan.progress.backup-saved', { path: step.path, backup }));
      files.push({
        path: step.path,
        role: step.role,
        backup,
        beforeSha256: step.beforeSha256,
        afterSha256: step.type === 'write-file' ? sha256Hex(step.content) : null,
        ...(step.role === 'ca-cert' && step.type === 'write-file' ? { createdDir: !(await exists(dirname(step.path))) } : {}),
      });
    }
  } catch (error) {
    return result('failed', files.map(toBackup), null, error);
  }
  const journal = (phase: 'begin' | 'end', outcome?: ApplyOutcome): Promise<void> =>
    appendJournal(deps.stateDir, {
      id: plan.id,
      at: deps.now().toISOString(),
      phase,
      action: plan.action,
      ...(plan.undoes === undefined ? {} : { undoes: plan.undoes }),
      ...(outcome === undefined ? {} : { outcome }),
      engine: plan.engine,
      files,
    });
  const backups = files.map(toBackup);
  // Once files are written, a journal that cannot record the outcome is reported, never thrown.
  const end = (outcome: ApplyOutcome): Promise<unknown> =>
    journal('end', outcome).catch((error: unknown) => {
      deps.progress(msg('plan.progress.journal-failed'));
      deps.progress(errorMessage(error));
    });

  try {
    await journal('begin');
    for (const step of fileSteps) await applyFileStep(step, deps);
  } catch (error) {
    const restored = await restoreFiles(files, deps).then(() => undefined, (restoreError: unknown) => restoreError);
    await end('failed');
    return result('failed', backups, null, restored ?? error);
  }

  if (refresh !== undefined && deps.osTrust !== undefined) {
    const os = await applyToOsStore(plan, anchors, deps.osTrust, deps);
    if (os !== undefined) {
      deps.progress(msg('tls.os-store.progress.putting-back'));
      const restored = await restoreFiles(files, deps).then(
        () => refreshOsStore(reversed(anchors), deps.osTrust, deps),
        (error: unknown) => error,
      );
      const rolledBack = os.failure !== undefined && restored === undefined;
      await end(rolledBack ? 'rolled-back' : 'failed');
      return result(rolledBack ? 'rolled-back' : 'failed', backups, null, restored ?? os.error, os.failure === undefined ? undefined : [os.failure]);
    }
  }

  const outcome = await applyToEngine(plan, deps);
  if (outcome.ok) {
    await end('applied');
    await pruneAfterSuccess(deps);
    return result('applied', backups, outcome.verification);
  }

  deps.progress(msg('plan.progress.not-taken'));
  try {
    await restoreFiles(files, deps);
    const refreshed = refresh === undefined ? undefined : await refreshOsStore(reversed(anchors), deps.osTrust, deps);
    if (refreshed !== undefined) throw refreshed;
  } catch (error) {
    await end('failed');
    return result('failed', backups, outcome.verification, error);
  }
  const recovered = await recoverEngine(before, deps);
  const rolledBack = recovered.differences.length === 0;
  await end(rolledBack ? 'rolled-back' : 'failed');
  const failure = rolledBack
    ? new DocksideError('verification-failed', outcome.refusal === undefined ? 'plan.error.verification-failed' : 'plan.error.verification-failed.refused', { refusal: outcome.refusal ?? '' })
    : machineState(plan, recovered, fileSteps.map((step) => step.path));
  // Rolled back, the engine is as before: what it did not take is the news. Otherwise, how it differs now.
  return result(rolledBack ? 'rolled-back' : 'failed', backups, recovered, failure, rolledBack ? outcome.why : undefined);
}

/**
 * daemon.json's backups stay beside it, where the tutorials keep theirs; a CA's go to the state
 * dir, so that removing trust can remove the registry's certs.d directory it created.
 */
function backupDirFor(step: FileStep, stateDir: string): string {
  if (step.role === 'ca-cert') return join(stateDir, 'backups', 'certs.d', basename(dirname(step.path)));
  // Never beside an OS store anchor: the store's tool reads every file of that directory.
  if (step.role === 'os-ca') return join(stateDir, 'backups', 'os-store');
  return dirname(step.path);
}

/**
 * After the OS store's files: its own tool makes it reflect them, then every verify-os-trust
 * step must hold. Undefined when all did; else the error (a tool failed) or the failed check.
 */
async function applyToOsStore(plan: Plan, anchors: readonly AnchorChange[], os: OsTrustDeps, deps: ExecutorDeps): Promise<{ error: unknown; failure?: Message } | undefined> {
  const refreshed = await refreshOsStore(anchors, os, deps);
  if (refreshed !== undefined) return { error: refreshed };
  try {
    for (const step of plan.steps) {
      if (step.type !== 'verify-os-trust') continue;
      deps.progress(msg('tls.os-store.progress.verifying', { fingerprint: step.sha256 }));
      const verdict = await verifyOsTrust(os.store, os.tools, step, os.validates);
      for (const note of verdict.notes) deps.progress(note);
      if (verdict.failure !== undefined) {
        deps.progress(verdict.failure);
        return { error: new DocksideError('verification-failed', 'tls.error.os-store.verify-failed'), failure: verdict.failure };
      }
    }
  } catch (error) {
    return { error };
  }
  return undefined;
}

/** Runs the store's refresh for these anchors; the error when it failed, undefined when it ran (or there was nothing to do). */
async function refreshOsStore(anchors: readonly AnchorChange[], os: OsTrustDeps | undefined, deps: ExecutorDeps): Promise<unknown> {
  if (os === undefined || anchors.length === 0) return undefined;
  try {
    deps.progress(msg('tls.os-store.progress.refreshing', { command: os.store.refreshCommands(anchors).map((argv) => argv.join(' ')).join('; ') }));
    await os.store.refresh(anchors, os.tools);
    return undefined;
  } catch (error) {
    return error;
  }
}

/** The anchors as putting the old files back changes them. */
function reversed(anchors: readonly AnchorChange[]): AnchorChange[] {
  return anchors.map((anchor) => ({ path: anchor.path, before: anchor.after, after: anchor.before }));
}

const toBackup = (file: JournalEntry['files'][number]): Backup => ({ path: file.path, backup: file.backup });

async function checkFileStep(step: FileStep, allow: AllowList | undefined): Promise<void> {
  if (allow) checkAllowedPath(step.path, step.role, allow);
  await checkNoSymlinks(step.path);
  const current = (await readFileState(step.path))?.sha256 ?? null;
  if (current !== step.beforeSha256) {
    throw new DocksideError('file-changed', 'plan.error.file-changed.since-read', { path: step.path });
  }
}

async function applyFileStep(step: FileStep, deps: ExecutorDeps): Promise<void> {
  if (step.type === 'remove-file') {
    deps.progress(msg('plan.progress.removing', { path: step.path }));
    await removeFile(step.path);
    if (step.role === 'ca-cert') await removeRegistryDirIfOurs(step.path, await createdRegistryDir(step.path, deps.stateDir), deps);
    return;
  }
  deps.progress(msg('plan.progress.writing', { path: step.path }));
  if (step.role === 'ca-cert') await createRegistryDir(step.path);
  // macOS and Windows keep Dockside's copies in the state dir, created on first use.
  if (step.role === 'os-ca') await mkdir(dirname(step.path), { mode: 0o755, recursive: true });
  await atomicWriteFile(step.path, step.content, { mode: step.mode });
}

/** A registry's certs.d directory is created on first trust. */
async function createRegistryDir(caPath: string): Promise<void> {
  await mkdir(dirname(caPath), { mode: 0o755, recursive: true });
}

/**
 * Whether Dockside made this CA's certs.d directory: the journal's newest change that created
 * the ca.crt says so. A directory that was there before (the administrator's, even empty) is theirs.
 */
async function createdRegistryDir(caPath: string, stateDir: string): Promise<boolean> {
  const { entries } = await readJournal(stateDir);
  for (const entry of [...entries].reverse()) {
    const file = entry.files.find((f) => f.path === caPath && f.beforeSha256 === null && f.afterSha256 !== null);
    if (file !== undefined) return file.createdDir === true;
  }
  return false;
}

/** The registry's certs.d directory goes with its CA when Dockside made it, unless it holds something else (client certificates, say). */
async function removeRegistryDirIfOurs(caPath: string, createdByDockside: boolean, deps: ExecutorDeps): Promise<void> {
  const dir = dirname(caPath);
  if (!createdByDockside) {
    deps.progress(msg('plan.progress.dir-kept-existed', { dir }));
    return;
  }
  try {
    await rmdir(dir);
    deps.progress(msg('plan.progress.dir-removed', { dir }));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
    deps.progress(msg('plan.progress.dir-kept-files', { dir }));
  }
}

/**
 * Puts every file back as it was: the backup's bytes, or no file when there was none. Only a
 * file that still holds what this change wrote is put back (one not written yet is as it was):
 * anything else was written by someone else since, and restoring over it would undo their change.
 */
async function restoreFiles(files: JournalEntry['files'], deps: ExecutorDeps): Promise<void> {
  const changedSince: string[] = [];
  for (const file of [...files].reverse()) {
    const current = (await readFileState(file.path))?.sha256 ?? null;
    if (current === file.beforeSha256) continue;
    if (current !== file.afterSha256) {
      changedSince.push(file.path);
      continue;
    }
    if (file.backup === null) {
      await removeFile(file.path);
      if (file.role === 'ca-cert') await removeRegistryDirIfOurs(file.path, file.createdDir === true, deps);
    } else {
      if (file.role === 'ca-cert') await createRegistryDir(file.path);
      const saved = await readFileState(file.backup);
      if (saved === null) throw new DocksideError('backup-missing', 'plan.error.backup-missing.restore', { backup: file.backup, path: file.path });
      // An existing file keeps its mode; one that is gone comes back as Docker's files are (backups are 0600).
      await atomicWriteFile(file.path, saved.bytes, { mode: 0o644 });
    }
    deps.progress(msg('plan.progress.restored', { path: file.path }));
  }
  if (changedSince.length > 0) {
    throw new DocksideError('restore-skipped', 'plan.error.restore-skipped', { paths: changedSince.join(', ') });
  }
}

/** Old backups go once the change is safely recorded; the one the offered rollback needs stays. A failure here never fails the change. */
async function pruneAfterSuccess(deps: ExecutorDeps): Promise<void> {
  try {
    const { entries } = await readJournal(deps.stateDir);
    const next = lastUndoable(entries);
    const protect = new Set((next?.files ?? []).flatMap((file) => (file.backup === null ? [] : [file.backup])));
    const removed = await pruneBackups(entries, deps.keepBackups ?? DEFAULT_KEEP_BACKUPS, protect);
    if (removed.length > 0) deps.progress(msg('plan.progress.backups-pruned', { count: removed.length, keep: deps.keepBackups ?? DEFAULT_KEEP_BACKUPS }));
  } catch (error) {
    deps.progress(msg('plan.progress.prune-failed'));
    deps.progress(errorMessage(error));
  }
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
}

type EngineOutcome =
  | { ok: true; verification: Verification | null }
  /** why: what the engine did not take; refusal: dockerd's own words, when it refused the file on reload. */
  | { ok: false; why: Message[]; refusal?: string; verification: Verification | null };

/** Reload (falling back to restart when the reload did not take) or restart, then verify. */
async function applyToEngine(plan: Plan, deps: ExecutorDeps): Promise<EngineOutcome> {
  const verifyStep = plan.steps.find((step) => step.type === 'verify');
  const wantsRestart = plan.steps.some((step) => step.type === 'restart-engine');
  const wantsReload = plan.steps.some((step) => step.type === 'reload-engine');
  const expected: RegistrySettings | undefined = verifyStep?.type === 'verify' ? verifyStep.expected : undefined;
  let verification: Verification | null = null;

  if (wantsReload && !wantsRestart) {
    const mark = await deps.engineLog?.mark().catch(() => undefined);
    let notTaken: Message[];
    try {
      deps.progress(msg('plan.progress.reloading'));
      await deps.engine.reload();
      if (expected === undefined) return { ok: true, verification };
      deps.progress(msg('plan.progress.verifying'));
      verification = await verifyWithin(deps.target, expected, deps.reloadVerifyMs, deps.sleep);
      if (verification.differences.length === 0) return { ok: true, verification };
      deps.progress(msg('plan.progress.reload-not-taken'));
      notTaken = verification.differences;
    } catch (error) {
      deps.progress(msg('plan.progress.reload-failed'));
      notTaken = [errorMessage(error)];
    }
    for (const line of notTaken) deps.progress(line);
    // dockerd says why in its log; what it refused on reload it refuses at start too, and a restart would leave Docker stopped.
    const refusal = mark === undefined ? undefined : await deps.engineLog?.refusalSince(mark).catch(() => undefined);
    if (refusal !== undefined) {
      deps.progress(msg('plan.progress.reload-refused', { refusal }));
      return { ok: false, why: [msg('plan.difference.refused-on-reload', { refusal }), ...notTaken], refusal, verification };
    }
    deps.progress(msg('plan.progress.restarting-instead'));
  }
  if (!wantsReload && !wantsRestart) {
    if (expected === undefined) return { ok: true, verification };
    verification = await verifyWithin(deps.target, expected, 0, deps.sleep);
    return verification.differences.length === 0 ? { ok: true, verification } : { ok: false, why: verification.differences, verification };
  }

  try {
    deps.progress(msg('plan.progress.restarting'));
    await deps.engine.restart();
    await deps.engine.waitUntilReady(deps.restartTimeoutMs);
  } catch (error) {
    return { ok: false, why: [errorMessage(error)], verification };
  }
  if (expected === undefined) return { ok: true, verification };
  deps.progress(msg('plan.progress.verifying'));
  verification = await verifyWithin(deps.target, expected, deps.reloadVerifyMs, deps.sleep);
  if (verification.differences.length === 0) return { ok: true, verification };
  return { ok: false, why: verification.differences, verification };
}

/**
 * After the old files are back: reload when the engine still answers, restart when it does not
 * or when the reload does not bring back the settings it had before the change.
 */
async function recoverEngine(before: RegistrySettings | null, deps: ExecutorDeps): Promise<Recovery> {
  const check = async (timeoutMs: number): Promise<Verification> =>
    before ? verifyWithin(deps.target, before, timeoutMs, deps.sleep) : { active: null, differences: [] };
  let reloaded: Verification | null = null;
  if ((await activeOrNull(deps.target)) !== null) {
    const mark = await deps.engineLog?.mark().catch(() => undefined);
    try {
      deps.progress(msg('plan.progress.reloading-previous'));
      await deps.engine.reload();
      reloaded = await check(deps.reloadVerifyMs);
      if (reloaded.differences.length === 0) return reloaded;
    } catch (error) {
      deps.progress(msg('plan.progress.reload-failed'));
      deps.progress(errorMessage(error));
    }
    // The previous files are refused too (they held the problem before this change): a restart would stop Docker.
    const refusal = mark === undefined ? undefined : await deps.engineLog?.refusalSince(mark).catch(() => undefined);
    if (refusal !== undefined) {
      deps.progress(msg('plan.progress.previous-refused', { refusal }));
      return { active: reloaded?.active ?? null, differences: reloaded?.differences ?? [msg('plan.difference.previous-refused', { refusal })], refusal };
    }
  }
  try {
    deps.progress(msg('plan.progress.restarting-previous'));
    await deps.engine.restart();
    await deps.engine.waitUntilReady(deps.restartTimeoutMs);
  } catch (error) {
    return { active: null, differences: [errorMessage(error)], stopped: true };
  }
  return check(deps.reloadVerifyMs);
}

/** The engine after the previous files are back: still running when dockerd refused them too, stopped when its restart failed. */
interface Recovery extends Verification {
  refusal?: string;
  stopped?: boolean;
}

/** Exactly where a failed rollback leaves the machine, and the command that gets it out; the result's differences say how the engine differs. */
function machineState(plan: Plan, recovered: Recovery, paths: string[]): DocksideError {
  const commands = engineCommands(plan.engine);
  const files = paths.join(', ');
  const key: MessageCode =
    recovered.refusal !== undefined ? 'plan.error.rollback-failed.refused' : recovered.stopped === true ? 'plan.error.rollback-failed.stopped' : 'plan.error.rollback-failed.differs';
  return new DocksideError('rollback-failed', key, { refusal: recovered.refusal ?? '', files, log: commands.log, start: commands.start });
}
