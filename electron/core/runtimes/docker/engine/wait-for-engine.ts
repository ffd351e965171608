import { DocksideError } from '../../../errors';
import { type DockerTarget, engineVersion } from './docker-cli';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `docker version` until the engine answers; `alive` lets a caller fail fast when the daemon died. */
export async function waitForEngine(
  target: DockerTarget,
  timeoutMs: number,
  options: { sleep?: (ms: number) => Promise<void>; alive?: () => boolean } = {},
): Promise<void> {
  const pause = options.sleep ?? sleep;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await engineVersion(target)) !== undefined) return;
    if (options.alive && !options.alive()) {
      throw new DocksideError('engine-did-not-start', 'engine.error.engine-did-not-start.exited');
    }
    if (Date.now() > deadline) {
      throw new DocksideError('engine-did-not-start', 'engine.error.engine-did-not-start.timeout', { seconds: Math.round(timeoutMs / 1000) });
    }
    await pause(250);
  }
}
