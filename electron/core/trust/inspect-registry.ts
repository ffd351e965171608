import type { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import type { TrustInspectJson, TrustProblemCode } from '../../../shared/trust';
import { toErrorValue } from '../errors';
import { type AiaFollowed, followCaIssuers } from './aia-issuers';
import { describeCertificate } from './certificate-info';
import { CA_FILE, readRegistryCas } from './certs-d';
import { type FetchedChain, fetchChain } from './fetch-chain';
import { type JudgeInput, judgeChain, type TrustJudgement } from './judge-chain';
import { certsDirFor, parseRegistryName, type RegistryName } from './registry-name';
import { systemRoots } from './system-roots';

/** Where a registry's CA lives: `<certs.d>/<host[:port]>/ca.crt`, from a validated name only. */
export interface RegistryPaths {
  name: RegistryName;
  registryDir: string;
  caPath: string;
}

export function registryPaths(certsDir: string, input: string): RegistryPaths {
  const name = parseRegistryName(input);
  const registryDir = certsDirFor(certsDir, input);
  return { name, registryDir, caPath: join(registryDir, CA_FILE) };
}

export interface RegistryInspection extends RegistryPaths {
  fetched: FetchedChain;
  judgement: TrustJudgement;
  /** The leaf's AIA caIssuers URLs, when the chain lacked its CA and they were followed. */
  aia: AiaFollowed | null;
}

export interface InspectOptions {
  certsDir: string;
  caFile?: X509Certificate[];
  /** Where `caFile` came from when it is no file the user named (a URL, a profile's PEM). */
  caFileFrom?: JudgeInput['caFileFrom'];
  now: () => Date;
  timeoutMs: number;
}

/** The chain names no CA to install: the leaf's AIA caIssuers may. */
const LACKS_CA: ReadonlySet<TrustProblemCode> = new Set(['ca-not-sent', 'chain-incomplete']);

/**
 * Fetches the registry's chain and judges it against certs.d and the system's CAs as they are
 * now; when the chain lacks its CA (and no CA was given), the leaf's AIA caIssuers complete it.
 */
export async function inspectRegistry(paths: RegistryPaths, options: InspectOptions): Promise<RegistryInspection> {
  const fetched = await fetchChain(paths.name, { timeoutMs: options.timeoutMs });
  const judgement = await judge(paths, fetched.certificates, options);
  if (options.caFile !== undefined || !judgement.problems.some((problem) => LACKS_CA.has(problem.code))) return { ...paths, fetched, judgement, aia: null };
  const aia = await followCaIssuers(fetched.certificates, { timeoutMs: options.timeoutMs });
  if (aia === null || aia.issuers.length === 0) return { ...paths, fetched, judgement, aia };
  return { ...paths, fetched, judgement: await judge(paths, fetched.certificates, { ...options, issuers: aia.issuers }), aia };
}

/** Judges a chain again with certs.d read afresh: after an install, this is the proof it took. */
export async function judge(
  paths: RegistryPaths,
  chain: X509Certificate[],
  options: Pick<InspectOptions, 'caFile' | 'caFileFrom' | 'now'> & { issuers?: X509Certificate[] },
): Promise<TrustJudgement> {
  const [certsD, system] = await Promise.all([readRegistryCas(paths.registryDir), systemRoots()]);
  return judgeChain({
    chain,
    name: paths.name,
    now: options.now(),
    roots: { certsD, system },
    ...(options.caFile ? { caFile: options.caFile } : {}),
    ...(options.caFileFrom ? { caFileFrom: options.caFileFrom } : {}),
    ...(options.issuers ? { issuers: options.issuers } : {}),
    addCommand: `dockside trust add ${paths.name.dirName}`,
  });
}

export function inspectionJson(inspection: RegistryInspection): TrustInspectJson {
  const { judgement, fetched, aia } = inspection;
  return {
    registry: inspection.name.dirName,
    address: fetched.address,
    tlsVersion: fetched.tlsVersion,
    chain: fetched.certificates.map(describeCertificate),
    ca: judgement.ca && { source: judgement.ca.source, certificate: describeCertificate(judgement.ca.certificate) },
    caPath: inspection.caPath,
    trustedBy: judgement.trustedBy,
    problems: judgement.problems,
    ...(aia ? { aia: { urls: aia.urls, issuers: aia.issuers.map(describeCertificate), error: aia.error && toErrorValue(aia.error) } } : {}),
  };
}

/** How long fetching a registry's chain may take before it counts as unreachable. */
export const TRUST_CONNECT_TIMEOUT_MS = 10_000;

/** `trust inspect <host[:port]>` as a document: the chain, how Docker judges it, and which certificate belongs in ca.crt. */
export async function inspectTrust(paths: RegistryPaths, options: { certsDir: string; caFile?: X509Certificate[]; now?: () => Date }): Promise<TrustInspectJson> {
  const now = options.now ?? ((): Date => new Date());
  return inspectionJson(await inspectRegistry(paths, { certsDir: options.certsDir, caFile: options.caFile, now, timeoutMs: TRUST_CONNECT_TIMEOUT_MS }));
}
