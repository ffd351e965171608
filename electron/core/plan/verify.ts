import type { RegistrySettings } from '../../../shared/engine';
import { type Message, msg } from '../../../shared/message';
import { readActiveSettings, settingsDrift } from '../runtimes/docker/engine/active-settings';
import type { DockerTarget } from '../runtimes/docker/engine/docker-cli';
import { errorMessage } from '../errors';

/** The engine's settings, or null when it does not answer (stopped, or restarting). */
export async function activeOrNull(target: DockerTarget): Promise<RegistrySettings | null> {
  return readActiveSettings(target).catch(() => null);
}

export interface Verification {
  differences: Message[];
  /** What the engine reported last; null when it did not answer. */
  active: RegistrySettings | null;
}

/** How the engine differs from `expected`, one message a difference; empty when it matches. */
export function differencesOf(expected: RegistrySettings, active: RegistrySettings): Message[] {
  return settingsDrift(expected, active).map((item) => msg(`plan.difference.${item.kind}`, { entry: item.entry }));
}

/**
 * Reads `docker info` until the engine reports exactly `expected` or the time is up. A reload
 * is applied by dockerd a moment after the signal, so one read right away could see the old state.
 */
export async function verifyWithin(
  target: DockerTarget,
  expected: RegistrySettings,
  timeoutMs: number,
  sleep: (ms: number) => Promise<void>,
): Promise<Verification> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let verification: Verification;
    try {
      const active = await readActiveSettings(target);
      verification = { active, differences: differencesOf(expected, active) };
    } catch (error) {
      verification = { active: null, differences: [errorMessage(error)] };
    }
    if (verification.differences.length === 0 || Date.now() >= deadline) return verification;
    // dockerd applies a SIGHUP within tens of milliseconds: look again soon.
    await sleep(50);
  }
}
