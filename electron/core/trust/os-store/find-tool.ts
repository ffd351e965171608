import { statSync } from 'node:fs';
import { join } from 'node:path';
import { assertRootOwnedPath } from '../../platform/root-owned';

/** Where root's own tools are (sudo's secure_path): never the caller's PATH. */
const UNIX_TOOL_DIRS = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * The absolute path of a store's tool, looked up in fixed directories only. Elevated, the file
 * and every directory above it must be root's: a tool a user could replace would run their code as root.
 */
export function findTool(tool: string, options: { platform: NodeJS.Platform; elevated: boolean; systemRoot?: string }): string | null {
  const candidates = options.platform === 'win32' ? [join(options.systemRoot ?? 'C:\\Windows', 'System32', `${tool}.exe`)] : UNIX_TOOL_DIRS.map((dir) => join(dir, tool));
  for (const path of candidates) {
    const info = statSync(path, { throwIfNoEntry: false });
    if (info === undefined || !info.isFile()) continue;
    if (options.elevated && options.platform !== 'win32') assertRootOwnedPath(path, {});
    return path;
  }
  return null;
}
