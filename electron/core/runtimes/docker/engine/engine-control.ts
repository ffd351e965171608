import type { EngineSpec } from '../../../../../shared/engine';
import type { Exec } from '../../../platform/exec';

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
