import type { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { EXIT } from '../../../shared/cli';
import type { TrustAsUser, TrustChangeJson } from '../../../shared/trust';
import { planTrustAddChange, planTrustRemoveChange } from '../../core/change/trust';
import { DocksideError } from '../../core/errors';
import { changeJson } from '../../core/plan/change';
import { parseCertificates } from '../../core/trust/certificate-info';
import type { CaFile } from '../../core/trust/given-ca';
import { trustList } from '../../core/trust/certs-d';
import { inspectTrust, judge, registryPaths, type RegistryPaths } from '../../core/trust/inspect-registry';
import { type AppliedChange, applyChange } from '../apply-change';
import { COMMANDS } from '../args';
import type { CliContext } from '../context';
import { applyTrustAsUser, engineStillRefuses, planTrustAsUser, removeTrustAsUser } from '../trust-as-user';
import { printInspection, printList, printProblems } from '../trust-text';

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
export async function trustAddCommand(
  ctx: CliContext,
  input: string,
  values: { fingerprint?: string; caFile?: string; caUrl?: string; allowPublicRegistry?: boolean; osStore?: boolean },
): Promise<number> {
  const { t } = ctx.out;
  if (values.caUrl !== undefined) checkCaUrlFlags(values);
  const caFile = await caFromFile(values.caFile);
  const change = await planTrustAddChange(ctx, input, { id: ctx.newId(), fingerprint: values.fingerprint, caFile, caUrl: values.caUrl, osStore: values.osStore, allowPublicRegistry: values.allowPublicRegistry, now });
  const { paths, chain } = change;
  if (change.alreadySystem) {
    ctx.out.text(t('cli.trust.already-system'));
    printProblems(ctx.out, change.alreadySystem);
    ctx.out.document(trustJson({ code: EXIT.ok, json: changeJson(change, { outcome: 'unchanged' }) }, paths, null, true));
    return EXIT.ok;
  }
  // Unpinned, a person must look at the CA and say yes: --yes alone would install whatever the network sent.
  if (values.fingerprint === undefined && change.plan !== null && ctx.yes && change.ca) throw pinNeeded(paths.name.dirName, change.ca);
  const asUserPlan = change.certificate && (await planTrustAsUser(ctx, change.certificate, { osStore: values.osStore === true, desktop: ctx.engine.kind === 'desktop' }));
  const applied = await applyChange(ctx, change);
  const took = applied.json.outcome === 'applied' || applied.json.outcome === 'unchanged';
  let trustedAfter: boolean | null = null;
  if (chain !== null && took) {
    const after = await judge(paths, chain, { now });
    trustedAfter = after.trustedBy !== null;
    const refusal = after.problems[0];
    if (!trustedAfter) ctx.out.text(t('cli.trust.not-trusted-after', { path: paths.caPath }));
    else if (refusal?.dockerError) ctx.out.text(t('cli.trust.trusted-but-refused', { error: refusal.dockerError }));
    else if (refusal) ctx.out.text(t('cli.trust.trusted-but-refused.explained', { reason: t(refusal.explanation.code, refusal.explanation.params) }));
    else ctx.out.text(t('cli.trust.trusted-after', { path: paths.caPath }));
  }
  // The elevated side verified the store (and a TLS connection against its bundle) before it reported applied.
  if (values.osStore === true && applied.json.outcome === 'applied') ctx.out.text(t('cli.trust.os-store.trusted', { registry: paths.name.dirName }));
  const asUser = took && asUserPlan && change.certificate ? await applyTrustAsUser(ctx, change.certificate, asUserPlan, paths.name.dirName) : [];
  ctx.out.document(trustJson(applied, paths, change.ca, trustedAfter, asUser));
  return trustedAfter === false || engineStillRefuses(asUser) ? EXIT.failed : applied.code;
}

/** `trust remove <host[:port]>`: remove ca.crt, and the registry's directory when nothing else is in it; `--os-store`: its CA leaves the OS trust store too. */
export async function trustRemoveCommand(ctx: CliContext, input: string, values: { osStore?: boolean } = {}): Promise<number> {
  const change = await planTrustRemoveChange(ctx, input, { id: ctx.newId(), osStore: values.osStore });
  const applied = await applyChange(ctx, change);
  const asUser = applied.json.outcome === 'applied' ? await removeTrustAsUser(ctx, change.certificate, { osStore: values.osStore === true, registry: change.paths.name.dirName }) : [];
  ctx.out.document(trustJson(applied, change.paths, change.ca, null, asUser));
  return applied.code;
}

/** `trust list`: every registry with a ca.crt under the certs dir. */
export async function trustListCommand(ctx: CliContext): Promise<number> {
  const list = await trustList(ctx.certsDir);
  ctx.out.document(list);
  printList(ctx.out, list);
  return EXIT.ok;
}

function trustJson(applied: AppliedChange, paths: RegistryPaths, ca: TrustChangeJson['ca'], trustedAfter: boolean | null, asUser: TrustAsUser[] = []): TrustChangeJson {
  return { ...applied.json, registry: paths.name.dirName, caPath: paths.caPath, ca, trustedAfter, asUser };
}

async function caFromFile(path: string | undefined): Promise<CaFile | undefined> {
  return path === undefined ? undefined : { path, certificates: await readCaFile(path) };
}

function pinNeeded(registry: string, ca: NonNullable<TrustChangeJson['ca']>): DocksideError {
  return new DocksideError('pin-needed', 'cli.trust.pin-needed', {
    registry,
    subject: ca.subject.replace(/\n/g, ', '),
    issuer: ca.issuer.replace(/\n/g, ', '),
    fingerprint: ca.fingerprintSha256,
    notBefore: ca.notBefore,
    notAfter: ca.notAfter,
  });
}

/** --ca-url is fetched by the core, unprivileged; the flags' own mistakes are said in the flags' words first. */
function checkCaUrlFlags(values: { fingerprint?: string; caFile?: string }): void {
  if (values.caFile !== undefined) throw new DocksideError('usage', 'cli.trust.ca-url-with-ca-file', { usage: COMMANDS['trust add'].usage });
  if (values.fingerprint === undefined) throw new DocksideError('ca-url-needs-fingerprint', 'tls.error.ca-url.needs-fingerprint');
}

async function readCaFile(path: string): Promise<X509Certificate[]> {
  const bytes = await readFile(path).catch((error: unknown) => {
    // detail: the system's own words (ENOENT, EACCES), quoted
    throw new DocksideError('ca-file-unreadable', 'tls.error.ca-file-unreadable', { path, detail: error instanceof Error ? error.message : String(error) });
  });
  return parseCertificates(bytes, path);
}
