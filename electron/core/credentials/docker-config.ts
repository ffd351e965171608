import { lstat, mkdir, readFile, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { type ParseError, parse } from 'jsonc-parser';
import * as z from 'zod';
import { DocksideError } from '../errors';
import { describeJsonError, JSON_PROBLEM_PHRASES } from '../json/syntax-error';
import { atomicWriteFile } from '../plan/atomic-write';

export interface DockerConfigFile {
  /** <dir>/config.json, resolved through a symlink the way the docker CLI follows it */
  path: string;
  exists: boolean;
  /** the whole parsed object, every unknown key kept */
  config: DockerConfig;
}

export interface AuthEntry {
  auth?: string;
  identitytoken?: string;
  username?: string;
  password?: string;
  email?: string;
  [key: string]: unknown;
}

export interface DockerConfig {
  auths?: Record<string, AuthEntry>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [key: string]: unknown;
}

// The keys Dockside reads, typed as the docker CLI's Go structs type them (a wrong type makes
// the CLI refuse the file too); every other key is kept as it is.
const authEntrySchema = z.looseObject({
  auth: z.string().optional(),
  identitytoken: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  email: z.string().optional(),
});
const dockerConfigSchema = z.looseObject({
  auths: z.record(z.string(), authEntrySchema).optional(),
  credsStore: z.string().optional(),
  credHelpers: z.record(z.string(), z.string()).optional(),
});

/** How many links in a row the docker CLI (Go's filepath.EvalSymlinks) follows before giving up. */
const MAX_LINKS = 255;

/**
 * The registry's `auths` entry. Keys are read as own properties only: to the docker CLI (Go) a key
 * `__proto__` or `constructor` is a registry name like any other, so here it is never
 * Object.prototype or one of its members (JSON.parse makes every key of the file an own one).
 */
export function authEntryOf(config: DockerConfig, registry: string): AuthEntry | undefined {
  return ownValue(config.auths, registry);
}

/** The helper config.json's `credHelpers` names for the registry; own keys only, as for authEntryOf. */
export function credHelperOf(config: DockerConfig, registry: string): string | undefined {
  return ownValue(config.credHelpers, registry);
}

function ownValue<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}


export function dockerConfigPath(dir: string): string {
  return join(resolve(dir), 'config.json');
}

/**
 * The Docker client's config.json in `dir` ($DOCKER_CONFIG or ~/.docker). A missing file is an
 * empty config, as for the docker CLI; so is an empty one (Go's decoder stops at EOF).
 */
export async function readDockerConfig(dir: string): Promise<DockerConfigFile> {
  const path = await followLinks(dockerConfigPath(dir));
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { path, exists: false, config: {} };
    // Typically a root-owned file left by an earlier `sudo docker login`.
    const key = code === 'EACCES' ? 'creds.error.docker-config-unreadable.eacces' : 'creds.error.docker-config-unreadable';
    throw new DocksideError('docker-config-unreadable', key, { path, detail: (error as Error).message });
  }
  return { path, exists: true, config: parseDockerConfig(text, path) };
}

/**
 * Saves config.json as the docker CLI does: tab-indented JSON, replaced atomically (a reader sees
 * the old or the new file, never half of it), the directory made 0700 and a new file 0600 when
 * missing (it may hold secrets), an existing file's owner and mode kept.
 */
export async function writeDockerConfig(file: DockerConfigFile, config: DockerConfig): Promise<void> {
  const problem = shapeProblem(config);
  if (problem !== null) {
    throw new DocksideError('invalid-docker-config', 'creds.error.invalid-docker-config.refuse-write', { path: file.path, problem });
  }
  await mkdir(dirname(file.path), { recursive: true, mode: 0o700 });
  await atomicWriteFile(file.path, `${JSON.stringify(config, null, '\t')}\n`, { mode: 0o600 });
}

/** `auths[...].auth` decoded: base64 of "user:password", split at the first ':'; null when it is not that. */
export function decodeAuth(auth: string): { username: string; password: string } | null {
  // Go's base64.StdEncoding: padded, standard alphabet; it skips line breaks.
  const compact = auth.replace(/[\r\n]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return null;
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  // The docker CLI trims NULs some old tools padded the password with.
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1).replace(/^\0+|\0+$/g, '') };
}

/**
 * Where the docker CLI actually writes: it resolves every link on the way (a dotfiles manager
 * often links config.json), and a dangling link names the file to create. The directory is
 * resolved too, so the atomic writer sees a real directory.
 */
async function followLinks(path: string): Promise<string> {
  let current = path;
  for (let links = 0; links <= MAX_LINKS; links += 1) {
    current = join(await realDirectory(dirname(current)), basename(current));
    const stats = await lstat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (!stats?.isSymbolicLink()) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  throw new DocksideError('invalid-docker-config', 'creds.error.invalid-docker-config.link-loop', { path, max: MAX_LINKS });
}

/** The directory with its links resolved; a part that does not exist yet is kept as written. */
async function realDirectory(dir: string): Promise<string> {
  try {
    return await realpath(dir);
  } catch (error) {
    const parent = dirname(dir);
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === dir) throw error;
    return join(await realDirectory(parent), basename(dir));
  }
}

function parseDockerConfig(text: string, path: string): DockerConfig {
  if (/^[ \t\r\n]*$/.test(text)) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON.parse's own message quotes the text around the error, which may be a secret.
    throw invalidJson(path, text);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DocksideError('invalid-docker-config', 'creds.error.invalid-docker-config.not-object', { where: path });
  }
  const problem = shapeProblem(value);
  if (problem !== null) throw invalid(path, problem);
  // The parsed value itself, not zod's copy: key order stays the file's (and a `__proto__` key stays a key).
  return value as DockerConfig;
}

/**
 * What is wrong with the shape of the keys Dockside reads, or null. zod's records skip a
 * `__proto__` key (they guard their own copy against it), so each entry is also checked here,
 * as the docker CLI checks every key.
 */
function shapeProblem(value: unknown): string | null {
  const checked = dockerConfigSchema.safeParse(value);
  if (!checked.success) return describeIssue(checked.error);
  const { auths, credHelpers } = value as DockerConfig;
  for (const [key, entry] of Object.entries(auths ?? {})) {
    const entryChecked = authEntrySchema.safeParse(entry);
    if (!entryChecked.success) return describeIssue(entryChecked.error, ['auths', key]);
  }
  for (const [key, helper] of Object.entries(credHelpers ?? {})) {
    const helperChecked = z.string().safeParse(helper);
    if (!helperChecked.success) return describeIssue(helperChecked.error, ['credHelpers', key]);
  }
  return null;
}

function invalidJson(path: string, text: string): DocksideError {
  if (text.startsWith('\uFEFF')) {
    return new DocksideError('invalid-docker-config', 'creds.error.invalid-docker-config.bom', { where: `${path}:1:1` });
  }
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first === undefined) return new DocksideError('invalid-docker-config', 'creds.error.invalid-docker-config.invalid-json', { where: path });
  const { line, column, problem } = describeJsonError(text, first);
  return new DocksideError('invalid-docker-config', 'creds.error.invalid-docker-config.syntax', { where: `${path}:${line}:${column}`, problem: JSON_PROBLEM_PHRASES[problem] });
}

/** `problem` is the parser's own words (zod's, the JSON syntax check's), quoted in the sentence. */
function invalid(where: string, problem: string): DocksideError {
  return new DocksideError('invalid-docker-config', 'creds.error.invalid-docker-config', { where, problem });
}

function describeIssue(error: z.ZodError, prefix: string[] = []): string {
  const issue = error.issues[0];
  const at = [...prefix, ...(issue?.path.map(String) ?? [])].join('.');
  return `${at ? `"${at}": ` : ''}${issue?.message ?? error.message}`;
}
