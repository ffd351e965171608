import type { RegistrySettings } from '../../../shared/engine';
import { readDaemonJson } from '../../core/daemon/read';
import { withRegistrySettings } from '../../core/daemon/edit';
import { normalizeInsecureRegistries, normalizeMirrors } from '../../core/daemon/validate';
import { engineVersion } from '../../core/engine/docker-cli';
import { planDaemonJsonChange } from '../../core/plan/daemon-json-plan';
import { startupSettings } from '../../core/engine/startup-settings';
import { activeOrNull } from '../../core/plan/verify';
import { applyChange } from '../apply-change';
import type { CliContext } from '../context';

/**
 * `mirrors use <URL...>`: make these the engine's registry mirrors, in this order. With
 * --insecure, the host of each http:// mirror also joins insecure-registries, for images named
 * with that host (DESIGN §1). `mirrors clear` writes `[]` (a deleted key would survive a reload).
 */
export async function mirrorsCommand(ctx: CliContext, urls: string[] | 'clear', options: { restart: boolean; insecure: boolean }): Promise<number> {
  const file = await readDaemonJson(ctx.daemonJsonPath);
  const active = ctx.engine.kind === 'none' ? null : await activeOrNull(ctx.target);
  const change: Partial<RegistrySettings> = {};
  if (urls === 'clear') {
    change.mirrors = [];
  } else {
    change.mirrors = normalizeMirrors(urls, await engineVersion(ctx.target));
    if (options.insecure) {
      const httpHosts = change.mirrors.filter((url) => url.startsWith('http://')).map((url) => new URL(url).host);
      change.insecureRegistries = normalizeInsecureRegistries([...file.parsed.settings.insecureRegistries, ...httpHosts]);
    }
  }
  const planned = planDaemonJsonChange({
    id: ctx.newId(),
    action: 'apply',
    change: { path: file.path, before: { text: file.text, sha256: file.sha256, mode: file.mode }, after: withRegistrySettings(file.text, change) },
    engine: ctx.engine,
    active,
    startup: await startupSettings(ctx.engineControl),
    restart: options.restart,
  });
  const { code, json } = await applyChange(ctx, { plan: planned.plan, diff: planned.diff, warnings: [] });
  ctx.out.document(json);
  return code;
}
