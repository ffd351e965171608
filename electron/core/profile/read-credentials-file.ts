import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { type ProfileCredentialsFile, ProfileCredentialsFileSchema } from '../../../shared/profile-credentials';
import { DocksideError, toErrorValue } from '../errors';

/** Far more than a few registries' user names and passwords: anything bigger is the wrong file. */
const MAX_BYTES = 64 * 1024;

/**
 * The `--credentials FILE` of `profile apply`, refused unless it is the user's own and nobody
 * else can read it (mode 0600 or stricter, like ~/.ssh keys): it holds passwords. Read through
 * the one descriptor that was checked (no symlink followed), and no error quotes its content.
 */
export async function readCredentialsFile(path: string, uid: number | undefined = process.getuid?.()): Promise<ProfileCredentialsFile> {
  const file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW).catch((error: unknown) => {
    throw new DocksideError('credentials-file-unreadable', `Cannot read the credentials file ${path}: ${toErrorValue(error).message}. Check the path (a symbolic link is not followed).`);
  });
  let text: string;
  try {
    const stat = await file.stat();
    if (!stat.isFile()) throw new DocksideError('credentials-file-unreadable', `${path} is not a regular file. Give the JSON file with the user names and passwords.`);
    if (uid !== undefined && stat.uid !== uid) {
      throw new DocksideError('credentials-file-owner', `The credentials file ${path} belongs to another user (uid ${stat.uid}), so its passwords are not used. Create it as yourself: it must be your own file.`);
    }
    if ((stat.mode & 0o077) !== 0) {
      throw new DocksideError(
        'credentials-file-mode',
        `The credentials file ${path} can be read by others (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}), so its passwords are not used and nothing was changed. Run \`chmod 600 ${path}\` and apply again.`,
      );
    }
    if (stat.size > MAX_BYTES) throw new DocksideError('credentials-file-invalid', `${path} is larger than ${MAX_BYTES / 1024} KiB: that is not a credentials file.`);
    text = await file.readFile('utf8');
  } finally {
    await file.close();
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse quotes the text around the error, which may be a password.
    throw new DocksideError('credentials-file-invalid', `${path} is not valid JSON. It must be { "<registry>": { "username": "...", "password": "..." } }.`);
  }
  const parsed = ProfileCredentialsFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the file';
    throw new DocksideError(
      'credentials-file-invalid',
      `${path}: ${where}: ${issue?.message ?? 'invalid'}. It must be { "<registry>": { "username": "...", "password": "..." } }.`,
    );
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
    throw new DocksideError('credentials-file-invalid', `${path} names ${unknown.join(', ')}, which the profile does not list (it lists ${hosts.join(', ')}). Nothing was changed.`);
  }
}
