import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DocksideError } from '../errors';
import { isAbsoluteNormalised, notNormalised } from './allow-list';
import { isAlive } from '../platform/process-alive';

// Windows has neither flag; there the checks below (lstat) are what stands against links.
const { O_CREAT, O_EXCL, O_WRONLY, O_RDONLY, O_NOFOLLOW = 0, O_DIRECTORY = 0 } = constants;

export interface WriteOptions {
  /** Mode of a new file; an existing file keeps its own. */
  mode: number;
  /** Owner of a new file (a backup keeps the original's); applied only where we may chown. */
  owner?: { uid: number; gid: number };
}

/**
 * Replaces `path` so that a reader (dockerd, a crash, a SIGKILL) sees the old or the new
 * content, never a mix: write a temp file beside it, fsync, rename over, fsync the directory.
 * Runs as root: no link is followed and the temp file is created exclusively.
 */
export async function atomicWriteFile(path: string, content: string | Uint8Array, options: WriteOptions): Promise<void> {
  if (!Number.isInteger(options.mode) || options.mode < 0 || options.mode > 0o7777) {
    throw new DocksideError('invalid-mode', 'plan.error.invalid-mode', { path: JSON.stringify(path), mode: String(options.mode) });
  }
  const existing = await checkTarget(path);
  const dir = dirname(path);
  const temp = join(dir, `${tempPrefix(path)}${process.pid}-${randomBytes(8).toString('hex')}.tmp`);
  const handle = await open(temp, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW, 0o600);
  let renamed = false;
  try {
    try {
      await handle.writeFile(content);
      const owner = existing ? { uid: existing.uid, gid: existing.gid } : options.owner;
      // chown before chmod: chown clears setuid/setgid bits.
      if (owner && mayChown(owner)) await handle.chown(owner.uid, owner.gid);
      await handle.chmod(existing ? existing.mode & 0o7777 : options.mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    renamed = true;
    await syncDirectory(dir);
  } catch (error) {
    if (!renamed) await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** Deletes temp files left by a writer that died (SIGKILL, power loss) next to `path`; returns their paths. */
export async function removeStaleTempFiles(path: string): Promise<string[]> {
  if (!isAbsoluteNormalised(path)) throw notNormalised(path);
  const dir = dirname(path);
  // The target's own temp files and those of its dated backups (`daemon.json.20240124-101500.bak`).
  const ours = new RegExp(`^${escapeRegExp(tempPrefix(path).slice(0, -'dockside-'.length))}(\\d{8}-\\d{6}(-\\d+)?\\.bak\\.)?dockside-(\\d+)-[0-9a-f]+\\.tmp$`);
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
    throw error;
  });
  const removed: string[] = [];
  for (const name of names) {
    const pid = ours.exec(name)?.[3];
    if (pid === undefined || isAlive(Number(pid))) continue;
    const temp = join(dir, name);
    const stats = await lstatOrNull(temp);
    if (stats === null || stats.isDirectory()) continue;
    await unlink(temp);
    removed.push(temp);
  }
  return removed;
}

/** Deletes `path` itself (a link in its place is refused, never followed). */
export async function removeFile(path: string): Promise<void> {
  const existing = await checkTarget(path);
  if (existing === null) {
    throw new DocksideError('missing-file', 'plan.error.missing-file', { path: JSON.stringify(path) });
  }
  await unlink(path);
  await syncDirectory(dirname(path));
}

/** The stats of the file at `path`, null when there is none yet; throws when writing there would be unsafe. */
async function checkTarget(path: string): Promise<Stats | null> {
  if (!isAbsoluteNormalised(path)) throw notNormalised(path);
  const dir = dirname(path);
  const dirStats = await lstatOrNull(dir);
  if (dirStats?.isSymbolicLink()) {
    throw new DocksideError('unsafe-path', 'plan.error.unsafe-path.dir-link', { path: JSON.stringify(path), dir: JSON.stringify(dir) });
  }
  if (!dirStats?.isDirectory()) {
    throw new DocksideError('missing-directory', 'plan.error.missing-directory', { path: JSON.stringify(path), dir: JSON.stringify(dir) });
  }
  const stats = await lstatOrNull(path);
  if (stats === null || stats.isFile()) return stats;
  throw new DocksideError('unsafe-path', stats.isSymbolicLink() ? 'plan.error.unsafe-path.replace-link' : 'plan.error.unsafe-path.replace-not-file', { path: JSON.stringify(path) });
}

/** `.<basename>.dockside-`: hidden, and recognisable by removeStaleTempFiles. */
function tempPrefix(path: string): string {
  return `.${basename(path)}.dockside-`;
}

function mayChown(owner: { uid: number; gid: number }): boolean {
  const uid = process.getuid?.();
  return uid === 0 || (owner.uid === uid && owner.gid === process.getgid?.());
}

/** Makes a rename or unlink durable; Windows cannot open a directory for fsync (NTFS journals the rename). */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The entry itself (a link is not followed); null when nothing is there. */
export async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw error;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
