import { readFileSync, readlinkSync } from 'node:fs';
import { basename } from 'node:path';
import type { RegistrySettings } from '../../../../../shared/engine';
import { DocksideError } from '../../../errors';

/** What /proc tells about a running dockerd (Linux). */
export interface DockerdProcess {
  pid: number;
  /** The binary, from /proc/PID/exe. */
  executable: string;
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * The pid in a pidfile, checked to be a running dockerd: a signal sent as root to whatever pid
 * a file names must never reach another program.
 */
export function dockerdPidFromFile(pidfile: string): number {
  let text: string;
  try {
    text = readFileSync(pidfile, 'utf8').trim();
  } catch (error) {
    throw new DocksideError('engine-not-running', 'engine.error.engine-not-running.no-pid', { pidfile, detail: (error as Error).message });
  }
  const pid = Number(text);
  // Never quote the file: as root it could be any file's first line.
  if (!Number.isSafeInteger(pid) || pid <= 1) throw new DocksideError('engine-not-running', 'engine.error.engine-not-running.not-a-pid', { pidfile });
  assertDockerd(pid, pidfile);
  return pid;
}

function assertDockerd(pid: number, source: string): void {
  let executable: string;
  try {
    executable = readlinkSync(`/proc/${pid}/exe`);
  } catch {
    throw new DocksideError('engine-not-running', 'engine.error.engine-not-running.process-gone', { pid, source });
  }
  if (basename(executable.replace(/ \(deleted\)$/, '')) !== 'dockerd') {
    throw new DocksideError('engine-not-dockerd', 'engine.error.engine-not-dockerd', { pid, source, executable });
  }
}

/** A process's arguments; unlike its environment, readable by every user. */
export function processArgv(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((arg, i, all) => arg !== '' || i < all.length - 1);
}

export function readDockerdProcess(pid: number): DockerdProcess {
  const argv = processArgv(pid);
  const env: NodeJS.ProcessEnv = {};
  for (const entry of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return { pid, executable: readlinkSync(`/proc/${pid}/exe`), argv, env, cwd: readlinkSync(`/proc/${pid}/cwd`) };
}

/** Every value of a flag, given as `--flag VALUE` or `--flag=VALUE`, in order. */
function flagValues(argv: readonly string[], flag: string): string[] {
  return argv.flatMap((arg, i) => (arg === flag ? [argv[i + 1] ?? ''] : arg.startsWith(`${flag}=`) ? [arg.slice(flag.length + 1)] : [])).filter(Boolean);
}

/** The `--config-file` a dockerd was started with, if any: the daemon.json it really reads. */
export function configFileArgument(argv: readonly string[]): string | undefined {
  return flagValues(argv, '--config-file')[0];
}

/**
 * The registry settings a dockerd's flags give it (`--registry-mirror`, `--insecure-registry`):
 * what it starts with when daemon.json lacks the key, and what such a key would collide with.
 */
export function settingsFromFlags(argv: readonly string[]): RegistrySettings {
  return { mirrors: flagValues(argv, '--registry-mirror'), insecureRegistries: flagValues(argv, '--insecure-registry') };
}
