import type { MirrorsProbeJson, ProbeEvent } from '../../../shared/mirrors';
import { DocksideError } from '../errors';
import { discoverNexus } from '../nexus/discover';
import { toPem } from '../trust/certificate-info';
import { readRegistryCas } from '../trust/certs-d';
import { registryPaths } from '../trust/inspect-registry';
import { systemRoots } from '../trust/system-roots';
import { type CandidateList, collectCandidates, type InvalidCandidate, loadCatalog } from './candidates';
import { probeMirrors, rankResults } from './probe';

export const DEFAULT_PROBE_IMAGE = 'library/busybox:latest';
export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;
/** The whole run may take a little longer than one candidate: the last answers must still be read. */
const DEADLINE_SLACK_MS = 300;

/** What the user asks to probe: URLs, a Nexus whose mirror-capable repositories join them, or neither (the public catalog). */
export interface MirrorsProbeRequest {
  urls: string[];
  nexus?: string;
  image?: string;
  timeoutMs?: number;
}

export interface MirrorsProbeDeps {
  /** Docker trusts a mirror's certs.d CA as it does a registry's: so does the probe. */
  certsDir: string;
  /** resources/mirrors.json of this installation. */
  catalogPath: string;
  onEvent?: (event: ProbeEvent) => void;
  /** The Nexus discovery's notes, as they come. */
  onNote?: (note: string) => void;
  /** A URL that is no valid mirror, before probing starts. */
  onInvalid?: (item: InvalidCandidate) => void;
}

/**
 * `mirrors probe` as the CLI and the app run it: the given URLs and the Nexus's mirror-capable
 * repositories, or the public catalog when neither is given; all probed at once, then ranked.
 */
export async function probeMirrorsRequest(request: MirrorsProbeRequest, deps: MirrorsProbeDeps): Promise<MirrorsProbeJson> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const ca = (await systemRoots()).map(toPem);
  const lists: CandidateList[] = [{ source: 'user', urls: request.urls }];
  if (request.nexus) {
    const discovery = await discoverNexus({ nexusUrl: request.nexus, ca, timeoutMs });
    const mirrors = discovery.repositories.filter((repository) => repository.roles.includes('mirror'));
    lists.push({ source: 'nexus', urls: mirrors.flatMap((repository) => repository.endpoints.filter((endpoint) => /^https?:\/\//.test(endpoint))) });
    for (const note of discovery.notes) deps.onNote?.(note);
  }
  if (request.urls.length === 0 && !request.nexus) {
    const catalog = await loadCatalog(deps.catalogPath);
    lists.push({ source: 'catalog', urls: catalog.map((entry) => entry.url), labels: Object.fromEntries(catalog.map((entry) => [entry.url, `${entry.operator} (${entry.region})`])) });
  }
  const { candidates, invalid } = collectCandidates(lists);
  for (const item of invalid) deps.onInvalid?.(item);
  if (candidates.length === 0) throw new DocksideError('no-candidates', 'There is no mirror to probe: give URLs, or --nexus with a Nexus that has a Docker Hub proxy or a group containing one.');
  for (const candidate of candidates) ca.push(...(await readRegistryCas(registryPaths(deps.certsDir, new URL(candidate.url).host).registryDir)).map(toPem));

  const image = request.image ?? DEFAULT_PROBE_IMAGE;
  const { results, elapsedMs } = await probeMirrors(candidates, { image, timeoutMs, deadlineMs: timeoutMs + DEADLINE_SLACK_MS, ca, onEvent: deps.onEvent });
  return { image, timeoutMs, elapsedMs, results: rankResults(results) };
}
