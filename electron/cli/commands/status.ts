import { EXIT, type StatusJson } from '../../../shared/cli';
import type { RegistrySettings } from '../../../shared/engine';
import { readStatus } from '../../core/status';
import type { CliContext } from '../context';

/** `status`: the engine, the file, what is active, and whether they agree (re-read every time, never remembered). */
export async function statusCommand(ctx: CliContext): Promise<number> {
  const status = await readStatus(ctx);
  ctx.out.document(status);
  printStatus(ctx, status);
  return EXIT.ok;
}

function printStatus(ctx: CliContext, status: StatusJson): void {
  const m = ctx.out.messages;
  const list = (settings: RegistrySettings): string =>
    `${m.mirrors} [${settings.mirrors.join(', ') || m.none}], ${m.insecure} [${settings.insecureRegistries.join(', ') || m.none}]`;
  const engine = status.engine;
  ctx.out.text(`${m.engine}: ${engine.kind}${engine.pidfile ? ` (${engine.pidfile})` : ''}, ${engine.running ? `Docker ${engine.version}` : m.notRunning}`);
  const file = status.daemonJson;
  const fileState = file.error ? file.error.message : file.settings ? list(file.settings) : m.missing;
  ctx.out.text(`${m.file}: ${file.path}: ${fileState}`);
  if (status.active) ctx.out.text(`${m.active}: ${list(status.active)}`);
  ctx.out.text(`${m.certsDir}: ${status.certsDir} (${m.caFor}: ${status.trustedRegistries.join(', ') || m.none})`);
  if (status.active) ctx.out.text(`${m.drift}: ${status.drift.length === 0 ? m.noDrift : status.drift.join('; ')}`);
  for (const entry of status.unfinished) ctx.out.text(ctx.out.t(`cli.plan.unfinished.${entry.action}`, { id: entry.id, at: entry.at, files: entry.files.join(', ') }));
}
