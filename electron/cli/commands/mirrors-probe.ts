import { EXIT } from '../../../shared/cli';
import type { ProbeEvent, ProbeResult } from '../../../shared/mirrors';
import { probeMirrorsRequest } from '../../core/mirrors/probe-request';
import type { CliContext } from '../context';

/**
 * `mirrors probe [URL...] [--nexus URL]`: the given URLs and the Nexus's mirror-capable
 * repositories, or the public catalog when neither is given; all probed at once, then ranked.
 */
export async function mirrorsProbeCommand(ctx: CliContext, urls: string[], options: { nexus?: string; image?: string; timeoutMs?: number }): Promise<number> {
  const { t } = ctx.out;
  const json = await probeMirrorsRequest(
    { urls, ...options },
    {
      certsDir: ctx.certsDir,
      catalogPath: ctx.catalogPath,
      onEvent: (event) => progress(ctx, event),
      onNote: (note) => ctx.out.text(t('cli.mirrors.note', { note: t(note.code, note.params) })),
      onInvalid: (item) => ctx.out.text(t('cli.mirrors.invalid', { url: item.url, reason: t(item.reason.code, item.reason.params) })),
    },
  );
  ctx.out.document(json);
  for (const result of json.results) ctx.out.text(resultLine(ctx, result));
  return json.results.some((result) => result.usable) ? EXIT.ok : EXIT.failed;
}

/** `✓ <url> usable 42 ms, 900 KB/s: <verdict> <timing>`: the verdict, then what the timing found. */
function resultLine(ctx: CliContext, result: ProbeResult): string {
  const { t } = ctx.out;
  const reason = [result.reason, ...(result.timing ?? [])].map((m) => t(m.code, m.params)).join(' ');
  const line = { mark: result.usable ? '✓' : '✗', url: result.url, status: t(`probe.status.${result.status}`), reason };
  if (result.latencyMs === null) return t('cli.mirrors.result', line);
  const latency = result.latencyMs.toFixed(0);
  if (result.throughputKBps === null) return t('cli.mirrors.result-latency', { ...line, latency });
  return t('cli.mirrors.result-throughput', { ...line, latency, throughput: result.throughputKBps.toFixed(0) });
}

function progress(ctx: CliContext, event: ProbeEvent): void {
  if (event.type === 'result') {
    const { done, total, result } = event;
    ctx.out.progress({ code: 'cli.mirrors.progress', params: { done, total, url: result.url, status: ctx.out.t(`probe.status.${result.status}`) } });
  }
}
