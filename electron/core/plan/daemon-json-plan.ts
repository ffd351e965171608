import type { EngineSpec, RegistrySettings } from '../../../shared/engine';
import { msg } from '../../../shared/message';
import type { Plan, PlanStep } from '../../../shared/plan';
import { effectiveSettings } from '../runtimes/docker/daemon/effective-settings';
import { type ParsedDaemonJson, parseDaemonJson } from '../runtimes/docker/daemon/parse';
import { settingsDrift } from '../runtimes/docker/engine/active-settings';
import { unifiedDiff } from './diff';

export interface FileChange {
  path: string;
  before: { text: string; sha256: string | null; mode: number | null };
  /** The new text; null removes the file (a rollback to "there was no daemon.json"). */
  after: string | null;
}

export interface DaemonJsonPlanInput {
  id: string;
  action: Plan['action'];
  undoes?: string;
  change: FileChange;
  engine: EngineSpec;
  /** What the engine reports now; null when it does not answer. */
  active: RegistrySettings | null;
  /** What the engine starts with for a key daemon.json lacks: its flags' values (empty when unknown). */
  startup: RegistrySettings;
  /** `--restart`: restart even when a reload would do. */
  restart: boolean;
}

export interface PlannedChange {
  /** null: nothing to write and the engine already runs with these settings. */
  plan: Plan | null;
  diff: string;
  expected: RegistrySettings;
}

/** Keys dockerd re-reads on SIGHUP (FACTS §1); any other changed key needs a restart. */
const RELOADABLE = new Set(['registry-mirrors', 'insecure-registries']);

/**
 * The plan for one daemon.json change: write (or remove) the file, then reload when only
 * reloadable keys changed and each is still in the file (a deleted key keeps its old value on
 * reload), else restart; then verify that the engine reports the settings the file now implies.
 */
export function planDaemonJsonChange(input: DaemonJsonPlanInput): PlannedChange {
  const { change, engine } = input;
  const afterParsed = parseDaemonJson(change.after ?? '', change.path);
  const written = change.after !== (change.before.sha256 === null ? null : change.before.text);
  const diff = written ? unifiedDiff(change.before.text, change.after ?? '', { before: labelOf(change.path, change.before.sha256 !== null), after: labelOf(change.path, change.after !== null) }) : '';

  const steps: PlanStep[] = [];
  if (written && change.after !== null) {
    steps.push({ type: 'write-file', role: 'daemon-json', path: change.path, content: change.after, mode: change.before.mode ?? 0o644, beforeSha256: change.before.sha256 });
  } else if (written && change.before.sha256 !== null) {
    steps.push({ type: 'remove-file', role: 'daemon-json', path: change.path, beforeSha256: change.before.sha256 });
  }
  const before = parsedOrNull(change.before.text, change.path);
  // A file broken since (a rollback repairs it) says nothing about what changed: restart.
  const needsRestart =
    input.restart || before === null || changedKeys(before.value, afterParsed.value).some((key) => !RELOADABLE.has(key) || !(key in afterParsed.value));
  // A reload keeps the running value of a key the file lacks; a restart falls back to the flags.
  const expected = effectiveSettings(afterParsed, needsRestart ? input.startup : input.active);
  const engineRuns = engine.kind !== 'none' && input.active !== null;
  const inSync = input.active !== null && settingsDrift(expected, input.active).length === 0;
  if (engineRuns && (written || !inSync || input.restart)) {
    steps.push({ type: needsRestart ? 'restart-engine' : 'reload-engine' }, { type: 'verify', expected });
  }
  if (steps.length === 0) return { plan: null, diff, expected };
  const engineAction = needsRestart ? 'restart' : 'reload';
  const reason = written
    ? msg(`plan.reason.${change.after === null ? 'remove' : 'write'}${engineRuns ? (`-${engineAction}` as const) : ('' as const)}`, { path: change.path })
    : msg(`plan.reason.${engineAction}-only` as const);
  return {
    plan: { version: 1, id: input.id, action: input.action, ...(input.undoes ? { undoes: input.undoes } : {}), reason, engine, steps },
    diff,
    expected,
  };
}

function parsedOrNull(text: string, path: string): ParsedDaemonJson | null {
  try {
    return parseDaemonJson(text, path);
  } catch {
    return null;
  }
}

function labelOf(path: string, exists: boolean): string {
  return exists ? path : '/dev/null';
}

function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}
