import { type Message, msg } from '../../../shared/message';
import type { Exec } from '../platform/exec';
import { findHelper } from './helper-client';

/** The platform's own Docker credential helpers, in the order a login tries them (docker-credential-helpers, Docker Desktop). */
const NATIVE_HELPERS: Partial<Record<NodeJS.Platform, readonly string[]>> = {
  darwin: ['osxkeychain', 'desktop'],
  win32: ['wincred', 'desktop'],
  linux: ['secretservice', 'pass', 'desktop'],
};

/** A `list` that takes longer is a helper that does not work: a hung D-Bus must not stall a login. */
export const PROBE_TIMEOUT_MS = 4_000;

/** How much of a failing helper's own answer the reason quotes. */
const DETAIL_LIMIT = 300;

export function nativeHelpersOf(platform: NodeJS.Platform): readonly string[] {
  return NATIVE_HELPERS[platform] ?? [];
}

export function isNativeHelper(name: string, platform: NodeJS.Platform): boolean {
  return nativeHelpersOf(platform).includes(name);
}

export type NativeChoice = { helper: string; reason: Message } | { helper: null; reason: Message };

/**
 * The first of the platform's own helpers that is on PATH and whose `list` succeeds (a helper
 * counts only then: docker-credential-pass fails before `pass init`, secretservice without a
 * Secret Service). Otherwise null, with the reason: the first failure, or that none is installed.
 */
export async function findNativeHelper(deps: { exec: Exec; env: NodeJS.ProcessEnv; platform?: NodeJS.Platform }): Promise<NativeChoice> {
  const platform = deps.platform ?? process.platform;
  const candidates = nativeHelpersOf(platform);
  let failure: Message | null = null;
  for (const name of candidates) {
    if (!(await findHelper(name, deps.env, platform))) continue;
    const program = `docker-credential-${name}`;
    const result = await deps.exec(program, ['list'], { input: '', env: deps.env, timeoutMs: PROBE_TIMEOUT_MS });
    if (result.code === 0) return { helper: name, reason: msg('creds.store-reason.native', { program }) };
    if (failure !== null) continue;
    // Helpers report errors on stdout; stderr is a fallback for a crash. `list` answers hold no secret.
    const detail = `${(result.stdout.trim() || result.stderr.trim()).slice(0, DETAIL_LIMIT)} (exit ${result.code})`;
    failure = result.timedOut
      ? msg('creds.store-reason.native-timed-out', { program, seconds: PROBE_TIMEOUT_MS / 1000 })
      : msg('creds.store-reason.native-failed', { program, detail });
  }
  if (failure !== null) return { helper: null, reason: failure };
  if (candidates.length === 0) return { helper: null, reason: msg('creds.store-reason.no-native-known', { platform }) };
  return { helper: null, reason: msg('creds.store-reason.no-native', { programs: candidates.map((name) => `docker-credential-${name}`).join(', ') }) };
}
