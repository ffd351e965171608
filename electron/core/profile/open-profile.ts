import { open } from 'node:fs/promises';
import type { LoadedProfile } from '../../../shared/profile';
import { DocksideError } from '../errors';
import { fetchProfile, MAX_PROFILE_BYTES, parseProfile } from './load-profile';

/** `scheme://`: an address, not a file name (which may hold a `:` on its own). */
const ADDRESS = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/** The CLI's `<file|https-url>`: a profile fetched over https, or read from a file. */
export async function openProfile(location: string): Promise<LoadedProfile> {
  if (ADDRESS.test(location)) return fetchProfile(location);
  return parseProfile(await readProfileFile(location), location);
}

/** The file's text, refused when it is too big to be a profile (a wrong file picked, say). */
async function readProfileFile(path: string): Promise<string> {
  const unreadable = (error: unknown): DocksideError => new DocksideError('profile-unreadable', 'profile.error.profile-unreadable', { path, detail: systemError(error) });
  const file = await open(path, 'r').catch((error: unknown) => {
    throw unreadable(error);
  });
  try {
    const { size } = await file.stat();
    if (size > MAX_PROFILE_BYTES) throw new DocksideError('profile-too-large', 'profile.error.profile-too-large', { source: path, kib: MAX_PROFILE_BYTES / 1024 });
    return await file.readFile('utf8').catch((error: unknown) => {
      throw unreadable(error);
    });
  } finally {
    await file.close();
  }
}

/** The system's own words for a failed read (`ENOENT: no such file or directory, open 'x'`), quoted as they are. */
export function systemError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
