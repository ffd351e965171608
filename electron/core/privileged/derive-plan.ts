import { basename, dirname, join } from 'node:path';
import type { RegistrySettings } from '../../../shared/engine';
import { msg } from '../../../shared/message';
import type { Plan, PlanStep } from '../../../shared/plan';
import type { ApplyRequest, ExpectedBefore, PrivilegedRequest, RollbackRequest } from '../../../shared/privileged';
import { checkAgainstEngine } from '../runtimes/docker/daemon/check-candidate';
import { readDaemonJson } from '../runtimes/docker/daemon/read';
import { registryEdit, writes } from '../runtimes/docker/daemon/registry-edit';
import { normalizeMirrorsFor } from '../runtimes/docker/daemon/normalize-mirrors-for';
import { normalizeInsecureRegistries } from '../runtimes/docker/daemon/validate';
import { startupSettings } from '../runtimes/docker/engine/startup-settings';
import { DocksideError } from '../errors';
import { planDaemonJsonChange } from '../plan/daemon-json-plan';
import { engineSteps } from '../plan/engine-steps';
import { readJournals } from '../plan/journal-dir';
import { certsDirName, planRollback } from '../plan/rollback-plan';
import { activeOrNull } from '../plan/verify';
import { readFileState } from '../platform/file-state';
import { assertRootOwnedPath } from '../platform/root-owned';
import { osTrustRecordPath } from '../trust/os-store/os-trust-record';
import { planOsTrust } from '../trust/os-store/os-trust-plan';
import type { OsTrustStore } from '../trust/os-store/store';
import { isPublicRegistry, publicRegistryRefusal } from '../registry/public-registry';
import { policeCaPem } from '../trust/police-ca-pem';
import { certsDirFor, parseRegistryName } from '../trust/registry-name';
import { planTrustAdd, planTrustRemove } from '../trust/trust-plan';
import type { ElevatedMachine } from './elevated-machine';

/**
 * The plan of effects for a request, derived by the privileged process from the files as it
 * finds them, with the same functions the preview used: the request names only lists, CAs and
 * registries; every path, byte and engine step comes from here. Every value is policed, and a
 * file that differs from what the preview saw (expectedBefore) refuses the whole change.
 * Null: nothing to do.
 */
export async function derivePlan(machine: ElevatedMachine, request: PrivilegedRequest): Promise<DerivedPlan> {
  let active: Promise<RegistrySettings | null> | undefined;
  const activeOnce = (): Promise<RegistrySettings | null> => (active ??= machine.engine.kind === 'none' ? Promise.resolve(null) : activeOrNull(machine.target));
  const steps = request.action === 'apply' ? await applySteps(machine, request, activeOnce) : await rollbackSteps(machine, request, activeOnce);
  const files = steps.filter((step) => step.type === 'write-file' || step.type === 'remove-file');
  const osTrust = steps.filter((step) => step.type === 'refresh-os-trust' || step.type === 'verify-os-trust');
  const engine = engineSteps(steps, request.engineAction);
  if (files.length === 0 && engine.length === 0) return { plan: null };
  const plan: Plan = {
    version: 1,
    id: request.id,
    action: request.action,
    ...(request.action === 'rollback' ? { undoes: request.journalId } : {}),
    reason: msg('plan.reason.confirmed'),
    engine: machine.engine,
    steps: [...files, ...osTrust, ...engine],
  };
  return active === undefined ? { plan } : { plan, activeBefore: await active };
}

export interface DerivedPlan {
  plan: Plan | null;
  /** What the engine reported while the plan was derived, when it was asked: the settings a rollback brings back. */
  activeBefore?: RegistrySettings | null;
}

async function applySteps(machine: ElevatedMachine, request: ApplyRequest, activeOnce: () => Promise<RegistrySettings | null>): Promise<PlanStep[]> {
  const steps: PlanStep[] = [];
  const expected = request.expectedBefore;
  for (const { host, caPem } of request.trust) {
    const registry = canonicalRegistry(host);
    if (isPublicRegistry(registry) && !request.allowPublicRegistry) throw publicRegistryRefusal(registry, 'ca');
    policeCaPem(caPem, registry);
    const caPath = caPathOf(machine, registry);
    const current = await readFileState(caPath);
    checkExpected(expected.certs, registry, current?.sha256 ?? null, caPath);
    steps.push(...(planTrustAdd({ id: request.id, engine: machine.engine, registry, caPath, current, caPem }).plan?.steps ?? []));
  }
  for (const host of request.untrust) {
    const registry = canonicalRegistry(host);
    const caPath = caPathOf(machine, registry);
    const current = await readFileState(caPath);
    checkExpected(expected.certs, registry, current?.sha256 ?? null, caPath);
    steps.push(...(planTrustRemove({ id: request.id, engine: machine.engine, registry, caPath, current }).plan?.steps ?? []));
  }
  if (request.osTrust.length > 0 || request.osUntrust.length > 0) steps.push(...(await osTrustSteps(machine, request)));
  if (request.mirrors === null && request.insecureRegistries === null && expected.daemonJson === undefined) return steps;

  const file = await readDaemonJson(machine.daemonJsonPath);
  checkExpectedDaemonJson(expected, file.sha256, file.path);
  const mirrors = request.mirrors === null ? null : await normalizeMirrorsFor(machine.target, request.mirrors);
  const insecureRegistries = request.insecureRegistries === null ? null : normalizeInsecureRegistries(request.insecureRegistries);
  const publicHost = insecureRegistries?.find((entry) => isPublicRegistry(entry) && !file.parsed.settings.insecureRegistries.includes(entry));
  if (publicHost !== undefined && !request.allowPublicRegistry) throw publicRegistryRefusal(publicHost, 'insecure');
  const edit = registryEdit(file, { mirrors, insecureRegistries });
  // Before anything is written: never a file dockerd would refuse (the candidate is checked in
  // root's own state dir). It asks the engine too, so alongside the plan's own questions.
  const checked = writes(file, edit.after) ? checkAgainstEngine({ engineControl: machine.engineControl, target: machine.target, privateDir: machine.stateDir }, file.path, edit.after) : undefined;
  const [active, startup] = await Promise.all([activeOnce(), startupSettings(machine.engineControl), checked]);
  const planned = planDaemonJsonChange({
    id: request.id,
    action: 'apply',
    change: { path: file.path, before: { text: file.text, sha256: file.sha256, mode: file.mode }, after: edit.after },
    engine: machine.engine,
    active,
    startup,
    restart: request.engineAction === 'restart',
  });
  return [...steps, ...(planned.plan?.steps ?? [])];
}

async function rollbackSteps(machine: ElevatedMachine, request: RollbackRequest, activeOnce: () => Promise<RegistrySettings | null>): Promise<PlanStep[]> {
  const entries = await readJournals(machine.journalDirs);
  const active = await activeOnce();
  const rollback = await planRollback({ entries, id: request.id, engine: machine.engine, active, osStore: machine.osStore ?? null, startup: await startupSettings(machine.engineControl), restart: request.engineAction === 'restart' });
  if (rollback.undoes.id !== request.journalId) {
    throw new DocksideError('rollback-changed', 'plan.error.rollback-changed', { id: rollback.undoes.id, at: rollback.undoes.at, reviewed: request.journalId });
  }
  for (const file of rollback.undoes.files) {
    const current = (await readFileState(file.path))?.sha256 ?? null;
    if (file.role === 'daemon-json') {
      if (file.path !== machine.daemonJsonPath) throw notThisTarget(file.path);
      checkExpectedDaemonJson(request.expectedBefore, current, file.path);
    } else if (file.role === 'os-ca') {
      if (dirname(file.path) !== osStoreOf(machine).anchorsDir) throw notThisTarget(file.path);
      checkExpected(request.expectedBefore.osAnchors ?? {}, basename(file.path), current, file.path);
    } else if (file.role === 'os-trust-record') {
      if (file.path !== osTrustRecordPath(machine.stateDir)) throw notThisTarget(file.path);
      checkExpectedRecord(request.expectedBefore.osTrustRecord, current, file.path);
    } else {
      if (file.path !== caPathOf(machine, certsDirName(file.path))) throw notThisTarget(file.path);
      checkExpected(request.expectedBefore.certs, certsDirName(file.path), current, file.path);
    }
  }
  return rollback.plan.steps;
}

/**
 * The OS trust store part, from root's own store and record with the preview's function; every
 * file it reads must be as the preview saw it.
 */
async function osTrustSteps(machine: ElevatedMachine, request: ApplyRequest): Promise<PlanStep[]> {
  const store = osStoreOf(machine);
  if (machine.elevated) assertRootOwnedPath(store.anchorsDir, { allowMissingLeaf: true, allowStickyAncestors: true });
  const trust = request.osTrust.map(({ host, caPem }) => {
    const registry = canonicalRegistry(host);
    if (isPublicRegistry(registry) && !request.allowPublicRegistry) throw publicRegistryRefusal(registry, 'ca');
    return { host: registry, caPem };
  });
  const recordPath = osTrustRecordPath(machine.stateDir);
  const planned = await planOsTrust(store, recordPath, { trust, untrust: request.osUntrust.map(canonicalRegistry) }, (path) => readFileState(path));
  for (const [name, digest] of Object.entries(planned.expectedBefore.osAnchors)) checkExpected(request.expectedBefore.osAnchors ?? {}, name, digest, join(store.anchorsDir, name));
  checkExpectedRecord(request.expectedBefore.osTrustRecord, planned.expectedBefore.osTrustRecord, recordPath);
  return planned.steps;
}

function osStoreOf(machine: ElevatedMachine): OsTrustStore {
  if (!machine.osStore) throw new DocksideError('os-store-unsupported', 'tls.error.os-store.unsupported', { platform: process.platform });
  return machine.osStore;
}

function checkExpectedRecord(expected: string | null | undefined, current: string | null, path: string): void {
  if (expected === undefined) throw notReviewed(path);
  if (expected !== current) throw changedSince(path);
}

/** The host as certs.d names it; anything that is not already that exact name is refused, not rewritten. */
function canonicalRegistry(host: string): string {
  const name = parseRegistryName(host);
  if (name.dirName !== host) {
    throw new DocksideError('invalid-registry-name', 'plan.error.invalid-registry-name', { name: JSON.stringify(host.slice(0, 80)), dirName: name.dirName });
  }
  return name.dirName;
}

function caPathOf(machine: ElevatedMachine, registry: string): string {
  return join(certsDirFor(machine.certsDir, registry), 'ca.crt');
}

function checkExpected(digests: ExpectedBefore['certs'], registry: string, current: string | null, path: string): void {
  if (!Object.hasOwn(digests, registry)) throw notReviewed(path);
  if (digests[registry] !== current) throw changedSince(path);
}

function checkExpectedDaemonJson(expected: ExpectedBefore, current: string | null, path: string): void {
  if (expected.daemonJson === undefined) throw notReviewed(path);
  if (expected.daemonJson !== current) throw changedSince(path);
}

function changedSince(path: string): DocksideError {
  return new DocksideError('file-changed', 'plan.error.file-changed.since-review', { path });
}

function notReviewed(path: string): DocksideError {
  return new DocksideError('file-not-reviewed', 'plan.error.file-not-reviewed', { path });
}

function notThisTarget(path: string): DocksideError {
  return new DocksideError('rollback-target-changed', 'plan.error.rollback-target-changed', { path });
}
