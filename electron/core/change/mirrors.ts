import { checkAgainstEngine } from '../runtimes/docker/daemon/check-candidate';
import { readDaemonJson } from '../runtimes/docker/daemon/read';
import { registryEdit, writes } from '../runtimes/docker/daemon/registry-edit';
import { normalizeMirrorsFor } from '../runtimes/docker/daemon/normalize-mirrors-for';
import { normalizeInsecureRegistries } from '../runtimes/docker/daemon/validate';
import { startupSettings } from '../runtimes/docker/engine/startup-settings';
import type { Machine } from '../machine';
import type { ProposedChange } from '../plan/change';
import { planDaemonJsonChange } from '../plan/daemon-json-plan';
import { applyRequest } from '../plan/privileged-request';
import { activeOrNull } from '../plan/verify';
import { isPublicRegistry, publicRegistryRefusal } from '../registry/public-registry';

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
  /** `--allow-public-registry`, typed by the user; never from a profile. */
  allowPublicRegistry?: boolean;
  id: string;
}

/** `mirrors use|clear`, the app's `change:plan` for mirrors and a setup's mirrors: the daemon.json change and its plan. */
export async function planMirrorsChange(machine: Machine, request: MirrorsChangeRequest): Promise<ProposedChange> {
  const file = await readDaemonJson(machine.daemonJsonPath);
  const mirrors = request.urls === 'clear' ? [] : request.urls === 'keep' ? null : await normalizeMirrorsFor(machine.target, request.urls);
  const httpHosts = request.insecure && mirrors !== null ? mirrors.filter((url) => url.startsWith('http://')).map((url) => new URL(url).host) : [];
  const added = [...httpHosts, ...(request.insecureRegistries ?? [])];
  const insecureRegistries = added.length > 0 ? normalizeInsecureRegistries([...file.parsed.settings.insecureRegistries, ...added]) : null;
  const allowPublic = request.allowPublicRegistry === true;
  const publicHost = added.find((host) => isPublicRegistry(host));
  if (publicHost !== undefined && !allowPublic) throw publicRegistryRefusal(publicHost, 'insecure');
  const edit = registryEdit(file, { mirrors, insecureRegistries });
  // Shown before any prompt (the elevated process checks again on its own); it asks the engine
  // too, so alongside the plan's own questions.
  const [active, startup] = await Promise.all([
    machine.engine.kind === 'none' ? null : activeOrNull(machine.target),
    startupSettings(machine.engineControl),
    writes(file, edit.after) ? checkAgainstEngine(machine, file.path, edit.after) : undefined,
  ]);
  const planned = planDaemonJsonChange({
    id: request.id,
    action: 'apply',
    change: { path: file.path, before: { text: file.text, sha256: file.sha256, mode: file.mode }, after: edit.after },
    engine: machine.engine,
    active,
    startup,
    restart: request.restart,
  });
  const elevated =
    planned.plan &&
    applyRequest(request.id, machine.chosen, {
      mirrors: edit.change.mirrors ?? null,
      insecureRegistries: edit.change.insecureRegistries ?? null,
      engineAction: request.restart ? 'restart' : 'auto',
      allowPublicRegistry: allowPublic,
      expectedBefore: { daemonJson: file.sha256, certs: {} },
    });
  return { plan: planned.plan, request: elevated, diff: planned.diff, warnings: [] };
}
