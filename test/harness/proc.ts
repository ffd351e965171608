import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { closeSync, createWriteStream, openSync, readFileSync } from 'node:fs';
import './exit';

/**
 * A long-running service started by a test. Every one is tracked so that a worker that dies
 * or a test that throws still leaves nothing behind: `stop()` in afterAll is the normal path,
 * the exit hook below is the safety net.
 */
export interface Service {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** The service's log so far, for error messages. */
  log(): string;
  /** SIGTERM, wait for exit (SIGKILL after `graceMs`), then resolve. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();

process.once('exit', () => {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
});

export interface StartOptions extends Omit<SpawnOptions, 'stdio'> {
  /** Where stdout and stderr go. */
  logFile: string;
  /** Text written to stdin, which is then closed (e.g. a keyring password). */
  stdin?: string;
  /**
   * The service writes the log file itself (its stdout and stderr are the file, as with
   * `dockerd >>/var/log/docker.log 2>&1`), so its /proc/PID/fd/2 names the file, not a pipe.
   */
  directOutput?: boolean;
}

export function startService(name: string, command: string, args: string[], options: StartOptions): Service {
  const { logFile, stdin, directOutput, ...spawnOptions } = options;
  const direct = directOutput === true ? openSync(logFile, 'a') : undefined;
  const out = direct === undefined ? createWriteStream(logFile, { flags: 'a' }) : undefined;
  const child = spawn(command, args, { ...spawnOptions, stdio: direct === undefined ? ['pipe', 'pipe', 'pipe'] : ['pipe', direct, direct] });
  if (direct !== undefined) closeSync(direct);
  running.add(child);
  if (out !== undefined) {
    child.stdout?.pipe(out, { end: false });
    child.stderr?.pipe(out, { end: false });
  }
  // A service that never reads its stdin (or exits first) breaks the pipe: EPIPE is not its
  // failure (waitUntil reports a service that died), and unhandled it would crash the worker.
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(stdin ?? '');
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      running.delete(child);
      resolve();
    });
    child.once('error', () => {
      running.delete(child);
      resolve();
    });
  });
  const log = (): string => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 10_000): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      out?.end();
    })();
    return stopping;
  };
  return { name, child, logFile, log, stop };
}

export function hasExited(service: Service): boolean {
  return service.child.exitCode !== null || service.child.signalCode !== null;
}

/**
 * Polls `probe` until it returns true; fails with the service's log when the service dies
 * first or the deadline passes, so a failed start says why.
 */
export async function waitUntil(
  service: Service,
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited(service)) {
      throw new Error(`${service.name} exited before ${what}:\n${service.log().slice(-4000)}`);
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new Error(`${service.name}: timed out after ${timeoutMs} ms waiting for ${what}:\n${service.log().slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
