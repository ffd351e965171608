import { processArgv } from './dockerd-process';

/** The command line of the running dockerd (world-readable on Linux); null when it ended meanwhile. */
export function runningDockerdArgv(pid: number): string[] | null {
  try {
    return processArgv(pid);
  } catch {
    return null;
  }
}
