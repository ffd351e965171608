import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where this installation's launchers are, as the desktop app's main process knows it. */
export interface LaunchersLocation {
  packaged: boolean;
  /** Electron's process.resourcesPath: electron-builder's extraResources put resources/launchers there. */
  resourcesPath: string;
  /** The directory of the built main process (out/main): scripts/write-launchers.ts writes out/bin beside it. */
  mainDir: string;
}

/**
 * The directory holding docker-credential-dockside (and the CLI's launcher) of this
 * installation, or null when it has none: the fix says it when PATH lacks the helper.
 */
export function desktopLaunchersDir(location: LaunchersLocation, exists: (path: string) => boolean = existsSync): string | null {
  const dir = location.packaged ? join(location.resourcesPath, 'launchers') : join(location.mainDir, '..', 'bin');
  return exists(join(dir, 'docker-credential-dockside')) ? dir : null;
}
