import type { RegistrySettings } from '../../../shared/engine';
import { withRegistrySettings } from '../daemon/edit';
import { readDaemonJson } from '../daemon/read';
import { normalizeInsecureRegistries, normalizeMirrors } from '../daemon/validate';
import { engineVersion } from '../engine/docker-cli';
import { startupSettings } from '../engine/startup-settings';
import type { Machine } from '../machine';
import type { ProposedChange } from '../plan/change';
import { planDaemonJsonChange } from '../plan/daemon-json-plan';
import { activeOrNull } from '../plan/verify';

export interface MirrorsChangeRequest {
  /** The mirrors, in this order; 'clear' writes `[]` (a deleted key would survive a reload). */
  urls: string[] | 'clear';
  /** The host of each http:// mirror also joins insecure-registries (DESIGN §1). */
  insecure: boolean;
  /** Restart even when a reload would do. */
  restart: boolean;
  id: string;
}

/** `mirrors use|clear` and the app's `change:plan` for mirrors: the daemon.json change and its plan. */
export async function planMirrorsChange(machine: Machine, request: MirrorsChangeRequest): Promise<ProposedChange> {
  const file = await readDaemonJson(machine.daemonJsonPath);
  const active = machine.engine.kind === 'none' ? null : await activeOrNull(machine.target);
  const change: Partial<RegistrySettings> = {};
  if (request.urls === 'clear') {
    change.mirrors = [];
  } else {
    change.mirrors = normalizeMirrors(request.urls, await engineVersion(machine.target));
    if (request.insecure) {
      const httpHosts = change.mirrors.filter((url) => url.startsWith('http://')).map((url) => new URL(url).host);
      change.insecureRegistries = normalizeInsecureRegistries([...file.parsed.settings.insecureRegistries, ...httpHosts]);
    }
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
