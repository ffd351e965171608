import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { DocksideError } from '../errors';
import { sha256Hex } from './sha256';

const { O_RDONLY, O_NOFOLLOW = 0, O_NONBLOCK = 0 } = constants;

export interface FileState {
  bytes: Buffer;
  sha256: string;
  /** Permission bits (st.mode & 0o777). */
  mode: number;
}

/** Larger than any daemon.json, CA bundle or backup of one: a bigger file is refused, not read into memory. */
export const FILE_STATE_MAX_BYTES = 1024 * 1024;

/**
 * A file's bytes, their sha256 and its mode; null when there is no file. A symbolic link, a
 * FIFO or device, and a file over `maxBytes` are refused: the elevated process reads with this.
 */
export async function readFileState(path: string, maxBytes: number = FILE_STATE_MAX_BYTES): Promise<FileState | null> {
  let handle;
  try {
    // O_NONBLOCK: a FIFO planted in place of the file must not hang the reader.
    handle = await open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') throw new DocksideError('unsafe-path', 'engine.error.unsafe-path.read-symlink', { path: JSON.stringify(path) });
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new DocksideError('unsafe-path', 'engine.error.unsafe-path.read-not-file', { path: JSON.stringify(path) });
    if (info.size > maxBytes) throw new DocksideError('file-too-large', 'engine.error.file-too-large.size', { path, bytes: info.size, max: maxBytes });
    const bytes = await handle.readFile();
    if (bytes.length > maxBytes) throw new DocksideError('file-too-large', 'engine.error.file-too-large.grew', { path, max: maxBytes });
    return { bytes, sha256: sha256Hex(bytes), mode: info.mode & 0o777 };
  } finally {
    await handle.close();
  }
}
