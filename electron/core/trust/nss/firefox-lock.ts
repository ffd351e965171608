import { readlink } from 'node:fs/promises';
import path from 'node:path';
import { isAlive } from '../../platform/process-alive';

/**
 * The pid of the Firefox that has this profile open, when it says so. On Linux a running
 * Firefox keeps `<profile>/lock`, a symbolic link to `<ip>:+<pid>`; a crash can leave it behind,
 * so the process must still be alive. macOS has only `.parentlock`, an fcntl lock Node cannot
 * test: there certutil's own error tells.
 */
export async function firefoxHoldingProfile(profileDir: string, alive: (pid: number) => boolean = isAlive): Promise<number | undefined> {
  const target = await readlink(path.join(profileDir, 'lock')).catch(() => null);
  const pid = target === null ? undefined : /:\+(\d+)$/.exec(target)?.[1];
  if (pid === undefined) return undefined;
  return alive(Number(pid)) ? Number(pid) : undefined;
}
