import { open, stat } from 'node:fs/promises';
import { DocksideError } from '../../../errors';
import { sha256Hex } from '../../../platform/sha256';
import { notUtf8, parseDaemonJson } from './parse';
import type { ParsedDaemonJson } from './parse';

export interface DaemonJsonFile {
  path: string;
  exists: boolean;
  /** The text as decoded (a UTF-8 BOM kept), so an edit can keep every other byte. */
  text: string;
  /** Of the raw bytes: the plan compares it before writing, to notice a change made meanwhile. */
  sha256: string | null;
  /** Permission bits (st.mode & 0o777), kept when the file is rewritten. */
  mode: number | null;
  parsed: ParsedDaemonJson;
}

/**
 * A daemon.json is a few kilobytes; past this, reading (and parsing, and diffing) it would only
 * cost memory: a 21 MB file once took over a gigabyte.
 */
export const DAEMON_JSON_MAX_BYTES = 1024 * 1024;
const READ_CHUNK_BYTES = 64 * 1024;

/** Reads and parses daemon.json; a missing file is an empty configuration, as for dockerd. */
export async function readDaemonJson(path: string): Promise<DaemonJsonFile> {
  let bytes: Buffer;
  let mode: number;
  try {
    // stat first: opening a FIFO or a device could block or read without end.
    const info = await stat(path);
    if (!info.isFile()) {
      const key = info.isDirectory() ? 'daemon.error.daemon-json-unreadable.directory' : 'daemon.error.daemon-json-unreadable.special-file';
      throw new DocksideError('daemon-json-unreadable', key, { path });
    }
    if (info.size > DAEMON_JSON_MAX_BYTES) throw new DocksideError('daemon-json-too-large', 'daemon.error.daemon-json-too-large.size', { path, bytes: info.size });
    mode = info.mode & 0o777;
    bytes = await readCapped(path);
  } catch (error) {
    if (error instanceof DocksideError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { path, exists: false, text: '', sha256: null, mode: null, parsed: parseDaemonJson('', path) };
    throw unreadable(path, code, error);
  }
  const text = decode(bytes, path);
  return { path, exists: true, text, sha256: sha256Hex(bytes), mode, parsed: parseDaemonJson(text, path) };
}

/**
 * At most DAEMON_JSON_MAX_BYTES: the file can grow between stat and read (and some files, as in
 * /proc, report no size at all), so the read itself stops past the cap.
 */
async function readCapped(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(READ_CHUNK_BYTES, DAEMON_JSON_MAX_BYTES + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return Buffer.concat(chunks, total);
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > DAEMON_JSON_MAX_BYTES) throw new DocksideError('daemon-json-too-large', 'daemon.error.daemon-json-too-large.over', { path, bytes: DAEMON_JSON_MAX_BYTES });
    }
  } finally {
    await handle.close();
  }
}

function decode(bytes: Buffer, path: string): string {
  // dockerd itself accepts UTF-16 with a BOM, but an edit must keep the file byte for byte: UTF-8 only.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) throw notUtf8(path, 'utf16');
  try {
    // ignoreBOM keeps a UTF-8 BOM in the text, so a rewrite keeps it too.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw notUtf8(path, 'not-utf8');
  }
}

function unreadable(path: string, code: string | undefined, error: unknown): DocksideError {
  // The system's own words (`EACCES: permission denied, open '...'`), quoted.
  const reason = error instanceof Error ? error.message : String(error);
  const denied = code === 'EACCES' || code === 'EPERM';
  return new DocksideError('daemon-json-unreadable', denied ? 'daemon.error.daemon-json-unreadable.denied' : 'daemon.error.daemon-json-unreadable.other', { path, reason });
}
