import { EXIT } from '../../../shared/cli';
import type { ProbeEvent } from '../../../shared/mirrors';
import { probeMirrorsRequest } from '../../core/mirrors/probe-request';
import type { CliContext } from '../context';

/**
 * `mirrors probe [URL...] [--nexus URL]`: the given URLs and the Nexus's mirror-capable
 * repositories, or the public catalog when neither is given; all probed at once, then ranked.
 */
export async function mirrorsProbeCommand(ctx: CliContext, urls: string[], options: { nexus?: string; image?: string; timeoutMs?: number }): Promise<number> {
  const m = ctx.out.messages;
  const json = await probeMirrorsRequest(
    { urls, ...options },
    {
      certsDir: ctx.certsDir,
      catalogPath: ctx.catalogPath,
      onEvent: (event) => progress(ctx, event),
      onNote: (note) => ctx.out.text(`${m.note}: ${note}`),
      onInvalid: (item) => ctx.out.text(`${m.warning}: ${item.url}: ${item.reason}`),
    },
  );
  ctx.out.document(json);
  for (const result of json.results) {
    const timing = result.latencyMs === null ? '' : ` ${result.latencyMs.toFixed(0)} ms${result.throughputKBps === null ? '' : `, ${result.throughputKBps.toFixed(0)} KB/s`}`;
    ctx.out.text(`${result.usable ? '✓' : '✗'} ${result.url} ${result.status}${timing}: ${result.reason}`);
  }
  return json.results.some((result) => result.usable) ? EXIT.ok : EXIT.failed;
}

function progress(ctx: CliContext, event: ProbeEvent): void {
  if (event.type === 'result') ctx.out.progress(`[${event.done}/${event.total}] ${event.result.url} ${event.result.status}`);
}
