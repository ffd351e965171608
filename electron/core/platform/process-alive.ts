import { readFileSync } from 'node:fs';

/**
 * Whether a process still runs. Not a zombie: a process whose parent is gone is reaped by
 * PID 1, which can take a while, and kill(pid, 0) succeeds on a zombie until then. A value that
 * cannot be a pid counts as alive, so a caller never removes or waits on the wrong thing.
 */
export function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return true;
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state !== 'Z' && state !== 'X';
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: someone else's process, alive.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
