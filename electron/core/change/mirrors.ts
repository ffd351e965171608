import type { RegistrySettings } from '../../../shared/engine';
import { withRegistrySettings } from '../daemon/edit';
import { REGISTRY_KEYS } from '../daemon/parse';
import { type DaemonJsonFile, readDaemonJson } from '../daemon/read';
import { normalizeInsecureRegistries, normalizeMirrors } from '../daemon/validate';
import { engineVersion } from '../engine/docker-cli';
import { startupSettings } from '../engine/startup-settings';
import type { Machine } from '../machine';
import type { ProposedChange } from '../plan/change';
import { planDaemonJsonChange } from '../plan/daemon-json-plan';
import { activeOrNull } from '../plan/verify';

export interface MirrorsChangeRequest {
  /**
   * The mirrors, in this order; 'clear' writes `[]` (a deleted key would survive a reload);
   * 'keep' leaves registry-mirrors as it is (a profile that only adds insecure registries).
   */
  urls: string[] | 'clear' | 'keep';
  /** The host of each http:// mirror also joins insecure-registries (DESIGN §1). */
  insecure: boolean;
  /** More hosts for insecure-registries: a profile's plain-HTTP registries. */
  insecureRegistries?: string[];
  /** Restart even when a reload would do. */
  restart: boolean;
  id: string;
}

/** `mirrors use|clear`, the app's `change:plan` for mirrors and a setup's mirrors: the daemon.json change and its plan. */
export async function planMirrorsChange(machine: Machine, request: MirrorsChangeRequest): Promise<ProposedChange> {
  const file = await readDaemonJson(machine.daemonJsonPath);
  const active = machine.engine.kind === 'none' ? null : await activeOrNull(machine.target);
  const mirrors = request.urls === 'clear' ? [] : request.urls === 'keep' ? null : normalizeMirrors(request.urls, await engineVersion(machine.target));
  const httpHosts = request.insecure && mirrors !== null ? mirrors.filter((url) => url.startsWith('http://')).map((url) => new URL(url).host) : [];
  const added = [...httpHosts, ...(request.insecureRegistries ?? [])];
  const change: Partial<RegistrySettings> = {};
  if (mirrors !== null && !alreadySays(file, 'mirrors', mirrors)) change.mirrors = mirrors;
  if (added.length > 0) {
    const insecureRegistries = normalizeInsecureRegistries([...file.parsed.settings.insecureRegistries, ...added]);
    if (!alreadySays(file, 'insecureRegistries', insecureRegistries)) change.insecureRegistries = insecureRegistries;
  }
  const planned = planDaemonJsonChange({
    id: request.id,
    action: 'apply',
    change: { path: file.path, before: { text: file.text, sha256: file.sha256, mode: file.mode }, after: withRegistrySettings(file.text, change) },
    engine: machine.engine,
    active,
    startup: await startupSettings(machine.engineControl),
    restart: request.restart,
  });
  return { plan: planned.plan, diff: planned.diff, warnings: [] };
}

/**
 * The file sets this key to exactly this list already: it is left as written, so a list the
 * user keeps on one line is not reformatted into a change (and an admin prompt) that changes nothing.
 */
function alreadySays(file: DaemonJsonFile, field: keyof RegistrySettings, list: readonly string[]): boolean {
  const current = file.parsed.settings[field];
  return Object.hasOwn(file.parsed.value, REGISTRY_KEYS[field]) && current.length === list.length && current.every((value, index) => value === list[index]);
}
