import type { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import type { TrustInspectJson } from '../../../shared/trust';
import { describeCertificate } from './certificate-info';
import { CA_FILE, readRegistryCas } from './certs-d';
import { type FetchedChain, fetchChain } from './fetch-chain';
import { judgeChain, type TrustJudgement } from './judge-chain';
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
}

export interface InspectOptions {
  certsDir: string;
  caFile?: X509Certificate[];
  now: () => Date;
  timeoutMs: number;
}

/** Fetches the registry's chain and judges it against certs.d and the system's CAs as they are now. */
export async function inspectRegistry(paths: RegistryPaths, options: InspectOptions): Promise<RegistryInspection> {
  const fetched = await fetchChain(paths.name, { timeoutMs: options.timeoutMs });
  return { ...paths, fetched, judgement: await judge(paths, fetched.certificates, options) };
}

/** Judges a chain again with certs.d read afresh: after an install, this is the proof it took. */
export async function judge(paths: RegistryPaths, chain: X509Certificate[], options: Pick<InspectOptions, 'caFile' | 'now'>): Promise<TrustJudgement> {
  const [certsD, system] = await Promise.all([readRegistryCas(paths.registryDir), systemRoots()]);
  return judgeChain({
    chain,
    name: paths.name,
    now: options.now(),
    roots: { certsD, system },
    ...(options.caFile ? { caFile: options.caFile } : {}),
    addCommand: `dockside trust add ${paths.name.dirName}`,
  });
}

export function inspectionJson(inspection: RegistryInspection): TrustInspectJson {
  const { judgement, fetched } = inspection;
  return {
    registry: inspection.name.dirName,
    address: fetched.address,
    tlsVersion: fetched.tlsVersion,
    chain: fetched.certificates.map(describeCertificate),
    ca: judgement.ca && { source: judgement.ca.source, certificate: describeCertificate(judgement.ca.certificate) },
    caPath: inspection.caPath,
    trustedBy: judgement.trustedBy,
    problems: judgement.problems,
  };
}

/** How long fetching a registry's chain may take before it counts as unreachable. */
export const TRUST_CONNECT_TIMEOUT_MS = 10_000;

/** `trust inspect <host[:port]>` as a document: the chain, how Docker judges it, and which certificate belongs in ca.crt. */
export async function inspectTrust(paths: RegistryPaths, options: { certsDir: string; caFile?: X509Certificate[]; now?: () => Date }): Promise<TrustInspectJson> {
  const now = options.now ?? ((): Date => new Date());
  return inspectionJson(await inspectRegistry(paths, { certsDir: options.certsDir, caFile: options.caFile, now, timeoutMs: TRUST_CONNECT_TIMEOUT_MS }));
}
