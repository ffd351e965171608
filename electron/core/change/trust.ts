import type { X509Certificate } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Message, msg } from '../../../shared/message';
import type { TrustChangeJson, TrustProblemCode } from '../../../shared/trust';
import { DocksideError, errorMessage } from '../errors';
import type { Machine } from '../machine';
import type { ProposedChange } from '../plan/change';
import { readFileState } from '../platform/file-state';
import { applyRequest } from '../plan/privileged-request';
import { isPublicRegistry, publicRegistryRefusal } from '../registry/public-registry';
import { describeCertificate, parseCertificates, toPem } from '../trust/certificate-info';
import { type CaFile, givenCaFile } from '../trust/given-ca';
import { parseFingerprint } from '../trust/fingerprint';
import { inspectRegistry, registryPaths, type RegistryPaths, TRUST_CONNECT_TIMEOUT_MS } from '../trust/inspect-registry';
import type { TrustJudgement } from '../trust/judge-chain';
import { planTrustAdd, planTrustRemove } from '../trust/trust-plan';
import { thisMachinesOsStore } from '../trust/os-store/detect';
import { type OsTrustIntent, planOsTrust } from '../trust/os-store/os-trust-plan';
import { osTrustRecordPath } from '../trust/os-store/os-trust-record';
import { currentStateDir } from '../platform/state-dir';
import type { Plan, PlanStep } from '../../../shared/plan';
import type { ExpectedBefore } from '../../../shared/privileged';

/** Problems that installing the CA solves; any other one makes Docker refuse the registry still. */
const SOLVED_BY_INSTALL = new Set<TrustProblemCode>(['unknown-authority', 'ca-not-sent', 'chain-incomplete']);
/** The registry is not there to ask; a CA from a file can still be installed. */
const UNREACHABLE = new Set(['host-not-found', 'host-unreachable', 'connection-refused', 'connect-timeout']);

/** Who pinned the fingerprint, as a refusal names it: `--fingerprint`, the fingerprint the user accepted in the app, or a profile's field. */
export type PinSource = 'flag' | 'accepted' | { profileField: string };

type TrustMachine = Pick<Machine, 'certsDir' | 'engine' | 'chosen'> & Partial<Pick<Machine, 'journalDirs' | 'stateDir'>>;

export interface TrustAddChange extends ProposedChange {
  paths: RegistryPaths;
  /** The chain the registry sent; null when it could not be reached (a CA file is installed unchecked). */
  chain: X509Certificate[] | null;
  ca: TrustChangeJson['ca'];
  /** The CA itself, for what the user's own process adds besides (browsers' NSS databases, Docker Desktop's user store); null when nothing is planned. */
  certificate: X509Certificate | null;
  /** Docker already trusts the registry through the system store: nothing to do, and these problems remain. */
  alreadySystem: TrustJudgement['problems'] | null;
}

/**
 * `trust add` and the app's `change:plan` for it: the registry's CA as `<certs.d>/<host[:port]>/ca.crt`.
 * A pinned fingerprint that does not match refuses before anything is planned.
 */
export async function planTrustAddChange(
  machine: TrustMachine,
  input: string,
  options: {
    id: string;
    fingerprint?: string;
    /** Who pinned the fingerprint, for the refusal: `--fingerprint` unless told. */
    pinnedBy?: PinSource;
    caFile?: CaFile;
    /** The CA a front publishes (Nexus: `/download/ca.crt`): fetched untrusted, so it needs the pin, which picks the certificate. */
    caUrl?: string;
    /** PEM text given as the CA (a profile's `caPem`, a file the app read); `label` names it in messages. */
    caPem?: { text: string; label: string };
    /** Also into the OS trust store (every program, every website), not only Docker's certs.d. */
    osStore?: boolean;
    /** `--allow-public-registry`, typed by the user; never from a profile. */
    allowPublicRegistry?: boolean;
    now: () => Date;
  },
): Promise<TrustAddChange> {
  const paths = registryPaths(machine.certsDir, input);
  const allowPublic = options.allowPublicRegistry === true;
  if (isPublicRegistry(paths.name.dirName) && !allowPublic) throw publicRegistryRefusal(paths.name.dirName, 'ca');
  const pin = options.fingerprint === undefined ? undefined : parseFingerprint(options.fingerprint);
  const source = (await givenCaFile(options, pin, options.now())) ?? options.caFile;
  const caFile = source?.certificates;
  const warnings: Message[] = [];

  let chain: X509Certificate[] | null = null;
  let judgement: TrustJudgement | null = null;
  let fetchedIssuers: X509Certificate[] = [];
  let aiaError: DocksideError | null = null;
  try {
    const inspection = await inspectRegistry(paths, { certsDir: machine.certsDir, caFile, caFileFrom: source?.from, now: options.now, timeoutMs: TRUST_CONNECT_TIMEOUT_MS });
    chain = inspection.fetched.certificates;
    judgement = inspection.judgement;
    fetchedIssuers = inspection.aia?.issuers ?? [];
    aiaError = inspection.aia?.error ?? null;
  } catch (error) {
    if (caFile === undefined || !(error instanceof DocksideError && UNREACHABLE.has(error.code))) throw error;
    warnings.push(msg('tls.warning.unreachable'), errorMessage(error));
  }

  if (judgement?.trustedBy === 'system' && caFile === undefined) {
    return { plan: null, request: null, diff: '', warnings: [], paths, chain, ca: null, certificate: null, alreadySystem: judgement.problems };
  }
  // The leaf named where its CA is and following that failed: that is why there is no CA, said with its URL.
  if (judgement && judgement.ca === null && aiaError) throw aiaError;
  const ca = judgement ? caOf(judgement) : onlyCertificate(caFile ?? [], source?.path ?? '');
  if (pin !== undefined && ca.fingerprint256 !== pin) throw fingerprintMismatch(paths.name.dirName, ca, pin, options.pinnedBy ?? 'flag');
  if (pin === undefined) warnings.push(msg('tls.warning.no-pin', { fingerprint: ca.fingerprint256 }));
  for (const problem of judgement?.problems ?? []) {
    if (SOLVED_BY_INSTALL.has(problem.code)) continue;
    // Docker's own text stays beside the explanation, quoted: users search for it.
    warnings.push(problem.explanation, msg('tls.warning.docker-says', { error: problem.dockerError ?? problem.code }), problem.fix);
  }
  if (machine.engine.kind === 'desktop') warnings.push(msg('tls.warning.desktop-restart'));

  const current = await readFileState(paths.caPath);
  // Docker follows no AIA: intermediates found that way go into ca.crt beside the pinned root.
  const caPem = [ca, ...(judgement?.ca?.source === 'aia' ? fetchedIssuers.filter((cert) => cert !== ca) : [])].map(toPem).join('');
  const registry = paths.name.dirName;
  const planned = planTrustAdd({ id: options.id, engine: machine.engine, registry, caPath: paths.caPath, current, caPem });
  const certs = { [registry]: current?.sha256 ?? null };
  if (options.osStore === true) {
    const os = await osStoreChange(machine, { trust: [{ host: registry, caPem }], untrust: [] }, registry, planned.plan?.steps ?? [], options.id);
    warnings.push(msg('tls.os-store.warning.every-website', { registry }), ...os.warnings);
    const request = os.plan && applyRequest(options.id, machine.chosen, { trust: [{ host: registry, caPem }], osTrust: [{ host: registry, caPem }], allowPublicRegistry: allowPublic, expectedBefore: { certs, ...os.expectedBefore } });
    return { plan: os.plan, request, diff: '', warnings, paths, chain, ca: describeCertificate(ca), certificate: ca, alreadySystem: null };
  }
  const request = planned.plan && applyRequest(options.id, machine.chosen, { trust: [{ host: registry, caPem }], allowPublicRegistry: allowPublic, expectedBefore: { certs } });
  return { plan: planned.plan, request, diff: '', warnings, paths, chain, ca: describeCertificate(ca), certificate: ca, alreadySystem: null };
}

/**
 * `--os-store`: the CA also in this machine's OS trust store, planned with the function the
 * elevated side runs again (root's record and the anchors as the preview finds them), after the
 * certs.d steps. Null plan: nothing changes anywhere.
 */
async function osStoreChange(
  machine: TrustMachine,
  intent: OsTrustIntent,
  registry: string,
  certsSteps: readonly PlanStep[],
  id: string,
): Promise<{ plan: Plan | null; expectedBefore: Pick<ExpectedBefore, 'osAnchors' | 'osTrustRecord'>; warnings: Message[] }> {
  // Where the elevated process keeps its state (root's, the first journal dir): the record is there.
  const rootStateDir = machine.journalDirs?.[0] ?? machine.stateDir ?? currentStateDir();
  const store = thisMachinesOsStore(rootStateDir);
  if (store === null) throw new DocksideError('os-store-unsupported', 'tls.error.os-store.unsupported', { platform: process.platform });
  const os = await planOsTrust(store, osTrustRecordPath(rootStateDir), intent, (path) => readFileState(path));
  const steps = [...certsSteps, ...os.steps];
  const reason = msg(intent.trust.length > 0 ? 'tls.os-store.plan.reason.add' : 'tls.os-store.plan.reason.remove', { registry, store: store.bundlePath ?? store.anchorsDir });
  const plan: Plan | null = steps.length === 0 ? null : { version: 1, id, action: 'apply', reason, engine: machine.engine, steps };
  return { plan, expectedBefore: os.expectedBefore, warnings: os.warnings };
}

export interface TrustRemoveChange extends ProposedChange {
  paths: RegistryPaths;
  ca: TrustChangeJson['ca'];
  /** The CA ca.crt holds now; null when there is none (or it holds no readable certificate). */
  certificate: X509Certificate | null;
}

/**
 * `trust remove` and the app's `change:plan` for it: remove ca.crt, and the registry's directory
 * when Dockside created it and nothing else is in it. `osStore`: the registry's CA leaves the
 * OS trust store too (the file only when no other registry needs it); a ca.crt already gone is then no refusal.
 */
export async function planTrustRemoveChange(machine: TrustMachine, input: string, options: { id: string; osStore?: boolean }): Promise<TrustRemoveChange> {
  const paths = registryPaths(machine.certsDir, input);
  const current = await readFileState(paths.caPath);
  const registry = paths.name.dirName;
  const certs = { [registry]: current?.sha256 ?? null };
  const osStore = options.osStore === true;
  const planned = osStore && current === null ? { plan: null } : planTrustRemove({ id: options.id, engine: machine.engine, registry, caPath: paths.caPath, current });
  let plan = planned.plan;
  let request = planned.plan && applyRequest(options.id, machine.chosen, { untrust: [registry], expectedBefore: { certs } });
  const osWarnings: Message[] = [];
  if (osStore) {
    const os = await osStoreChange(machine, { trust: [], untrust: [registry] }, registry, planned.plan?.steps ?? [], options.id);
    plan = os.plan;
    request = os.plan && applyRequest(options.id, machine.chosen, { untrust: current === null ? [] : [registry], osUntrust: [registry], expectedBefore: { certs, ...os.expectedBefore } });
    osWarnings.push(...os.warnings);
  }
  const others = (await readdir(paths.registryDir).catch(() => [])).filter((name) => name !== basename(paths.caPath));
  const warnings = others.length > 0 ? [msg('tls.warning.kept-files', { files: others.join(', ') })] : [];
  warnings.push(...osWarnings);
  if (machine.engine.kind === 'desktop') warnings.push(msg('tls.warning.desktop-restart'));
  let certificate: X509Certificate | null = null;
  try {
    certificate = current && (parseCertificates(current.bytes, paths.caPath)[0] ?? null);
  } catch {
    // A ca.crt that holds no certificate is removed all the same; there is just nothing to describe.
  }
  return { plan, request, diff: '', warnings, paths, ca: certificate && describeCertificate(certificate), certificate };
}

function fingerprintMismatch(registry: string, ca: X509Certificate, pin: string, pinnedBy: PinSource): DocksideError {
  const params = { registry, subject: ca.subject.replace(/\n/g, ', '), fingerprint: ca.fingerprint256, pin };
  if (pinnedBy === 'flag') return new DocksideError('fingerprint-mismatch', 'tls.error.fingerprint-mismatch', params);
  if (pinnedBy === 'accepted') return new DocksideError('fingerprint-mismatch', 'tls.error.fingerprint-mismatch.accepted', params);
  return new DocksideError('fingerprint-mismatch', 'tls.error.fingerprint-mismatch.profile', { ...params, field: pinnedBy.profileField });
}

/** The problems that say why the chain names no CA, each a sentence of its own: `tls.error.<code>` repeats the problem's explanation and fix. */
const NO_CA: ReadonlySet<TrustProblemCode> = new Set(['ca-file-mismatch', 'chain-incomplete', 'ca-not-sent']);

/** The CA the judgement picked, or the problem that says why there is none (with its fix). */
function caOf(judgement: TrustJudgement): X509Certificate {
  if (judgement.ca) return judgement.ca.certificate;
  const problem = judgement.problems.find((p) => NO_CA.has(p.code));
  if (problem === undefined) throw new DocksideError('ca-unknown', 'tls.error.ca-unknown');
  // Each has its error sentence under the explanation's name (a mismatch's says where the CA came from).
  const key = problem.explanation.code.replace(/^tls\.problem\./, 'tls.error.') as `tls.error.${'ca-file-mismatch' | 'ca-file-mismatch.url' | 'ca-file-mismatch.given' | 'chain-incomplete' | 'ca-not-sent'}`;
  throw new DocksideError(problem.code, key, { ...problem.explanation.params, ...problem.fix.params });
}

function onlyCertificate(certificates: X509Certificate[], path: string): X509Certificate {
  const [only, ...more] = certificates;
  if (only === undefined || more.length > 0) throw new DocksideError('ca-file-ambiguous', 'tls.error.ca-file-ambiguous', { path, total: certificates.length });
  return only;
}
