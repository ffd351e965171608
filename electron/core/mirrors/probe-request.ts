import type { Message } from '../../../shared/message';
import type { MirrorsProbeJson, ProbeEvent } from '../../../shared/mirrors';
import { DocksideError } from '../errors';
import { discoverNexus } from '../nexus/discover';
import { toPem } from '../trust/certificate-info';
import { readRegistryCas } from '../trust/certs-d';
import { registryPaths } from '../trust/inspect-registry';
import { systemRoots } from '../trust/system-roots';
import { type CandidateList, collectCandidates, type InvalidCandidate } from './candidates';
import { loadCatalog } from './catalog';
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
  /** The Nexus discovery's notes as they come, and the catalog's personal accelerators (which need the user's own ID). */
  onNote?: (note: Message) => void;
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
    // Only the active entries are candidates: a retired one is known gone, a personal accelerator is a template.
    const catalog = await loadCatalog(deps.catalogPath);
    const active = catalog.filter((entry) => entry.status === 'active');
    lists.push({ source: 'catalog', urls: active.map((entry) => entry.url), labels: Object.fromEntries(active.map((entry) => [entry.url, entry.operator])) });
    for (const entry of catalog) if (entry.status === 'needs-own-id') deps.onNote?.(entry.note);
  }
  const { candidates, invalid } = collectCandidates(lists);
  for (const item of invalid) deps.onInvalid?.(item);
  if (candidates.length === 0) throw new DocksideError('no-candidates', 'probe.error.no-candidates');
  for (const candidate of candidates) ca.push(...(await readRegistryCas(registryPaths(deps.certsDir, new URL(candidate.url).host).registryDir)).map(toPem));

  const image = request.image ?? DEFAULT_PROBE_IMAGE;
  const { results, elapsedMs } = await probeMirrors(candidates, { image, timeoutMs, deadlineMs: timeoutMs + DEADLINE_SLACK_MS, ca, onEvent: deps.onEvent });
  return { image, timeoutMs, elapsedMs, results: rankResults(results) };
}
