import type { EngineSpec, RegistrySettings } from '../../../shared/engine';
import { basename, dirname } from 'node:path';
import { type Message, msg } from '../../../shared/message';
import type { Plan, PlanStep } from '../../../shared/plan';
import type { ExpectedBefore } from '../../../shared/privileged';
import { DocksideError } from '../errors';
import { type FileState, readFileState } from '../platform/file-state';
import { type FileChange, planDaemonJsonChange } from './daemon-json-plan';
import { caSummaryOf } from '../trust/trust-plan';
import { caDigests } from '../trust/os-store/anchor-name';
import { thisMachinesOsStore } from '../trust/os-store/detect';
import { refreshStep } from '../trust/os-store/os-trust-plan';
import type { AnchorChange, OsTrustStore } from '../trust/os-store/store';
import { engineSteps } from './engine-steps';
import { type JournalEntry, lastUndoable } from './journal';

export interface RollbackPlan {
  plan: Plan;
  diff: string;
  undoes: JournalEntry;
  warnings: Message[];
  /** Each file the rollback touches, as it is now: what the elevated side must find. */
  expectedBefore: ExpectedBefore;
}

/**
 * `dockside rollback`: put back the files of the newest change not yet undone, from the
 * backups that change saved (or remove a file it created), then reload or restart as the
 * restored daemon.json needs and verify. The rollback is itself journaled, so the next one
 * undoes the change before.
 */
export async function planRollback(input: {
  entries: JournalEntry[];
  id: string;
  engine: EngineSpec;
  active: RegistrySettings | null;
  startup: RegistrySettings;
  restart: boolean;
  /** The OS trust store the change's anchors are in; found from the anchor's place when not given. */
  osStore?: OsTrustStore | null;
}): Promise<RollbackPlan> {
  const entry = lastUndoable(input.entries);
  if (!entry) throw new DocksideError('nothing-to-undo', 'plan.error.nothing-to-undo.empty');
  const warnings: Message[] = [];
  const steps: PlanStep[] = [];
  const diffs: string[] = [];
  const expectedBefore: ExpectedBefore = { certs: {} };
  let sealed = false;
  const anchors: AnchorChange[] = [];
  for (const file of entry.files) {
    const change = await restoringChange(file, warnings);
    if (change === 'sealed') {
      // The user's preview of a root change: the backup is root's (0600); the elevated process reads it and restores it.
      sealed = true;
      const current = await readCurrent(file.path);
      expect(expectedBefore, file, current.sha256);
      // What root will put back is unknown here: the anchor is refreshed either way.
      if (file.role === 'os-ca') anchors.push({ path: file.path, before: current.sha256 === null ? null : current.text, after: null });
      warnings.push(msg('plan.warning.sealed-backup', { path: file.path, backup: file.backup ?? '' }));
      steps.push({ type: 'write-file', role: file.role, path: file.path, content: '', mode: current.mode ?? 0o644, beforeSha256: current.sha256 });
      continue;
    }
    if (file.role === 'daemon-json') {
      expectedBefore.daemonJson = change.before.sha256;
      const planned = planDaemonJsonChange({ id: input.id, action: 'rollback', change, engine: input.engine, active: input.active, startup: input.startup, restart: input.restart });
      steps.push(...(planned.plan?.steps ?? []));
      diffs.push(planned.diff);
    } else {
      expect(expectedBefore, file, change.before.sha256);
      if (file.role === 'os-ca' && change.after !== change.before.text) anchors.push({ path: file.path, before: change.before.sha256 === null ? null : change.before.text, after: change.after });
      if (change.after !== null) {
        steps.push({ type: 'write-file', role: file.role, path: file.path, content: change.after, mode: change.before.mode ?? 0o644, beforeSha256: change.before.sha256, ...caSummaryOf(change.after, file.path) });
      } else if (change.before.sha256 !== null) {
        steps.push({ type: 'remove-file', role: file.role, path: file.path, beforeSha256: change.before.sha256, ...caSummaryOf(change.before.text, file.path) });
      }
    }
  }
  if (steps.length === 0 && !sealed) throw new DocksideError('nothing-to-undo', 'plan.error.nothing-to-undo.already', { at: entry.at });
  // Engine steps once, after every file; the OS store is refreshed and checked before the engine.
  const ordered = [...steps.filter((s) => s.type === 'write-file' || s.type === 'remove-file'), ...osTrustRollbackSteps(anchors, input.osStore), ...engineSteps(steps)];
  const plan: Plan = {
    version: 1,
    id: input.id,
    action: 'rollback',
    undoes: entry.id,
    reason: msg('plan.reason.rollback', { paths: entry.files.map((f) => f.path).join(', '), at: entry.at }),
    engine: input.engine,
    steps: ordered,
  };
  return { plan, diff: diffs.filter(Boolean).join(''), undoes: entry, warnings, expectedBefore };
}

/** Where the preview saw `file` as `sha256`, keyed as the elevated side checks it. */
function expect(expectedBefore: ExpectedBefore, file: JournalEntry['files'][number], sha256: string | null): void {
  if (file.role === 'daemon-json') expectedBefore.daemonJson = sha256;
  else if (file.role === 'os-ca') expectedBefore.osAnchors = { ...expectedBefore.osAnchors, [basename(file.path)]: sha256 };
  else if (file.role === 'os-trust-record') expectedBefore.osTrustRecord = sha256;
  else expectedBefore.certs[certsDirName(file.path)] = sha256;
}

/** The OS store reflects the anchors put back, and holds each restored CA (or no longer holds a removed one). */
function osTrustRollbackSteps(anchors: readonly AnchorChange[], given: OsTrustStore | null | undefined): PlanStep[] {
  const first = anchors[0];
  if (first === undefined) return [];
  const store = given ?? thisMachinesOsStore(dirname(dirname(first.path)));
  if (store === null) throw new DocksideError('os-store-unsupported', 'tls.error.os-store.unsupported', { platform: process.platform });
  const checks = anchors.flatMap((anchor): PlanStep[] => {
    const pem = anchor.after ?? anchor.before;
    if (pem === null) return [];
    try {
      return [{ type: 'verify-os-trust', host: null, ...caDigests(pem), trusted: anchor.after !== null }];
    } catch {
      return [];
    }
  });
  return [refreshStep(store, anchors), ...checks];
}

/** `<certs.d>/<host[:port]>/ca.crt` -> host[:port]. */
export function certsDirName(caPath: string): string {
  return basename(dirname(caPath));
}

/** The change that puts the file back; 'sealed' when the backup is there but readable by its owner (root) only. */
async function restoringChange(file: JournalEntry['files'][number], warnings: Message[]): Promise<FileChange | 'sealed'> {
  const current = await readCurrent(file.path);
  // An unfinished change may have stopped before writing this file: then it is as it was, no warning.
  if (current.sha256 !== file.afterSha256 && current.sha256 !== file.beforeSha256) {
    warnings.push(msg('plan.warning.changed-since', { path: file.path }));
  }
  let backup: FileState | null = null;
  if (file.backup !== null) {
    try {
      backup = await readFileState(file.backup);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code === 'EACCES' || code === 'EPERM') && process.getuid?.() !== 0) return 'sealed';
      throw new DocksideError('backup-missing', 'plan.error.backup-missing.unreadable', { backup: file.backup, path: file.path, detail: (error as Error).message });
    }
    if (backup === null) throw new DocksideError('backup-missing', 'plan.error.backup-missing.gone', { backup: file.backup, path: file.path });
  }
  return { path: file.path, before: current, after: backup?.bytes.toString('utf8') ?? null };
}

async function readCurrent(path: string): Promise<FileChange['before']> {
  const state = await readFileState(path);
  return state ? { text: state.bytes.toString('utf8'), sha256: state.sha256, mode: state.mode } : { text: '', sha256: null, mode: null };
}
