import { type AuthEntry, authEntryOf, type DockerConfig, decodeAuth } from './docker-config';

/** How Docker stores an identity token: the username is this marker (FACTS §4). */
const TOKEN_USERNAME = '<token>';

/** The fields of an `auths` entry that hold a secret (Docker writes `auth`; older tools the others). */
const SECRET_FIELDS = ['auth', 'identitytoken', 'password'] as const;

/** The secret config.json itself holds for the registry, as the docker CLI reads it; null when none. */
export function plaintextSecretOf(entry: AuthEntry | undefined): { username: string; secret: string } | 'malformed' | null {
  if (entry === undefined) return null;
  if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '') return { username: TOKEN_USERNAME, secret: entry.identitytoken };
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const decoded = decodeAuth(entry.auth);
    return decoded ? { username: decoded.username, secret: decoded.password } : 'malformed';
  }
  if (typeof entry.password === 'string' && entry.password !== '') return { username: typeof entry.username === 'string' ? entry.username : '', secret: entry.password };
  return null;
}

/**
 * config.json with the registry's `auths` entry reduced to `{}` (what Docker itself writes when a
 * helper holds the secret), and whether a secret was there. The input is not changed.
 */
export function withoutSecrets(config: DockerConfig, registry: string): { config: DockerConfig; removed: boolean } {
  const entry = authEntryOf(config, registry);
  const removed = entry !== undefined && SECRET_FIELDS.some((field) => typeof entry[field] === 'string' && entry[field] !== '');
  const kept = Object.fromEntries(Object.entries(entry ?? {}).filter(([key]) => !(SECRET_FIELDS as readonly string[]).includes(key) && key !== 'username'));
  return { config: { ...config, auths: { ...config.auths, [registry]: kept } }, removed };
}

/** config.json without any trace of the registry: no `auths` entry, no `credHelpers` entry naming `helper`. */
export function withoutRegistry(config: DockerConfig, registry: string, helper: string | null): DockerConfig {
  const next: DockerConfig = { ...config };
  if (config.auths) next.auths = Object.fromEntries(Object.entries(config.auths).filter(([key]) => key !== registry));
  if (config.credHelpers) {
    const kept = Object.fromEntries(Object.entries(config.credHelpers).filter(([key, name]) => key !== registry || name !== helper));
    if (Object.keys(kept).length > 0) next.credHelpers = kept;
    else delete next.credHelpers;
  }
  return next;
}
