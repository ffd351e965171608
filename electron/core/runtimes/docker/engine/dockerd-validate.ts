import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { DocksideError } from '../../../errors';
import type { Exec } from '../../../platform/exec';
import { assertRootOwnedPath } from '../../../platform/root-owned';
import { engineMajorVersion } from '../daemon/validate';
import { FLAG_VALUES } from './flag-key-collisions';

/** Where distributions install dockerd; never the caller's PATH. */
const SYSTEM_DOCKERD = ['/usr/bin/dockerd', '/usr/sbin/dockerd', '/usr/local/bin/dockerd'];

/** The first engine release with `dockerd --validate` (FACTS §1). */
const VALIDATE_SINCE = 23;

/**
 * The dockerd binary to ask, found without trusting anyone but root: the running engine's own
 * binary when that process runs as root from a root-owned file, else a root-owned system path.
 */
export function findDockerdBinary(pid: number | undefined): string | undefined {
  const candidates = [...(pid === undefined ? [] : runningBinary(pid)), ...SYSTEM_DOCKERD];
  return candidates.find((path) => {
    try {
      assertRootOwnedPath(path, {});
      return true;
    } catch {
      return false;
    }
  });
}

function runningBinary(pid: number): string[] {
  try {
    const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return uid === '0' ? [realpathSync(`/proc/${pid}/exe`)] : [];
  } catch {
    return [];
  }
}

/** What `dockerd --validate` said of a candidate file: null when it cannot say (an older engine, no binary). */
export type DockerdVerdict = { ok: true } | { ok: false; problem: string } | null;

export interface DockerdValidateInput {
  exec: Exec;
  /** The engine's version as it reports it; `--validate` is asked only from 23.0 on. */
  engineVersion: string | undefined;
  binary: string | undefined;
  /** A directory only this user can write (root: its state dir): the candidate goes there, never to the real path. */
  privateDir: string;
  text: string;
}

/**
 * Asks the engine's own parser (`dockerd --validate --config-file <candidate>`) about the file
 * Dockside is about to write. The candidate is a 0600 file in a fresh private directory, removed after.
 */
export async function validateWithDockerd(input: DockerdValidateInput): Promise<DockerdVerdict> {
  const major = engineMajorVersion(input.engineVersion);
  if (input.binary === undefined || major === undefined || major < VALIDATE_SINCE) return null;
  const dir = await mkdtemp(join(input.privateDir, '.validate-'));
  try {
    const candidate = join(dir, 'daemon.json');
    await writeFile(candidate, input.text, { mode: 0o600, flag: 'wx' });
    const result = await input.exec(input.binary, ['--validate', '--config-file', candidate], { env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' }, timeoutMs: 15_000 });
    const said = `${result.stdout}\n${result.stderr}`;
    if (result.code === 0 && said.includes('configuration OK')) return { ok: true };
    if (/unknown flag: --validate/.test(said) || result.code === 127 || result.timedOut) return null;
    // verbatim: dockerd's error text, matched in its output
    const line = said.split('\n').find((text) => text.includes('unable to configure the Docker daemon')) ?? said.trim().split('\n')[0] ?? '';
    return { ok: false, problem: quoteDockerd(line.split(candidate).join('<daemon.json>')) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * dockerd's own words for a refusal, fit to quote: at most 300 characters, without the values
 * it repeats ("from flag: ..., from file: ...") or a URL's user and password.
 */
export function quoteDockerd(text: string): string {
  const message = /msg="((?:[^"\\]|\\.)*)"/.exec(text)?.[1]?.replace(/\\"/g, '"') ?? text.trim();
  return message
    .replace(/\(from flag: [^)]*\)/g, FLAG_VALUES)
    .replace(/\/\/[^/@\s]*@/g, '//xxxxx@')
    .slice(0, 300);
}

/** `problem` is dockerd's own line (quoteDockerd), quoted as it said it. */
export function dockerdValidateError(path: string, problem: string): DocksideError {
  return new DocksideError('daemon-json-refused', 'daemon.error.daemon-json-refused.dockerd-validate', { path, dockerd: problem });
}
