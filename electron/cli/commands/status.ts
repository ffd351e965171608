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
  const { t } = ctx.out;
  const none = t('cli.status.none');
  const list = (values: string[]): string => values.join(', ') || none;
  const settings = (value: RegistrySettings): string => t('cli.status.settings', { mirrors: list(value.mirrors), insecure: list(value.insecureRegistries) });
  const engine = status.engine;
  const state = engine.running ? t('cli.status.running', { version: engine.version ?? '' }) : t('cli.status.not-running');
  ctx.out.text(engine.pidfile ? t('cli.status.engine-pidfile', { kind: engine.kind, pidfile: engine.pidfile, state }) : t('cli.status.engine', { kind: engine.kind, state }));
  const file = status.daemonJson;
  const fileState = file.error ? t(file.error.key, file.error.params) : file.settings ? settings(file.settings) : t('cli.status.file-missing');
  ctx.out.text(t('cli.status.file', { path: file.path, state: fileState }));
  if (status.active) ctx.out.text(t('cli.status.active', { settings: settings(status.active) }));
  ctx.out.text(t('cli.status.certs-dir', { path: status.certsDir, registries: list(status.trustedRegistries) }));
  const drift = status.drift.map((item) => t(item.code, item.params)).join('; ') || t('cli.status.no-drift');
  if (status.active) ctx.out.text(t('cli.status.drift', { drift }));
  for (const entry of status.unfinished) ctx.out.text(t('cli.status.unfinished', { id: entry.id, action: entry.action, at: entry.at, files: entry.files.join(', ') }));
}
