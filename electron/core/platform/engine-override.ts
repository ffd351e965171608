import { ENGINE_OVERRIDE_FILE, type EngineOverrideFile, EngineOverrideFileSchema } from '../../../shared/privileged';
import { DocksideError } from '../errors';
import { isAbsoluteNormalised } from '../plan/allow-list';
import { readFileState } from './file-state';
import { assertRootOwnedPath } from './root-owned';

const MAX_BYTES = 64 * 1024;

/**
 * `/etc/dockside/engine.json`: the engine and files of an unusual install, set by the
 * administrator. The CLI and the app read it as their default target; the elevated process
 * (`rootOwned`) first checks that the file and every directory above it belong to root and are
 * writable by nobody else, since it is then the one place besides the built-in defaults that
 * may name what root writes. Null when there is no such file.
 */
export async function readEngineOverride(options: { rootOwned: boolean; path?: string }): Promise<EngineOverrideFile | null> {
  const path = options.path ?? ENGINE_OVERRIDE_FILE;
  if (options.rootOwned) assertRootOwnedPath(path, { allowMissingLeaf: true, allowStickyAncestors: false });
  const state = await readFileState(path, MAX_BYTES);
  if (state === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(state.bytes.toString('utf8'));
  } catch {
    throw invalid(path, 'not-json');
  }
  const parsed = EngineOverrideFileSchema.safeParse(json);
  // zod's own words for each wrong field, quoted.
  if (!parsed.success) throw invalid(path, 'schema', { detail: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`).join('; ') });
  const file = parsed.data;
  for (const key of ['daemonJson', 'certsDir', 'stateDir'] as const) {
    const value = file[key];
    if (value !== undefined && !isAbsoluteNormalised(value)) throw invalid(path, 'not-absolute', { key });
  }
  if (file.dockerHost !== undefined && !isUnixSocketHost(file.dockerHost)) throw invalid(path, 'docker-host');
  return file;
}

/** `unix:///abs/path`: the only kind of Docker host the elevated process talks to (never tcp, never ssh). */
export function isUnixSocketHost(host: string): boolean {
  return host.startsWith('unix:///') && isAbsoluteNormalised(host.slice('unix://'.length));
}

function invalid(path: string, why: 'not-json' | 'schema' | 'not-absolute' | 'docker-host', params: Record<string, string> = {}): DocksideError {
  return new DocksideError('engine-override-invalid', `engine.error.engine-override-invalid.${why}`, { path, ...params });
}
