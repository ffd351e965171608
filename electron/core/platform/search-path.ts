import { posix } from 'node:path';

/**
 * macOS starts an app from Finder with PATH=/usr/bin:/bin:/usr/sbin:/sbin, where neither
 * `docker` nor a credential helper lives: Homebrew (Intel and Apple silicon) and Docker
 * Desktop's user mode install there instead. Elsewhere the app inherits the login PATH.
 */
export function withDesktopSearchPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): NodeJS.ProcessEnv {
  if (platform !== 'darwin') return env;
  const dirs = (env.PATH ?? '').split(':').filter(Boolean);
  const missing = ['/usr/local/bin', '/opt/homebrew/bin', posix.join(home, '.docker', 'bin')].filter((dir) => !dirs.includes(dir));
  if (missing.length === 0) return env;
  return { ...env, PATH: [...dirs, ...missing].join(':') };
}
