import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { type ProfileCredentialsFile, ProfileCredentialsFileSchema } from '../../../shared/profile-credentials';
import { fileProblems } from '../../../shared/profile';
import { DocksideError } from '../errors';
import { FileProblemsError } from './file-problems-error';
import { systemError } from './open-profile';

/** Far more than a few registries' user names and passwords: anything bigger is the wrong file. */
const MAX_BYTES = 64 * 1024;

/**
 * The `--credentials FILE` of `profile apply`, refused unless it is the user's own and nobody
 * else can read it (mode 0600 or stricter, like ~/.ssh keys): it holds passwords. Read through
 * the one descriptor that was checked (no symlink followed), and no error quotes its content.
 */
export async function readCredentialsFile(path: string, uid: number | undefined = process.getuid?.()): Promise<ProfileCredentialsFile> {
  const file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW).catch((error: unknown) => {
    throw new DocksideError('credentials-file-unreadable', 'profile.error.credentials-file-unreadable', { path, detail: systemError(error) });
  });
  let text: string;
  try {
    const stat = await file.stat();
    if (!stat.isFile()) throw new DocksideError('credentials-file-unreadable', 'profile.error.credentials-file-unreadable.not-a-file', { path });
    if (uid !== undefined && stat.uid !== uid) {
      throw new DocksideError('credentials-file-owner', 'profile.error.credentials-file-owner', { path, uid: stat.uid });
    }
    if ((stat.mode & 0o077) !== 0) {
      throw new DocksideError('credentials-file-mode', 'profile.error.credentials-file-mode', { path, mode: (stat.mode & 0o777).toString(8).padStart(4, '0') });
    }
    if (stat.size > MAX_BYTES) throw new DocksideError('credentials-file-invalid', 'profile.error.credentials-file-invalid.too-large', { path, kib: MAX_BYTES / 1024 });
    text = await file.readFile('utf8');
  } finally {
    await file.close();
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse quotes the text around the error, which may be a password.
    throw new DocksideError('credentials-file-invalid', 'profile.error.credentials-file-invalid.not-json', { path });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new DocksideError('credentials-file-invalid', 'profile.error.credentials-file-invalid.not-an-object', { path });
  const parsed = ProfileCredentialsFileSchema.safeParse(json);
  // The problems name fields (registries, username, password) and zod's issue codes, never the values.
  if (!parsed.success) {
    const problems = fileProblems(parsed.error, json);
    // Only the limit on the number of registries is about the whole file.
    const key = problems.some((problem) => problem.field !== '') ? 'profile.error.credentials-file-invalid' : 'profile.error.credentials-file-invalid.whole-file';
    throw new FileProblemsError('credentials-file-invalid', key, { path }, problems);
  }
  return parsed.data;
}

/** The entry for a registry of the profile, its name compared as Docker does (case-insensitive host). */
export function credentialsEntryFor(file: ProfileCredentialsFile, host: string): { username: string; password: string } | undefined {
  const wanted = host.toLowerCase();
  return Object.entries(file).find(([name]) => name.toLowerCase() === wanted)?.[1];
}

/** Refuses a file that names a registry the profile does not list (a typo would otherwise be ignored silently). */
export function checkCredentialsHosts(file: ProfileCredentialsFile, hosts: readonly string[], path: string): void {
  const known = new Set(hosts.map((host) => host.toLowerCase()));
  const unknown = Object.keys(file).filter((name) => !known.has(name.toLowerCase()));
  if (unknown.length > 0) {
    throw new DocksideError('credentials-file-invalid', 'profile.error.credentials-file-invalid.unknown-hosts', { path, unknown: unknown.join(', '), hosts: hosts.join(', ') });
  }
}
