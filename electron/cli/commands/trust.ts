import type { X509Certificate } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { EXIT } from '../../../shared/cli';
import { type TrustChangeJson, type TrustProblemCode } from '../../../shared/trust';
import { DocksideError, toErrorValue } from '../../core/errors';
import { readFileState } from '../../core/platform/file-state';
import { describeCertificate, parseCertificates } from '../../core/trust/certificate-info';
import { trustList } from '../../core/trust/certs-d';
import { parseFingerprint } from '../../core/trust/fingerprint';
import { inspectRegistry, inspectTrust, judge, registryPaths, type RegistryPaths, TRUST_CONNECT_TIMEOUT_MS } from '../../core/trust/inspect-registry';
import type { TrustJudgement } from '../../core/trust/judge-chain';
import { planTrustAdd, planTrustRemove } from '../../core/trust/trust-plan';
import { type AppliedChange, applyChange } from '../apply-change';
import type { CliContext } from '../context';
import { printInspection, printList, printProblems } from '../trust-text';

/** Problems that installing the CA solves; any other one makes Docker refuse the registry still. */
const SOLVED_BY_INSTALL = new Set<TrustProblemCode>(['unknown-authority', 'ca-not-sent', 'chain-incomplete']);
/** The registry is not there to ask; a CA from a file can still be installed. */
const UNREACHABLE = new Set(['host-not-found', 'host-unreachable', 'connection-refused', 'connect-timeout']);

const now = (): Date => new Date();

/** `trust inspect <host[:port]>`: the chain, how Docker judges it, and which certificate belongs in ca.crt. */
export async function trustInspectCommand(ctx: CliContext, input: string, values: { caFile?: string }): Promise<number> {
  const paths = registryPaths(ctx.certsDir, input);
  const caFile = values.caFile === undefined ? undefined : await readCaFile(values.caFile);
  const inspection = await inspectTrust(paths, { certsDir: ctx.certsDir, caFile, now });
  ctx.out.document(inspection);
  printInspection(ctx.out, inspection);
  return EXIT.ok;
}

/**
 * `trust add <host[:port]>`: install the registry's CA as `<certs.d>/<host[:port]>/ca.crt`. A
 * pinned fingerprint that does not match refuses before anything is planned; afterwards the
 * chain is judged again against the file on disk, which proves the install took.
 */
export async function trustAddCommand(ctx: CliContext, input: string, values: { fingerprint?: string; caFile?: string }): Promise<number> {
  const m = ctx.out.messages;
  const paths = registryPaths(ctx.certsDir, input);
  const pin = values.fingerprint === undefined ? undefined : parseFingerprint(values.fingerprint);
  const caFile = values.caFile === undefined ? undefined : await readCaFile(values.caFile);
  const warnings: string[] = [];

  let chain: X509Certificate[] | null = null;
  let judgement: TrustJudgement | null = null;
  try {
    const inspection = await inspectRegistry(paths, { certsDir: ctx.certsDir, caFile, now, timeoutMs: TRUST_CONNECT_TIMEOUT_MS });
    chain = inspection.fetched.certificates;
    judgement = inspection.judgement;
  } catch (error) {
    if (caFile === undefined || !(error instanceof DocksideError && UNREACHABLE.has(error.code))) throw error;
    warnings.push(`${m.unreachable}: ${error.message}`);
  }

  if (judgement?.trustedBy === 'system' && caFile === undefined) {
    ctx.out.text(m.alreadySystem);
    printProblems(ctx.out, judgement.problems);
    ctx.out.document(trustJson({ code: EXIT.ok, json: unchangedJson() }, paths, null, true));
    return EXIT.ok;
  }
  const ca = judgement ? caOf(judgement) : onlyCertificate(caFile ?? [], values.caFile ?? '');
  if (pin !== undefined && ca.fingerprint256 !== pin) {
    throw new DocksideError(
      'fingerprint-mismatch',
      `The CA for ${paths.name.dirName} ("${ca.subject.replace(/\n/g, ', ')}") has the SHA-256 fingerprint ${ca.fingerprint256}, but --fingerprint says ${pin}. Nothing was written. ` +
        "Either this is not the registry (or the CA) you expect, something between you and the registry presents its own certificate, or the fingerprint is of another certificate. Check the fingerprint with the registry's administrator.",
    );
  }
  if (pin === undefined) warnings.push(`${m.noPin}: ${ca.fingerprint256}`);
  for (const problem of judgement?.problems ?? []) {
    if (!SOLVED_BY_INSTALL.has(problem.code)) warnings.push(`${problem.explanation} Docker says: ${problem.dockerError ?? problem.code}. ${problem.fix}`);
  }
  if (ctx.engine.kind === 'desktop') warnings.push(m.desktopRestart);

  const planned = planTrustAdd({ id: ctx.newId(), engine: ctx.engine, registry: paths.name.dirName, caPath: paths.caPath, current: await readFileState(paths.caPath), ca });
  const applied = await applyChange(ctx, { plan: planned.plan, diff: planned.diff, warnings });
  let trustedAfter: boolean | null = null;
  if (chain !== null && (applied.json.outcome === 'applied' || applied.json.outcome === 'unchanged')) {
    const after = await judge(paths, chain, { now });
    trustedAfter = after.trustedBy !== null;
    const refusal = after.problems[0];
    if (!trustedAfter) ctx.out.text(`${m.notTrustedAfter} ${paths.caPath}`);
    else if (refusal) ctx.out.text(`${m.trustedButRefused}: ${refusal.dockerError ?? refusal.explanation}`);
    else ctx.out.text(`${m.trustedAfter} ${paths.caPath}`);
  }
  ctx.out.document(trustJson(applied, paths, describeCertificate(ca), trustedAfter));
  return trustedAfter === false ? EXIT.failed : applied.code;
}

/** `trust remove <host[:port]>`: remove ca.crt, and the registry's directory when nothing else is in it. */
export async function trustRemoveCommand(ctx: CliContext, input: string): Promise<number> {
  const paths = registryPaths(ctx.certsDir, input);
  const current = await readFileState(paths.caPath);
  const planned = planTrustRemove({ id: ctx.newId(), engine: ctx.engine, registry: paths.name.dirName, caPath: paths.caPath, current });
  const others = (await readdir(paths.registryDir)).filter((name) => name !== basename(paths.caPath));
  const warnings = others.length > 0 ? [`${ctx.out.messages.keptFiles}: ${others.join(', ')}`] : [];
  if (ctx.engine.kind === 'desktop') warnings.push(ctx.out.messages.desktopRestart);
  let ca = null;
  try {
    ca = current && describeCertificate(parseCertificates(current.bytes, paths.caPath)[0] as X509Certificate);
  } catch {
    // A ca.crt that holds no certificate is removed all the same; there is just nothing to describe.
  }
  const applied = await applyChange(ctx, { plan: planned.plan, diff: planned.diff, warnings });
  ctx.out.document(trustJson(applied, paths, ca, null));
  return applied.code;
}

/** `trust list`: every registry with a ca.crt under the certs dir. */
export async function trustListCommand(ctx: CliContext): Promise<number> {
  const list = await trustList(ctx.certsDir);
  ctx.out.document(list);
  printList(ctx.out, list);
  return EXIT.ok;
}

function trustJson(applied: AppliedChange, paths: RegistryPaths, ca: TrustChangeJson['ca'], trustedAfter: boolean | null): TrustChangeJson {
  return { ...applied.json, registry: paths.name.dirName, caPath: paths.caPath, ca, trustedAfter };
}

function unchangedJson(): AppliedChange['json'] {
  return { outcome: 'unchanged', planId: null, reason: '', diff: '', steps: [], warnings: [], backups: [], active: null, differences: [] };
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

async function readCaFile(path: string): Promise<X509Certificate[]> {
  const bytes = await readFile(path).catch((error: unknown) => {
    throw new DocksideError('ca-file-unreadable', `Cannot read the CA file ${path}: ${toErrorValue(error).message}. Check the path and that you may read it.`);
  });
  return parseCertificates(bytes, path);
}
