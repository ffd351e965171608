import type { X509Certificate } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { basename } from 'node:path';
import type { TrustChangeJson, TrustProblemCode } from '../../../shared/trust';
import { DocksideError } from '../errors';
import type { Machine } from '../machine';
import type { ProposedChange } from '../plan/change';
import { readFileState } from '../platform/file-state';
import { applyRequest } from '../plan/privileged-request';
import { isPublicRegistry, publicRegistryRefusal } from '../registry/public-registry';
import { describeCertificate, parseCertificates, toPem } from '../trust/certificate-info';
import { parseFingerprint } from '../trust/fingerprint';
import { inspectRegistry, registryPaths, type RegistryPaths, TRUST_CONNECT_TIMEOUT_MS } from '../trust/inspect-registry';
import type { TrustJudgement } from '../trust/judge-chain';
import { planTrustAdd, planTrustRemove } from '../trust/trust-plan';

/** Problems that installing the CA solves; any other one makes Docker refuse the registry still. */
const SOLVED_BY_INSTALL = new Set<TrustProblemCode>(['unknown-authority', 'ca-not-sent', 'chain-incomplete']);
/** The registry is not there to ask; a CA from a file can still be installed. */
const UNREACHABLE = new Set(['host-not-found', 'host-unreachable', 'connection-refused', 'connect-timeout']);

/** The words of the warnings a trust change carries, in the caller's language. */
export interface TrustWords {
  unreachable: string;
  noPin: string;
  keptFiles: string;
  desktopRestart: string;
  /** A profile's mirror over plain HTTP (images pulled through it are not protected in transit). */
  httpMirror: string;
}

type TrustMachine = Pick<Machine, 'certsDir' | 'engine' | 'chosen'>;

export interface TrustAddChange extends ProposedChange {
  paths: RegistryPaths;
  /** The chain the registry sent; null when it could not be reached (a CA file is installed unchecked). */
  chain: X509Certificate[] | null;
  ca: TrustChangeJson['ca'];
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
    /** Who pinned the fingerprint, for the refusal: `--fingerprint` unless told (a profile's field, say). */
    pinnedBy?: string;
    caFile?: { path: string; certificates: X509Certificate[] };
    /** `--allow-public-registry`, typed by the user; never from a profile. */
    allowPublicRegistry?: boolean;
    now: () => Date;
    words: TrustWords;
  },
): Promise<TrustAddChange> {
  const { words } = options;
  const paths = registryPaths(machine.certsDir, input);
  const allowPublic = options.allowPublicRegistry === true;
  if (isPublicRegistry(paths.name.dirName) && !allowPublic) throw publicRegistryRefusal(paths.name.dirName, 'ca');
  const pin = options.fingerprint === undefined ? undefined : parseFingerprint(options.fingerprint);
  const caFile = options.caFile?.certificates;
  const warnings: string[] = [];

  let chain: X509Certificate[] | null = null;
  let judgement: TrustJudgement | null = null;
  try {
    const inspection = await inspectRegistry(paths, { certsDir: machine.certsDir, caFile, now: options.now, timeoutMs: TRUST_CONNECT_TIMEOUT_MS });
    chain = inspection.fetched.certificates;
    judgement = inspection.judgement;
  } catch (error) {
    if (caFile === undefined || !(error instanceof DocksideError && UNREACHABLE.has(error.code))) throw error;
    warnings.push(`${words.unreachable}: ${error.message}`);
  }

  if (judgement?.trustedBy === 'system' && caFile === undefined) {
    return { plan: null, request: null, diff: '', warnings: [], paths, chain, ca: null, alreadySystem: judgement.problems };
  }
  const ca = judgement ? caOf(judgement) : onlyCertificate(caFile ?? [], options.caFile?.path ?? '');
  if (pin !== undefined && ca.fingerprint256 !== pin) {
    throw new DocksideError(
      'fingerprint-mismatch',
      `The CA for ${paths.name.dirName} ("${ca.subject.replace(/\n/g, ', ')}") has the SHA-256 fingerprint ${ca.fingerprint256}, but ${options.pinnedBy ?? '--fingerprint'} says ${pin}. Nothing was written. ` +
        "Either this is not the registry (or the CA) you expect, something between you and the registry presents its own certificate, or the fingerprint is of another certificate. Check the fingerprint with the registry's administrator.",
    );
  }
  if (pin === undefined) warnings.push(`${words.noPin}: ${ca.fingerprint256}`);
  for (const problem of judgement?.problems ?? []) {
    if (!SOLVED_BY_INSTALL.has(problem.code)) warnings.push(`${problem.explanation} Docker says: ${problem.dockerError ?? problem.code}. ${problem.fix}`);
  }
  if (machine.engine.kind === 'desktop') warnings.push(words.desktopRestart);

  const current = await readFileState(paths.caPath);
  const caPem = toPem(ca);
  const registry = paths.name.dirName;
  const planned = planTrustAdd({ id: options.id, engine: machine.engine, registry, caPath: paths.caPath, current, caPem });
  const request =
    planned.plan &&
    applyRequest(options.id, machine.chosen, { trust: [{ host: registry, caPem }], allowPublicRegistry: allowPublic, expectedBefore: { certs: { [registry]: current?.sha256 ?? null } } });
  return { plan: planned.plan, request, diff: planned.diff, warnings, paths, chain, ca: describeCertificate(ca), alreadySystem: null };
}

export interface TrustRemoveChange extends ProposedChange {
  paths: RegistryPaths;
  ca: TrustChangeJson['ca'];
}

/** `trust remove` and the app's `change:plan` for it: remove ca.crt, and the registry's directory when Dockside created it and nothing else is in it. */
export async function planTrustRemoveChange(machine: TrustMachine, input: string, options: { id: string; words: TrustWords }): Promise<TrustRemoveChange> {
  const paths = registryPaths(machine.certsDir, input);
  const current = await readFileState(paths.caPath);
  const registry = paths.name.dirName;
  const planned = planTrustRemove({ id: options.id, engine: machine.engine, registry, caPath: paths.caPath, current });
  const request = planned.plan && applyRequest(options.id, machine.chosen, { untrust: [registry], expectedBefore: { certs: { [registry]: current?.sha256 ?? null } } });
  const others = (await readdir(paths.registryDir)).filter((name) => name !== basename(paths.caPath));
  const warnings = others.length > 0 ? [`${options.words.keptFiles}: ${others.join(', ')}`] : [];
  if (machine.engine.kind === 'desktop') warnings.push(options.words.desktopRestart);
  let ca = null;
  try {
    ca = current && describeCertificate(parseCertificates(current.bytes, paths.caPath)[0] as X509Certificate);
  } catch {
    // A ca.crt that holds no certificate is removed all the same; there is just nothing to describe.
  }
  return { plan: planned.plan, request, diff: planned.diff, warnings, paths, ca };
}

/** The CA the judgement picked, or the problem that says why there is none (with its fix). */
function caOf(judgement: TrustJudgement): X509Certificate {
  if (judgement.ca) return judgement.ca.certificate;
  const problem = judgement.problems.find((p) => p.code === 'ca-file-mismatch' || p.code === 'chain-incomplete' || p.code === 'ca-not-sent');
  throw new DocksideError(problem?.code ?? 'ca-unknown', problem ? `${problem.explanation} ${problem.fix}` : 'The registry does not send a CA certificate. Give it with --ca-file.');
}

function onlyCertificate(certificates: X509Certificate[], path: string): X509Certificate {
  const [only, ...more] = certificates;
  if (only === undefined || more.length > 0) {
    throw new DocksideError('ca-file-ambiguous', `${path} holds ${certificates.length} certificates and the registry cannot be reached to tell which one issued its certificate. Give a file with just the CA, or try again when the registry is reachable.`);
  }
  return only;
}
