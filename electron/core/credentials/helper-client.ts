import { access, constants, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { DocksideError } from '../errors';
import type { Exec } from '../platform/exec';
import type { Keychain, StoredCredential } from './keychain';

/** What every Docker credential helper prints for an unknown server (docker-credential-helpers). */
const NOT_FOUND = 'credentials not found in native keychain'; // verbatim: docker-credential-helpers' own text, compared
const TIMEOUT_MS = 30_000;

/**
 * Another Docker credential helper (`docker-credential-<name>`) spoken to as Docker does: the
 * secret travels on stdin only, never in argv or the environment.
 */
export function externalHelper(name: string, exec: Exec, env: NodeJS.ProcessEnv = process.env): Keychain {
  const program = `docker-credential-${name}`;
  const call = async (action: string, input: string): Promise<{ ok: true; stdout: string } | { ok: false; message: string }> => {
    const result = await exec(program, [action], { input, env, timeoutMs: TIMEOUT_MS });
    if (result.code === 0) return { ok: true, stdout: result.stdout };
    // Helpers report errors on stdout; stderr is a fallback for a crash.
    return { ok: false, message: `${(result.stdout.trim() || result.stderr.trim()).slice(0, 500)} (exit ${result.code})` };
  };
  /** The helper's answer as JSON; never quoted in an error, since a `get` answer holds the secret. */
  const parse = <T>(action: string, stdout: string): T => {
    try {
      return JSON.parse(stdout) as T;
    } catch {
      throw new DocksideError('helper-failed', 'creds.error.helper-failed.not-json', { program, action });
    }
  };
  const fail = (action: string, detail: string): DocksideError => new DocksideError('helper-failed', 'creds.error.helper-failed', { program, action, detail });

  return {
    async get(serverUrl) {
      const result = await call('get', serverUrl);
      if (!result.ok) {
        if (result.message.startsWith(NOT_FOUND)) return null;
        throw fail('get', result.message);
      }
      const parsed = parse<{ ServerURL?: string; Username?: string; Secret?: string }>('get', result.stdout);
      return { serverUrl: parsed.ServerURL ?? serverUrl, username: parsed.Username ?? '', secret: parsed.Secret ?? '' };
    },
    async store(credential: StoredCredential) {
      const result = await call('store', JSON.stringify({ ServerURL: credential.serverUrl, Username: credential.username, Secret: credential.secret }));
      if (!result.ok) throw fail('store', result.message);
    },
    async erase(serverUrl) {
      const result = await call('erase', serverUrl);
      if (result.ok) return true;
      if (result.message.startsWith(NOT_FOUND)) return false;
      throw fail('erase', result.message);
    },
    async list() {
      const result = await call('list', '');
      if (!result.ok) throw fail('list', result.message);
      const parsed = parse<Record<string, string>>('list', result.stdout || '{}');
      return Object.entries(parsed).map(([serverUrl, username]) => ({ serverUrl, username }));
    },
  };
}

/** The path of `docker-credential-<name>` on PATH, as Docker would find it; null when missing. */
export async function findHelper(name: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Promise<string | null> {
  const extensions = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const extension of extensions) {
      const candidate = join(dir, `docker-credential-${name}${extension.toLowerCase()}`);
      try {
        // Like Go's exec.LookPath: an executable regular file, not a directory.
        await access(candidate, platform === 'win32' ? constants.F_OK : constants.X_OK);
        if ((await stat(candidate)).isFile()) return candidate;
      } catch {
        // Not in this directory.
      }
    }
  }
  return null;
}
