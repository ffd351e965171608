import { EXIT, type StatusJson } from '../../../shared/cli';
import type { RegistrySettings } from '../../../shared/engine';
import { effectiveSettings } from '../../core/daemon/effective-settings';
import { readDaemonJson } from '../../core/daemon/read';
import { settingsDifferences } from '../../core/engine/active-settings';
import { engineVersion } from '../../core/engine/docker-cli';
import { toErrorValue } from '../../core/errors';
import { activeOrNull } from '../../core/plan/verify';
import { listTrustedRegistries } from '../../core/trust/certs-d';
import type { CliContext } from '../context';

/** `status`: the engine, the file, what is active, and whether they agree (re-read every time, never remembered). */
export async function statusCommand(ctx: CliContext): Promise<number> {
  const [version, active, trusted, file] = await Promise.all([
    engineVersion(ctx.target),
    activeOrNull(ctx.target),
    listTrustedRegistries(ctx.certsDir),
    readDaemonJson(ctx.daemonJsonPath).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error: toErrorValue(error) }),
    ),
  ]);
  const fileSettings = file.ok && file.value.exists ? file.value.parsed.settings : null;
  const drift = file.ok && active ? settingsDifferences(effectiveSettings(file.value.parsed, active), active) : [];
  const status: StatusJson = {
    engine: {
      kind: ctx.engine.kind,
      ...(ctx.engine.pidfile ? { pidfile: ctx.engine.pidfile } : {}),
      ...(ctx.engine.dockerHost ? { dockerHost: ctx.engine.dockerHost } : {}),
      running: version !== undefined,
      version: version ?? null,
    },
    daemonJson: { path: ctx.daemonJsonPath, exists: file.ok && file.value.exists, settings: fileSettings, error: file.ok ? null : file.error },
    certsDir: ctx.certsDir,
    trustedRegistries: trusted.map((registry) => registry.registry),
    active,
    drift,
  };
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
}
