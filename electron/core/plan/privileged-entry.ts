import { join } from 'node:path';
import type { PrivilegedEntry } from './run-privileged';

/**
 * The elevated entry of the installation whose built entry files are in `mainDir` (out/main).
 * In the desktop package that is <resources>/app.asar/out/main, but electron-builder unpacks
 * privileged.js (asarUnpack) to app.asar.unpacked: a real file that root can check root-owned.
 */
export function privilegedEntryIn(mainDir: string, runtime: string = process.execPath): PrivilegedEntry {
  return { runtime, script: join(mainDir, 'privileged.js').replace(/([/\\])app\.asar([/\\])/, '$1app.asar.unpacked$2') };
}
