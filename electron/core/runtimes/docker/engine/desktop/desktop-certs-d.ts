import path from 'node:path';
import { defaultCertsDir, type EnginePathEnv, enginePathEnv } from '../../../../platform/engine-paths';
import { CA_FILE } from '../../../../trust/certs-d';
import { certsDirFor } from '../../../../trust/registry-name';

/**
 * Where Docker Desktop's engine reads a registry's CA at start: `~/.docker/certs.d/<host[:port]>/ca.crt`
 * on every OS, the same directory resolveMachine picks as certsDir for `engine.kind === 'desktop'`
 * (defaultCertsDir), so the certs.d trust plan writes it as the user. The registry name is
 * validated before it becomes a path.
 */
export function desktopRegistryCaFile(registry: string, env: EnginePathEnv = enginePathEnv()): string {
  const root = defaultCertsDir('desktop', env);
  const dir = certsDirFor(root, registry);
  return (env.platform === 'win32' ? path.win32 : path.posix).join(dir, CA_FILE);
}
