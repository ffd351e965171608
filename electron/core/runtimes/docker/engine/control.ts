import type { EngineSpec } from '../../../../../shared/engine';
import { DocksideError } from '../../../errors';
import type { Exec } from '../../../platform/exec';
import { type DockerTarget, engineVersion } from './docker-cli';
import { pidfileControl } from './pidfile-control';
import { serviceControl } from './service-control';

/** Reload and restart of the engine in use (DESIGN §2 EngineControl); one implementation a way of running Docker. */
export interface EngineControl {
  readonly spec: EngineSpec;
  /** The running dockerd's pid when this kind of engine tells it (systemd, sysv, openrc, pidfile). */
  daemonPid(): Promise<number | undefined>;
  /** SIGHUP: re-reads daemon.json; running containers stay up. Reports nothing about the result. */
  reload(): Promise<void>;
  /** Stops and starts the engine; resolves once the start was requested. */
  restart(): Promise<void>;
  /** Resolves when the engine answers again; throws when it does not come back within the timeout. */
  waitUntilReady(timeoutMs: number): Promise<void>;
}

export interface EngineDeps {
  exec: Exec;
  /** Wait for the engine over its unix socket, not through the docker CLI (see DockerTarget.socketApi). */
  socketApi?: boolean;
  sleep?: (ms: number) => Promise<void>;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createEngineControl(spec: EngineSpec, deps: EngineDeps): EngineControl {
  if (spec.kind === 'pidfile') return pidfileControl(spec, deps);
  if (spec.kind === 'none') return noEngine(spec, deps);
  return serviceControl(spec, deps);
}

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

function noEngine(spec: EngineSpec, deps: EngineDeps): EngineControl {
  const refuse = async (): Promise<never> => {
    throw new DocksideError('no-engine', 'engine.error.no-engine');
  };
  return {
    spec,
    daemonPid: async () => undefined,
    reload: refuse,
    restart: refuse,
    waitUntilReady: (timeoutMs) => waitForEngine({ exec: deps.exec, dockerHost: spec.dockerHost, socketApi: deps.socketApi }, timeoutMs, { sleep: deps.sleep }),
  };
}
