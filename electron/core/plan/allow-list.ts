import { lstat, readlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type { FileRole } from '../../../shared/plan';
import { DocksideError } from '../errors';

/**
 * The files the elevated process may write, fixed on its side: a plan arrives from a process
 * the user controls, so each of its paths is checked against this list (DESIGN §2, FACTS §7).
 */
export interface AllowList {
  files: string[];
  certsDirs: string[];
}

/** Absolute, without '.', '..', doubled or trailing separators, and no NUL: the path names exactly what it says. */
export function isAbsoluteNormalised(path: string): boolean {
  return !path.includes('\0') && isAbsolute(path) && resolve(path) === path;
}

export function checkAllowedPath(path: string, role: FileRole, allow: AllowList): void {
  if (isAbsoluteNormalised(path)) {
    if (role === 'daemon-json' && allow.files.includes(path)) return;
    if (role === 'ca-cert' && isCaCertPath(path, allow.certsDirs)) return;
  }
  const allowed =
    role === 'daemon-json'
      ? `only ${allow.files.map((file) => JSON.stringify(file)).join(' or ') || 'no file'}`
      : `only <certs.d>/<registry>/ca.crt under ${allow.certsDirs.map((dir) => JSON.stringify(dir)).join(' or ') || 'no certs.d directory'}`;
  throw new DocksideError(
    'path-not-allowed',
    `Refusing to write ${JSON.stringify(path)} as ${role}: the privileged step writes ${allowed}, as absolute normalised paths. ` +
      'The plan was built for another engine or was altered; build it again with Dockside and review it before applying.',
  );
}

/** `<certsDir>/<one registry directory>/ca.crt`; the registry name itself is validated elsewhere (FACTS §3). */
function isCaCertPath(path: string, certsDirs: string[]): boolean {
  if (basename(path) !== 'ca.crt') return false;
  const registryDir = dirname(path);
  const segment = basename(registryDir);
  if (segment === '' || segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) return false;
  return certsDirs.includes(dirname(registryDir));
}

/**
 * No existing directory above `path` is a symbolic link (each resolves to itself): a linked
 * component would let whoever owns the link redirect a root write elsewhere.
 */
export async function checkNoSymlinks(path: string): Promise<void> {
  if (!isAbsoluteNormalised(path)) throw notNormalised(path);
  // From the root down, so the message names the link itself, not a directory below it.
  const ancestors: string[] = [];
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    ancestors.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of ancestors) {
    const stats = await lstat(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return null;
      throw error;
    });
    if (stats?.isSymbolicLink()) {
      throw new DocksideError(
        'unsafe-path',
        `Refusing to use ${JSON.stringify(path)}: ${JSON.stringify(dir)} is a symbolic link (to ${JSON.stringify(await readlink(dir))}), ` +
          'so the file written could be another one. Replace the link with a real directory, or point Dockside at the real path.',
      );
    }
    // Missing, or not a directory: nothing below it exists to be a link.
    if (!stats?.isDirectory()) return;
  }
}

export function notNormalised(path: string): DocksideError {
  return new DocksideError(
    'unsafe-path',
    `Refusing to use ${JSON.stringify(path)}: the path is not absolute and normalised (no ".", "..", doubled or trailing separators, no NUL), ` +
      'so it could name a different file than the one shown. Build the plan again with Dockside.',
  );
}
