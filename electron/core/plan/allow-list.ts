import { lstat, readlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type { FileRole } from '../../../shared/plan';
import { DocksideError } from '../errors';
import { ANCHOR_FILE_NAME } from '../trust/os-store/anchor-name';

/**
 * The files the elevated process may write, fixed on its side: a plan arrives from a process
 * the user controls, so each of its paths is checked against this list (DESIGN §2, FACTS §7).
 */
export interface AllowList {
  files: string[];
  certsDirs: string[];
  /** The OS trust store's anchors directory, when this machine has a store Dockside knows. */
  osAnchorsDir?: string;
  /** Root's record of the OS store anchors (os-trust.json in the state dir). */
  osTrustRecord?: string;
}

/** Absolute, without '.', '..', doubled or trailing separators, and no NUL: the path names exactly what it says. */
export function isAbsoluteNormalised(path: string): boolean {
  return !path.includes('\0') && isAbsolute(path) && resolve(path) === path;
}

export function checkAllowedPath(path: string, role: FileRole, allow: AllowList): void {
  if (isAbsoluteNormalised(path)) {
    if (role === 'daemon-json' && allow.files.includes(path)) return;
    if (role === 'ca-cert' && isCaCertPath(path, allow.certsDirs)) return;
    if (role === 'os-ca' && allow.osAnchorsDir !== undefined && dirname(path) === allow.osAnchorsDir && ANCHOR_FILE_NAME.test(basename(path))) return;
    if (role === 'os-trust-record' && path === allow.osTrustRecord) return;
  }
  if (role === 'os-ca' || role === 'os-trust-record') {
    const allowed = role === 'os-ca' ? (allow.osAnchorsDir ?? '') : (allow.osTrustRecord ?? '');
    throw new DocksideError('path-not-allowed', 'plan.error.path-not-allowed.os-store', { path: JSON.stringify(path), role, allowed: JSON.stringify(allowed) });
  }
  const allowed = (role === 'daemon-json' ? allow.files : allow.certsDirs).map((file) => JSON.stringify(file)).join(', ');
  throw new DocksideError(
    'path-not-allowed',
    allowed === '' ? 'plan.error.path-not-allowed.none' : role === 'daemon-json' ? 'plan.error.path-not-allowed.daemon-json' : 'plan.error.path-not-allowed.ca-cert',
    { path: JSON.stringify(path), role, allowed },
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
      throw new DocksideError('unsafe-path', 'plan.error.unsafe-path.ancestor-link', { path: JSON.stringify(path), dir: JSON.stringify(dir), target: JSON.stringify(await readlink(dir)) });
    }
    // Missing, or not a directory: nothing below it exists to be a link.
    if (!stats?.isDirectory()) return;
  }
}

export function notNormalised(path: string): DocksideError {
  return new DocksideError('unsafe-path', 'plan.error.unsafe-path.not-normalised', { path: JSON.stringify(path) });
}
