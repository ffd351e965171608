import { readFile, stat } from 'node:fs/promises';
import { sha256Hex } from './sha256';

export interface FileState {
  bytes: Buffer;
  sha256: string;
  /** Permission bits (st.mode & 0o777). */
  mode: number;
}

/** A file's bytes, their sha256 and its mode; null when there is no file. */
export async function readFileState(path: string): Promise<FileState | null> {
  try {
    const [bytes, info] = await Promise.all([readFile(path), stat(path)]);
    return { bytes, sha256: sha256Hex(bytes), mode: info.mode & 0o777 };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
