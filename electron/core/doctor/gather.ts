import { collectCandidates } from '../mirrors/candidates';
import { probeMirrors, rankResults } from '../mirrors/probe';
import { msg } from '../../../shared/message';
import { errorMessage } from '../errors';
import { toPem } from '../trust/certificate-info';
import { readRegistryCas } from '../trust/certs-d';
import { registryPaths } from '../trust/inspect-registry';
import { systemRoots } from '../trust/system-roots';
import { gatherLocalEvidence, type LocalEvidenceInput } from './evidence/local';
import { gatherRegistryEvidence, type RegistryEvidenceInput } from './evidence/registry';
import type { Evidence, LocalEvidence, RegistryEvidence } from './evidence/types';

export interface GatherInput {
  /**
   * The registry to examine; null for the machine only. Without `scheme`, https is tried and,
   * when the port speaks plain HTTP, http (as Docker does for an insecure registry). Without
   * `ca`, its certs.d CAs and the system's.
   */
  registry: (Omit<RegistryEvidenceInput, 'scheme' | 'ca' | 'timeoutMs' | 'skipped' | 'certsDir'> & { scheme?: 'https' | 'http'; ca?: string[] }) | null;
  local: Omit<LocalEvidenceInput, 'skipped'>;
  /** Probe the configured mirrors (daemon.json's registry-mirrors, else the engine's). */
  mirrors: boolean;
  /** The image reference the user asked about, kept for the findings. */
  image: string | null;
  timeoutMs: number;
  /** The Docker Hub image a mirror must serve; default library/busybox:latest. */
  mirrorImage?: string;
}

const DEFAULT_MIRROR_IMAGE = 'library/busybox:latest';

/** Everything the detectors look at, gathered once; what could not be gathered is in `skipped`, with why. */
export async function gatherEvidence(input: GatherInput): Promise<Evidence> {
  const skipped: Evidence['skipped'] = [];
  const [local, registry] = await Promise.all([gatherLocal(input, skipped), gatherRegistry(input, skipped)]);
  const mirrors = input.mirrors ? await gatherMirrors(input, local, skipped) : null;
  return { local, registry, mirrors, image: input.image, skipped };
}

async function gatherLocal(input: GatherInput, skipped: Evidence['skipped']): Promise<LocalEvidence> {
  return gatherLocalEvidence({ ...input.local, skipped });
}

async function gatherRegistry(input: GatherInput, skipped: Evidence['skipped']): Promise<RegistryEvidence | null> {
  const options = input.registry;
  if (options === null) return null;
  try {
    const ca = options.ca ?? (await trustedCas(input.local.certsDir, options.registry));
    const base = { ...options, ca, timeoutMs: input.timeoutMs, certsDir: input.local.certsDir };
    if (options.scheme) return await gatherRegistryEvidence({ ...base, scheme: options.scheme, skipped });
    const local: Evidence['skipped'] = [];
    const https = await gatherRegistryEvidence({ ...base, scheme: 'https', skipped: local });
    // A plain-HTTP port: Docker talks http to it only when it is an insecure registry; the http evidence shows what it would meet then.
    if (https.ping.error?.code !== 'not-tls') {
      skipped.push(...local);
      return https;
    }
    return await gatherRegistryEvidence({ ...base, scheme: 'http', skipped });
  } catch (error) {
    skipped.push({ check: 'registry', reason: errorMessage(error) });
    return null;
  }
}

async function gatherMirrors(input: GatherInput, local: LocalEvidence, skipped: Evidence['skipped']): Promise<Evidence['mirrors']> {
  const fromFile = local.daemonJson.keys.includes('registry-mirrors') ? (local.daemonJson.settings?.mirrors ?? null) : null;
  // A readable daemon.json without the key and no engine to ask: no mirror is configured there.
  const urls = fromFile ?? local.engine.active?.mirrors ?? (local.daemonJson.error === null ? [] : null);
  if (urls === null) {
    skipped.push({ check: 'mirrors', reason: msg('doctor.skipped.mirrors.unknown') });
    return null;
  }
  try {
    const { candidates, invalid } = collectCandidates([{ source: 'user', urls }]);
    // The check names the URL; the reason says what is wrong with it.
    for (const item of invalid) skipped.push({ check: `mirrors ${item.url}`, reason: item.reason });
    if (candidates.length === 0) return [];
    const ca = (await systemRoots()).map(toPem);
    for (const candidate of candidates) ca.push(...(await readRegistryCas(registryPaths(input.local.certsDir, new URL(candidate.url).host).registryDir)).map(toPem));
    const { results } = await probeMirrors(candidates, { image: input.mirrorImage ?? DEFAULT_MIRROR_IMAGE, timeoutMs: input.timeoutMs, deadlineMs: input.timeoutMs + 300, ca });
    return rankResults(results);
  } catch (error) {
    skipped.push({ check: 'mirrors', reason: errorMessage(error) });
    return null;
  }
}

/** The CAs Docker trusts for a registry: its certs.d directory's, then the system's. */
export async function trustedCas(certsDir: string, registry: string): Promise<string[]> {
  return [...(await readRegistryCas(registryPaths(certsDir, registry).registryDir)), ...(await systemRoots())].map(toPem);
}
