import { lstatSync, readlinkSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import type { MessageParams } from '../../../shared/message';
import { DocksideError } from '../errors';

/**
 * Whether only root can change a path (DESIGN §2): the elevated process writes, backs up and
 * runs only what no other user could have swapped. A path is safe when it and every directory
 * above it is owned by root, writable by no group or other user, and no symbolic link; whoever
 * can write any of them chooses what root reads, writes or runs.
 */

/** What the checks read of lstat(2); fs.Stats has it. */
export interface PathInfo {
  uid: number;
  mode: number;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

export interface OwnershipProbe {
  /** The owner that counts as root. Tests that cannot chown pass their own uid with a stand-in lstat. */
  rootUid?: number;
  /** lstat(2); throws an error with `code` (ENOENT) like fs.lstatSync. */
  lstat?: (path: string) => PathInfo;
}

export interface RootOwnedOptions extends OwnershipProbe {
  /** The last components may not exist yet (a file about to be created); only what exists is checked. */
  allowMissingLeaf?: boolean;
  /**
   * A root-owned directory writable by all but sticky (/tmp, mode 1777) is accepted above the
   * path: others cannot rename or remove root's entries in it.
   */
  allowStickyAncestors?: boolean;
}

const STICKY = 0o1000;
const GROUP_OR_OTHER_WRITE = 0o022;
/** As Linux's MAXSYMLINKS: more links than this in one path is a loop. */
const MAX_LINKS = 40;

type Writers = 'group' | 'other' | 'all';
type PathProblem = 'not-normalised' | 'cannot-check' | 'missing' | `missing-writable-parent.${Writers}` | 'not-directory' | 'symlink' | 'not-root' | `writable.${Writers}`;
type InstallProblem = 'not-absolute' | 'too-many-links' | 'not-directory' | 'cannot-check' | 'missing' | 'symlink-owner' | `writable.${Writers | 'owner' | `owner-${Writers}`}`;
type Refuse<P extends string> = (problem: P, params?: MessageParams) => DocksideError;

/** Refuses with 'unsafe-path' unless only root can change `path` and every directory above it. */
export function assertRootOwnedPath(path: string, options: RootOwnedOptions): void {
  const probe = probeOf(options);
  const refuse: Refuse<PathProblem> = (problem, params = {}) => new DocksideError('unsafe-path', `engine.error.unsafe-path.${problem}`, { path, ...params });
  if (path.includes('\0') || !isAbsolute(path) || normalize(path) !== path || (path !== '/' && path.endsWith('/'))) throw refuse('not-normalised');

  const components = path.split('/').filter((part) => part !== '');
  let current = '/';
  let parentInfo: PathInfo | undefined;
  for (let index = 0; ; index++) {
    const isLeaf = index === components.length;
    const info = lstatOrMissing(probe, current, (errno) => refuse('cannot-check', { at: current, errno }));
    if (info === undefined) {
      if (!options.allowMissingLeaf) throw refuse('missing', { at: current });
      // Anyone who may create entries in the directory above (a sticky one) could create the missing name first.
      if (parentInfo !== undefined && (parentInfo.mode & GROUP_OR_OTHER_WRITE) !== 0) {
        throw refuse(`missing-writable-parent.${writers(parentInfo.mode)}`, { at: current, parent: dirname(current), mode: octal(parentInfo.mode) });
      }
      return;
    }
    const problem = componentProblem(info, probe.rootUid, !isLeaf && options.allowStickyAncestors === true);
    if (problem !== undefined) throw refuse(problem, { at: current, uid: info.uid, mode: octal(info.mode) });
    if (isLeaf) return;
    if (!info.isDirectory()) throw refuse('not-directory', { at: current });
    parentInfo = info;
    current = join(current, components[index] ?? '');
  }
}

/**
 * The elevated entry's self-check: refuses with 'unsafe-install' unless only root can change
 * each file (its own script, the runtime running it) and every directory on the way to it,
 * following each symbolic link (which must itself be root's) to the real file. A user-prefix
 * `npm install -g` fails here: the user could replace the code that root is about to run.
 */
export function assertInstallSafe(files: string[], probeOptions: OwnershipProbe = {}): void {
  const probe = probeOf(probeOptions);
  for (const file of files) checkInstalledFile(file, probe);
}

function checkInstalledFile(file: string, probe: Required<OwnershipProbe>): void {
  const refuse: Refuse<InstallProblem> = (problem, params = {}) => new DocksideError('unsafe-install', `engine.error.unsafe-install.${problem}`, { file, ...params });
  if (file.includes('\0') || !isAbsolute(file)) throw refuse('not-absolute');

  // Resolved by hand, one component at a time, so that each directory a link passes through
  // (not only the real path's) is checked: `real` never holds a link and is checked up to here.
  let real = '/';
  let pending = file.split('/').filter((part) => part !== '');
  let links = 0;
  checkInstallComponent(real, probe, refuse);
  while (pending.length > 0) {
    const [name = '', ...rest] = pending;
    pending = rest;
    if (name === '.') continue;
    if (name === '..') {
      real = dirname(real);
      continue;
    }
    const candidate = join(real, name);
    const info = checkInstallComponent(candidate, probe, refuse);
    if (info.isSymbolicLink()) {
      if (++links > MAX_LINKS) throw refuse('too-many-links', { max: MAX_LINKS });
      const target = readlinkSync(candidate);
      const absolute = resolve(real, target);
      // An absolute target restarts from /, which has been checked; a relative one from `real`.
      real = '/';
      pending = [...absolute.split('/').filter((part) => part !== ''), ...pending];
      continue;
    }
    if (pending.length > 0 && !info.isDirectory()) throw refuse('not-directory', { at: candidate });
    real = candidate;
  }
}

function checkInstallComponent(path: string, probe: Required<OwnershipProbe>, refuse: Refuse<InstallProblem>): PathInfo {
  const info = lstatOrMissing(probe, path, (errno) => refuse('cannot-check', { at: path, errno }));
  if (info === undefined) throw refuse('missing', { at: path });
  if (info.isSymbolicLink()) {
    // A link's own mode means nothing; only its owner and the directory holding it can change it.
    if (info.uid !== probe.rootUid) throw refuse('symlink-owner', { at: path, uid: info.uid });
    return info;
  }
  const sticky = info.isDirectory() && (info.mode & STICKY) !== 0;
  const writable = info.uid !== probe.rootUid || ((info.mode & GROUP_OR_OTHER_WRITE) !== 0 && !sticky);
  if (writable) {
    const others = (info.mode & GROUP_OR_OTHER_WRITE) !== 0 ? writers(info.mode) : undefined;
    const who = info.uid === probe.rootUid ? writers(info.mode) : others === undefined ? 'owner' : (`owner-${others}` as const);
    throw refuse(`writable.${who}`, { at: path, uid: info.uid, mode: octal(info.mode) });
  }
  return info;
}

/** Why only root cannot change this component (the variant of the refusal), or undefined. */
function componentProblem(info: PathInfo, rootUid: number, stickyAllowed: boolean): PathProblem | undefined {
  if (info.isSymbolicLink()) return 'symlink';
  if (info.uid !== rootUid) return 'not-root';
  if ((info.mode & GROUP_OR_OTHER_WRITE) === 0) return undefined;
  if (stickyAllowed && info.isDirectory() && (info.mode & STICKY) !== 0) return undefined;
  return `writable.${writers(info.mode)}`;
}

function probeOf(options: OwnershipProbe): Required<OwnershipProbe> {
  return { rootUid: options.rootUid ?? 0, lstat: options.lstat ?? lstatSync };
}

/** lstat, or undefined when the path does not exist; any other failure becomes `fail(code)`. */
function lstatOrMissing(probe: Required<OwnershipProbe>, path: string, fail: (code: string) => DocksideError): PathInfo | undefined {
  try {
    return probe.lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    if (code === 'ENOENT') return undefined;
    throw fail(code);
  }
}

/** Who besides the owner may write: the group, every user, or both. */
function writers(mode: number): Writers {
  const group = (mode & 0o020) !== 0;
  const other = (mode & 0o002) !== 0;
  if (group && other) return 'all';
  return group ? 'group' : 'other';
}

/** Permission and special bits as `ls -l` users write them: 0755, 1777. */
function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}
