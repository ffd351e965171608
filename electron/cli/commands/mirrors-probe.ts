import { fileURLToPath } from 'node:url';
import { EXIT } from '../../../shared/cli';
import type { MirrorsProbeJson, ProbeEvent } from '../../../shared/mirrors';
import { DocksideError } from '../../core/errors';
import { collectCandidates, loadCatalog } from '../../core/mirrors/candidates';
import { probeMirrors, rankResults } from '../../core/mirrors/probe';
import { discoverNexus } from '../../core/nexus/discover';
import { toPem } from '../../core/trust/certificate-info';
import { readRegistryCas } from '../../core/trust/certs-d';
import { registryPaths } from '../../core/trust/inspect-registry';
import { systemRoots } from '../../core/trust/system-roots';
import type { CliContext } from '../context';

const DEFAULT_IMAGE = 'library/busybox:latest';
const DEFAULT_TIMEOUT_MS = 10_000;
/** The whole run may take a little longer than one candidate: the last answers must still be read. */
const DEADLINE_SLACK_MS = 300;
/** resources/ sits two levels above out/main/cli.js, in a checkout and in app.asar alike. */
const CATALOG = fileURLToPath(new URL('../../resources/mirrors.json', import.meta.url));

/**
 * `mirrors probe [URL...] [--nexus URL]`: the given URLs and the Nexus's mirror-capable
 * repositories, or the public catalog when neither is given; all probed at once, then ranked.
 */
export async function mirrorsProbeCommand(ctx: CliContext, urls: string[], options: { nexus?: string; image?: string; timeoutMs?: number }): Promise<number> {
  const m = ctx.out.messages;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const ca = (await systemRoots()).map(toPem);
  const lists: Parameters<typeof collectCandidates>[0] = [{ source: 'user', urls }];
  if (options.nexus) {
    const discovery = await discoverNexus({ nexusUrl: options.nexus, ca, timeoutMs });
    const mirrors = discovery.repositories.filter((repository) => repository.roles.includes('mirror'));
    lists.push({ source: 'nexus', urls: mirrors.flatMap((repository) => repository.endpoints.filter((endpoint) => /^https?:\/\//.test(endpoint))) });
    for (const note of discovery.notes) ctx.out.text(`${m.note}: ${note}`);
  }
  if (urls.length === 0 && !options.nexus) {
    const catalog = await loadCatalog(CATALOG);
    lists.push({ source: 'catalog', urls: catalog.map((entry) => entry.url), labels: Object.fromEntries(catalog.map((entry) => [entry.url, `${entry.operator} (${entry.region})`])) });
  }
  const { candidates, invalid } = collectCandidates(lists);
  for (const item of invalid) ctx.out.text(`${m.warning}: ${item.url}: ${item.reason}`);
  if (candidates.length === 0) throw new DocksideError('no-candidates', 'There is no mirror to probe: give URLs, or --nexus with a Nexus that has a Docker Hub proxy or a group containing one.');
  // Docker trusts a mirror's certs.d CA as it does a registry's: so does the probe.
  for (const candidate of candidates) ca.push(...(await readRegistryCas(registryPaths(ctx.certsDir, new URL(candidate.url).host).registryDir)).map(toPem));

  const image = options.image ?? DEFAULT_IMAGE;
  const { results, elapsedMs } = await probeMirrors(candidates, { image, timeoutMs, deadlineMs: timeoutMs + DEADLINE_SLACK_MS, ca, onEvent: (event) => progress(ctx, event) });
  const ranked = rankResults(results);
  const json: MirrorsProbeJson = { image, timeoutMs, elapsedMs, results: ranked };
  ctx.out.document(json);
  for (const result of ranked) {
    const timing = result.latencyMs === null ? '' : ` ${result.latencyMs.toFixed(0)} ms${result.throughputKBps === null ? '' : `, ${result.throughputKBps.toFixed(0)} KB/s`}`;
    ctx.out.text(`${result.usable ? '✓' : '✗'} ${result.url} ${result.status}${timing}: ${result.reason}`);
  }
  return ranked.some((result) => result.usable) ? EXIT.ok : EXIT.failed;
}

function progress(ctx: CliContext, event: ProbeEvent): void {
  if (event.type === 'result') ctx.out.progress(`[${event.done}/${event.total}] ${event.result.url} ${event.result.status}`);
}
