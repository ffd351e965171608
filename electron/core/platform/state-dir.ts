import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export interface StateDirEnv {
  platform: NodeJS.Platform;
  uid: number | undefined;
  home: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Where Dockside keeps its journal and state. The root-run privileged process on Linux uses
 * /var/lib/dockside, so the history of system changes does not depend on whose HOME sudo kept.
 */
export function stateDir({ platform, uid, home, env }: StateDirEnv): string {
  const path = platform === 'win32' ? win32 : posix;
  // Relative values are ignored, as the XDG spec asks: they would depend on the working directory.
  const absolute = (value: string | undefined): string | undefined => (value && path.isAbsolute(value) ? path.resolve(value) : undefined);

  const override = absolute(env.DOCKSIDE_STATE_DIR);
  if (override) return override;
  switch (platform) {
    case 'win32':
      return path.join(absolute(env.LOCALAPPDATA) ?? path.join(home, 'AppData', 'Local'), 'Dockside');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Dockside');
    default:
      if (uid === 0) return '/var/lib/dockside';
      return path.join(absolute(env.XDG_STATE_HOME) ?? path.join(home, '.local', 'state'), 'dockside');
  }
}

export function currentStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return stateDir({ platform: process.platform, uid: process.getuid?.(), home: homedir(), env });
}
