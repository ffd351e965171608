import { readlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EngineControl } from '../engine/control';
import { configFileArgument, processArgv } from '../engine/dockerd-process';
import { defaultCertsDir, defaultDaemonJsonPath, type EnginePathEnv } from '../platform/engine-paths';
import type { AllowList } from './allow-list';

/**
 * What an elevated run may write for this engine: the daemon.json it reads (its default path,
 * and the `--config-file` the running dockerd was started with) and its certs.d root.
 */
export async function engineAllowList(engine: EngineControl, env: EnginePathEnv): Promise<AllowList> {
  const files = [defaultDaemonJsonPath(engine.spec.kind, env)];
  const pid = await engine.daemonPid().catch(() => undefined);
  if (pid !== undefined && process.platform === 'linux') {
    const configFile = configFileArgument(processArgv(pid));
    if (configFile !== undefined) files.push(resolve(readlinkSync(`/proc/${pid}/cwd`), configFile));
  }
  return { files, certsDirs: [defaultCertsDir(engine.spec.kind, env)] };
}
