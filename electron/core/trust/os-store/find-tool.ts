import { readdirSync, statSync } from 'node:fs';
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

/** run-parts(8) runs only names of letters, digits, `_` and `-`. */
const RUN_PARTS_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * The hooks run-parts would run from `dir`: executable files with run-parts names, sorted. Elevated,
 * each must be root's, as `dir` must: they run as root, as update-ca-certificates runs them.
 */
export function findHooks(dir: string, options: { elevated: boolean }): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => RUN_PARTS_NAME.test(name))
    .sort()
    .map((name) => join(dir, name))
    .filter((path) => {
      const info = statSync(path, { throwIfNoEntry: false });
      if (info === undefined || !info.isFile() || (info.mode & 0o111) === 0) return false;
      if (options.elevated) assertRootOwnedPath(path, {});
      return true;
    });
}
