import { constants, lstatSync } from 'node:fs';
import { lstat, mkdir, open, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DocksideError } from '../errors';
import { isAbsoluteNormalised, notNormalised } from './allow-list';
import { atomicWriteFile } from './atomic-write';
import type { JournalEntry } from './journal';

const { O_RDONLY, O_NOFOLLOW = 0, O_NONBLOCK = 0 } = constants;

export const BACKUP_MODE = 0o600;

/** Backups kept per file after a successful change, unless /etc/dockside/engine.json's keepBackups (or DOCKSIDE_KEEP_BACKUPS with the caller's own rights) says otherwise. */
export const DEFAULT_KEEP_BACKUPS = 10;

/** A count from the environment; anything but a whole number from 1 to 1000 is the default. */
export function keepBackupsFrom(value: string | undefined): number {
  const n = value === undefined || !/^\d+$/.test(value) ? Number.NaN : Number(value);
  return n >= 1 && n <= 1000 ? n : DEFAULT_KEEP_BACKUPS;
}

/**
 * Removes all but the newest `keep` backups of each file, counting only backups the journal says
 * Dockside made (an administrator's own `daemon.json.<date>.bak` is never touched), and never one
 * in `protect` (the backups the offered rollback needs). An older change whose backup is gone can
 * no longer be rolled back; rollback says so. Returns the paths removed.
 */
export async function pruneBackups(entries: readonly JournalEntry[], keep: number, protect: ReadonlySet<string>): Promise<string[]> {
  const byFile = new Map<string, string[]>();
  for (const entry of entries) {
    for (const file of entry.files) {
      if (file.backup === null) continue;
      const list = byFile.get(file.path) ?? [];
      if (!list.includes(file.backup)) list.push(file.backup);
      byFile.set(file.path, list);
    }
  }
  const removed: string[] = [];
  for (const backups of byFile.values()) {
    for (const backup of backups.slice(0, Math.max(0, backups.length - keep))) {
      if (protect.has(backup)) continue;
      try {
        await unlink(backup);
        removed.push(backup);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
  return removed;
}

/** Enough for any number of applies in one second; a predicate that always says "taken" must not spin forever. */
const MAX_SUFFIX = 999;

/**
 * `<path>.YYYYMMDD-HHMMSS.bak` in local time, the name the tutorials' `date +%Y%m%d-%H%M%S`
 * gives, so an administrator finds it where they expect; `-2`, `-3`, ... when taken.
 */
export function backupPathFor(path: string, now: Date, taken: (candidate: string) => boolean): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const stamp =
    `${String(now.getFullYear()).padStart(4, '0')}${two(now.getMonth() + 1)}${two(now.getDate())}` +
    `-${two(now.getHours())}${two(now.getMinutes())}${two(now.getSeconds())}`;
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const candidate = n === 1 ? `${path}.${stamp}.bak` : `${path}.${stamp}-${n}.bak`;
    if (!taken(candidate)) return candidate;
  }
  throw new DocksideError('backup-name-taken', 'plan.error.backup-name-taken', { path: JSON.stringify(path), count: MAX_SUFFIX, stamp });
}

/**
 * Copies `path` (same bytes and owner, mode 0600: daemon.json can hold proxy credentials)
 * before it is changed: beside itself, or into `backupDir` (made 0700); null when there is
 * nothing to save. Returns the backup's path.
 */
export async function saveBackup(path: string, now: Date, backupDir: string = dirname(path)): Promise<string | null> {
  if (!isAbsoluteNormalised(path)) throw notNormalised(path);
  const stats = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (stats === null) return null;
  if (!stats.isFile()) throw notARegularFile(path, stats.isSymbolicLink());

  // O_NOFOLLOW and the inode check catch a swap after lstat; O_NONBLOCK keeps a FIFO from hanging us.
  const handle = await open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ELOOP' ? notARegularFile(path, true) : error;
  });
  let content: Buffer;
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.ino !== stats.ino || opened.dev !== stats.dev) throw notARegularFile(path, false);
    content = await handle.readFile();
  } finally {
    await handle.close();
  }

  if (backupDir !== dirname(path)) await mkdir(backupDir, { recursive: true, mode: 0o700 });
  const backup = backupPathFor(join(backupDir, basename(path)), now, exists);
  await atomicWriteFile(backup, content, { mode: BACKUP_MODE, owner: { uid: stats.uid, gid: stats.gid } });
  return backup;
}

function exists(candidate: string): boolean {
  try {
    lstatSync(candidate);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

function notARegularFile(path: string, symlink: boolean): DocksideError {
  return new DocksideError('unsafe-path', symlink ? 'plan.error.unsafe-path.backup-link' : 'plan.error.unsafe-path.backup-not-file', { path: JSON.stringify(path) });
}
