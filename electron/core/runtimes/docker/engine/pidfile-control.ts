import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import type { EngineSpec } from '../../../../../shared/engine';
import { DocksideError } from '../../../errors';
import type { EngineControl, EngineDeps } from './engine-control';
import { sleep, waitForEngine } from './wait-for-engine';
import { isAlive } from '../../../platform/process-alive';
import { type DockerdProcess, dockerdPidFromFile, readDockerdProcess } from './dockerd-process';

const STOP_TIMEOUT_MS = 60_000;

/**
 * A dockerd started by hand, known by its pidfile (`--engine pidfile:PATH`). Reload is SIGHUP;
 * restart stops it with SIGTERM and starts it again exactly as it was started: same binary,
 * arguments, environment and working directory, writing where it wrote before.
 */
export function pidfileControl(spec: EngineSpec, deps: EngineDeps): EngineControl {
  const pidfile = spec.pidfile;
  if (pidfile === undefined) throw new Error('a pidfile engine needs its pidfile'); // verbatim: a programming error (never a user's), reported as an internal error
  const pause = deps.sleep ?? sleep;
  let started: { exited: boolean } | undefined;
  // The daemon as last seen running, with its output: a restart after a failed start (the
  // rollback's) has no live process to copy, and a failed dockerd removes its pidfile.
  let known: { daemon: DockerdProcess; output: Output } | undefined;

  return {
    spec,
    daemonPid: async () => dockerdPidFromFile(pidfile),
    async reload() {
      process.kill(dockerdPidFromFile(pidfile), 'SIGHUP');
    },
    async restart() {
      if (started === undefined || !started.exited) {
        const daemon = readDockerdProcess(dockerdPidFromFile(pidfile));
        known = { daemon, output: inheritOutput(daemon) };
        await stopDockerd(daemon.pid, pause);
      }
      if (!known) throw new DocksideError('engine-not-running', 'engine.error.engine-not-running.no-restart', { pidfile });
      started = startDockerd(known.daemon, known.output);
    },
    waitUntilReady: (timeoutMs) =>
      waitForEngine({ exec: deps.exec, dockerHost: spec.dockerHost, socketApi: deps.socketApi }, timeoutMs, {
        sleep: pause,
        alive: () => started === undefined || !started.exited,
      }),
  };
}

type Output = [number | 'ignore', number | 'ignore'];

/**
 * The old daemon's stdout and stderr (a log file or a pipe), reopened so the new one writes
 * there too. Kept open until this short-lived process exits, for a second restart.
 */
function inheritOutput(daemon: DockerdProcess): Output {
  const reopen = (fd: number): number | 'ignore' => {
    try {
      return openSync(`/proc/${daemon.pid}/fd/${fd}`, 'a');
    } catch {
      return 'ignore';
    }
  };
  return [reopen(1), reopen(2)];
}

async function stopDockerd(pid: number, pause: (ms: number) => Promise<void>): Promise<void> {
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new DocksideError('engine-stop-failed', 'engine.error.engine-stop-failed', { pid, seconds: STOP_TIMEOUT_MS / 1000 });
    await pause(100);
  }
}

function startDockerd(daemon: DockerdProcess, output: Output): { exited: boolean } {
  const [argv0 = 'dockerd', ...args] = daemon.argv;
  const child = spawn(daemon.executable, args, {
    argv0,
    cwd: daemon.cwd,
    env: daemon.env,
    detached: true,
    stdio: ['ignore', output[0], output[1]],
  });
  const state = { exited: false };
  child.once('exit', () => {
    state.exited = true;
  });
  child.once('error', () => {
    state.exited = true;
  });
  child.unref();
  return state;
}
