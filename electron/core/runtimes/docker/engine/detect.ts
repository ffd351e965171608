import { existsSync } from 'node:fs';
import { type EngineKind, EngineKindSchema, type EngineSpec } from '../../../../../shared/engine';
import { DocksideError } from '../../../errors';
import type { Exec } from '../../../platform/exec';
import { runDocker } from './docker-cli';

/**
 * `--engine` / DOCKSIDE_ENGINE: `auto`, a kind, or `pidfile:PATH`. Undefined means auto.
 * Throws a usage error for anything else.
 */
export function parseEngineOption(text: string): { kind: EngineKind; pidfile?: string } | undefined {
  if (text === 'auto') return undefined;
  if (text.startsWith('pidfile:')) {
    const pidfile = text.slice('pidfile:'.length);
    if (!pidfile.startsWith('/')) throw new DocksideError('usage', 'engine.error.usage.pidfile-path', { text });
    return { kind: 'pidfile', pidfile };
  }
  const kind = EngineKindSchema.safeParse(text);
  if (!kind.success || kind.data === 'pidfile') {
    throw new DocksideError('usage', 'engine.error.usage.unknown-engine', { text });
  }
  return { kind: kind.data };
}

export interface DetectDeps {
  exec: Exec;
  platform: NodeJS.Platform;
  dockerHost?: string;
  fileExists?: (path: string) => boolean;
}

/**
 * How Docker runs here, asked in the order that cannot be confused: Docker Desktop says so in
 * `docker info`; then the system service managers; then a rootless user service. `none` when
 * nothing runs: the file can still be written, and Docker reads it when it starts.
 */
export async function detectEngine(deps: DetectDeps): Promise<EngineSpec> {
  const spec = (kind: EngineKind): EngineSpec => ({ kind, ...(deps.dockerHost ? { dockerHost: deps.dockerHost } : {}) });
  const exists = deps.fileExists ?? existsSync;
  const succeeds = async (command: string, args: string[]): Promise<boolean> => (await deps.exec(command, args, { timeoutMs: 10_000 })).code === 0;

  const os = await runDocker({ exec: deps.exec, dockerHost: deps.dockerHost }, ['info', '--format', '{{.OperatingSystem}}'], 10_000);
  if (os.code === 0 && os.stdout.includes('Docker Desktop')) return spec('desktop');
  if (deps.platform !== 'linux') return spec(os.code === 0 ? 'desktop' : 'none');

  if (await succeeds('systemctl', ['is-active', '--quiet', 'docker'])) return spec('systemd');
  if (await succeeds('systemctl', ['--user', 'is-active', '--quiet', 'docker'])) return spec('rootless');
  if (exists('/sbin/openrc-run') && (await succeeds('rc-service', ['docker', 'status']))) return spec('openrc');
  if (exists('/etc/init.d/docker') && (await succeeds('service', ['docker', 'status']))) return spec('sysv');
  return spec('none');
}
