import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Which program reads an NSS database: the message names it, and only Firefox holds a profile lock. */
export type NssOwner = 'chromium' | 'firefox';

/** One of the user's NSS certificate databases, as certutil's `-d` names it. */
export interface NssDatabase {
  /** The directory holding cert9.db (or cert8.db). */
  dir: string;
  /** `sql:<dir>` for cert9.db, `dbm:<dir>` for the legacy cert8.db (mkcert's choice too). */
  spec: string;
  owner: NssOwner;
  /** Who owns the database file: only that user may write it (a file root wrote would lock them out). */
  uid: number;
}

/**
 * Where Chromium (and Chrome, which shares ~/.pki/nssdb) and Firefox keep the user's NSS
 * databases, as mkcert looks for them. Windows has none that certutil can write: Firefox there
 * reads the Windows store.
 */
export function nssSearchPlaces(platform: NodeJS.Platform, home: string): { chromium: string[]; firefoxProfileParents: string[] } {
  if (platform === 'linux') {
    return {
      chromium: [path.join(home, '.pki', 'nssdb'), path.join(home, 'snap', 'chromium', 'current', '.pki', 'nssdb')],
      firefoxProfileParents: [path.join(home, '.mozilla', 'firefox'), path.join(home, 'snap', 'firefox', 'common', '.mozilla', 'firefox')],
    };
  }
  if (platform === 'darwin') {
    return { chromium: [], firefoxProfileParents: [path.join(home, 'Library', 'Application Support', 'Firefox', 'Profiles')] };
  }
  return { chromium: [], firefoxProfileParents: [] };
}

/** The databases that exist now, Chromium's first, then every Firefox profile directory holding one, in name order. */
export async function findNssDatabases(platform: NodeJS.Platform, home: string): Promise<NssDatabase[]> {
  const places = nssSearchPlaces(platform, home);
  const found: NssDatabase[] = [];
  for (const dir of places.chromium) {
    const db = await databaseAt(dir);
    if (db !== null) found.push({ dir, ...db, owner: 'chromium' });
  }
  for (const parent of places.firefoxProfileParents) {
    const names = await readdir(parent).catch(() => [] as string[]);
    for (const name of names.sort()) {
      const dir = path.join(parent, name);
      const db = await databaseAt(dir);
      if (db !== null) found.push({ dir, ...db, owner: 'firefox' });
    }
  }
  return found;
}

async function databaseAt(dir: string): Promise<{ spec: string; uid: number } | null> {
  if ((await stat(dir).catch(() => null))?.isDirectory() !== true) return null;
  for (const [file, kind] of [['cert9.db', 'sql'], ['cert8.db', 'dbm']] as const) {
    const found = await stat(path.join(dir, file)).catch(() => null);
    if (found?.isFile() === true) return { spec: `${kind}:${dir}`, uid: found.uid };
  }
  return null;
}
