import { lstatSync, readlinkSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
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

/** Refuses with 'unsafe-path' unless only root can change `path` and every directory above it. */
export function assertRootOwnedPath(path: string, options: RootOwnedOptions): void {
  const probe = probeOf(options);
  const refuse = (problem: string, fix: string): DocksideError =>
    new DocksideError('unsafe-path', `Refusing to use ${path} as administrator: ${problem}. ${fix}`);
  if (path.includes('\0') || !isAbsolute(path) || normalize(path) !== path || (path !== '/' && path.endsWith('/'))) {
    throw refuse('it is not an absolute, normalised path', 'Name it from / without ".", ".." or repeated or trailing slashes.');
  }

  const components = path.split('/').filter((part) => part !== '');
  let current = '/';
  let parentInfo: PathInfo | undefined;
  for (let index = 0; ; index++) {
    const isLeaf = index === components.length;
    const info = lstatOrMissing(probe, current, (code) =>
      refuse(`${current} cannot be checked (${code})`, 'Check that the path is right, then try again.'),
    );
    if (info === undefined) {
      if (!options.allowMissingLeaf) throw refuse(`${current} does not exist`, 'Create it (owned by root, not writable by others), then try again.');
      // Anyone who may create entries in the directory above (a sticky one) could create the missing name first.
      const parent = dirname(current);
      if (parentInfo !== undefined && (parentInfo.mode & GROUP_OR_OTHER_WRITE) !== 0) {
        throw refuse(
          `${current} does not exist and ${parent} is writable by ${writers(parentInfo.mode)} (mode ${octal(parentInfo.mode)}), so another user could create it first`,
          `Create ${current} as root first (owned by root, not writable by others), or use a directory only root can write.`,
        );
      }
      return;
    }
    const problem = componentProblem(info, probe.rootUid, !isLeaf && options.allowStickyAncestors === true);
    if (problem !== undefined) throw refuse(`${current} ${problem.what}`, problem.fix(current));
    if (isLeaf) return;
    if (!info.isDirectory()) throw refuse(`${current} is not a directory`, 'Check that the path is right, then try again.');
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
  const refuse = (problem: string): DocksideError =>
    new DocksideError(
      'unsafe-install',
      `Refusing to run as root: ${problem}. Install Dockside as root (sudo npm install -g dockside) or from the desktop package.`,
    );
  if (file.includes('\0') || !isAbsolute(file)) throw refuse(`${file} is not an absolute path, so where it is cannot be checked`);

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
      if (++links > MAX_LINKS) throw refuse(`${file} passes through more than ${MAX_LINKS} symbolic links`);
      const target = readlinkSync(candidate);
      const absolute = resolve(real, target);
      // An absolute target restarts from /, which has been checked; a relative one from `real`.
      real = '/';
      pending = [...absolute.split('/').filter((part) => part !== ''), ...pending];
      continue;
    }
    if (pending.length > 0 && !info.isDirectory()) throw refuse(`${candidate} is not a directory, so ${file} does not exist`);
    real = candidate;
  }
}

function checkInstallComponent(path: string, probe: Required<OwnershipProbe>, refuse: (problem: string) => DocksideError): PathInfo {
  const info = lstatOrMissing(probe, path, (code) => refuse(`${path} cannot be checked (${code})`));
  if (info === undefined) throw refuse(`${path} does not exist`);
  if (info.isSymbolicLink()) {
    // A link's own mode means nothing; only its owner and the directory holding it can change it.
    if (info.uid !== probe.rootUid) throw refuse(`${path} is a symbolic link owned by uid ${info.uid}, not root, so its owner chooses what root runs`);
    return info;
  }
  const sticky = info.isDirectory() && (info.mode & STICKY) !== 0;
  const writable = info.uid !== probe.rootUid || ((info.mode & GROUP_OR_OTHER_WRITE) !== 0 && !sticky);
  if (writable) {
    const who = info.uid === probe.rootUid ? writers(info.mode) : `its owner${info.mode & GROUP_OR_OTHER_WRITE ? ` and ${writers(info.mode)}` : ''}`;
    throw refuse(`${path} is writable by ${who} (owner uid ${info.uid}, mode ${octal(info.mode)}), so whoever can write it could run code as root`);
  }
  return info;
}

/** Why only root cannot change this component, or undefined. */
function componentProblem(info: PathInfo, rootUid: number, stickyAllowed: boolean): { what: string; fix: (path: string) => string } | undefined {
  if (info.isSymbolicLink()) {
    return {
      what: 'is a symbolic link, and whoever controls a link chooses where root reads and writes',
      fix: () => 'Name the real path instead of the link (see `realpath`), or replace the link with the directory itself.',
    };
  }
  const restore = (path: string): string => `Make it root's and writable only by root: sudo chown root:root ${path} && sudo chmod go-w ${path}.`;
  if (info.uid !== rootUid) return { what: `is owned by uid ${info.uid}, not root (mode ${octal(info.mode)}), so that user could replace what root uses there`, fix: restore };
  if ((info.mode & GROUP_OR_OTHER_WRITE) === 0) return undefined;
  if (stickyAllowed && info.isDirectory() && (info.mode & STICKY) !== 0) return undefined;
  return {
    what: `is writable by ${writers(info.mode)} (owner uid ${info.uid}, mode ${octal(info.mode)}), so others could replace what root uses there`,
    fix: restore,
  };
}

function probeOf(options: OwnershipProbe): Required<OwnershipProbe> {
  return { rootUid: options.rootUid ?? 0, lstat: options.lstat ?? lstatSync };
}

/** lstat, or undefined when the path does not exist; any other failure becomes `fail(code)`. */
function lstatOrMissing(probe: Required<OwnershipProbe>, path: string, fail: (code: string) => DocksideError): PathInfo | undefined {
  try {
    return probe.lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    if (code === 'ENOENT') return undefined;
    throw fail(code);
  }
}

function writers(mode: number): string {
  const group = (mode & 0o020) !== 0;
  const other = (mode & 0o002) !== 0;
  if (group && other) return 'its group and every user';
  return group ? 'its group' : 'every user';
}

/** Permission and special bits as `ls -l` users write them: 0755, 1777. */
function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}
