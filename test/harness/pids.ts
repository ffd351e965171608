import { readdirSync, readFileSync } from 'node:fs';

/**
 * Process liveness read from /proc. `process.kill(pid, 0)` is not enough: a daemon's child
 * that outlives it is re-parented to PID 1, and until PID 1 reaps it (slowly, on this
 * machine) it lingers as a zombie that still "exists" for kill(0).
 */
export function isAlive(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // "pid (comm) S ...": comm may contain spaces and parentheses, the state follows the last ')'.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

/**
 * Processes whose command line mentions `path` (other than this one). Every process a test
 * daemon spawns names its private temp dir (containerd's config, a shim's socket address), so
 * this finds exactly the daemon's descendants, even after they were re-parented.
 */
export function pidsMentioning(path: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(path)) pids.push(pid);
    } catch {
      // Exited while we were looking.
    }
  }
  return pids;
}

/** Sends `signal` to each live pid, ignoring those that are already gone. */
export function signalAll(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      if (isAlive(pid)) process.kill(pid, signal);
    } catch {
      // Exited in between.
    }
  }
}

/** Resolves once none of `pids` is alive; rejects naming the survivors after `timeoutMs`. */
export async function waitForExit(pids: readonly number[], timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = pids.filter(isAlive);
    if (alive.length === 0) return;
    if (Date.now() > deadline) throw new Error(`processes still running after ${timeoutMs} ms: ${alive.join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
