import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { DocksideError } from '../errors';

export interface ElevatedExit {
  code: number;
  stderr: string;
}

/**
 * Runs the privileged entry with administrator rights (DESIGN §2): directly when they are not
 * needed or already held, through sudo at a terminal (CLI), through @vscode/sudo-prompt in the
 * desktop app. `argv` is a fixed program and the base64 plan, never a shell command line.
 */
export interface Elevator {
  readonly name: 'direct' | 'sudo' | 'sudo-noninteractive' | 'sudo-prompt' | 'pkexec';
  run(argv: readonly string[], onLine: (line: string) => void): Promise<ElevatedExit>;
}

export const directElevator: Elevator = directElevatorWith({});

/** The direct elevator with variables added to the environment (ELECTRON_RUN_AS_NODE=1 when the runtime is Electron). */
export function directElevatorWith(env: Readonly<Record<string, string>>): Elevator {
  return { name: 'direct', run: (argv, onLine) => spawnReadingLines(argv, onLine, 'pipe', env) };
}

/** What runs the privileged entry: Node itself, or Electron's own executable run as Node (the desktop package, its CLI). */
export type Runtime = 'node' | 'electron';

/** This process's runtime, which the privileged entry runs on too (its runtime is process.execPath). */
export const currentRuntime: Runtime = process.versions.electron === undefined ? 'node' : 'electron';

/** env(1): sets ELECTRON_RUN_AS_NODE=1 after sudo's or pkexec's reset of the environment. */
const ENV = '/usr/bin/env';

/**
 * The argv sudo or pkexec runs. Both reset the environment, so Electron's executable, which is
 * Node only with ELECTRON_RUN_AS_NODE=1, goes through env(1); Node runs as it is.
 */
export function resetEnvironmentArgv(argv: readonly string[], runtime: Runtime = currentRuntime): string[] {
  return runtime === 'electron' ? [ENV, 'ELECTRON_RUN_AS_NODE=1', ...argv] : [...argv];
}

/** sudo asks for the password on the terminal itself; stdout carries the privileged process's events. */
export const sudoElevator: Elevator = {
  name: 'sudo',
  // verbatim: sudo's own prompt (-p), with sudo's %u placeholder; the terminal shows it before Dockside's words
  run: (argv, onLine) => spawnReadingLines(['sudo', '-p', '[dockside] administrator password for %u: ', '--', ...resetEnvironmentArgv(argv)], onLine, 'inherit'),
};

/**
 * Without a terminal (a script, CI, a NOPASSWD sudoers entry): `sudo -n` runs only when sudo
 * needs no password, and otherwise fails at once instead of waiting for one nobody can type.
 */
export const sudoNonInteractiveElevator: Elevator = {
  name: 'sudo-noninteractive',
  run: (argv, onLine) => spawnReadingLines(['sudo', '-n', '--', ...resetEnvironmentArgv(argv)], onLine, 'pipe'),
};

/** pkexec's own exit when the user dismissed the polkit dialog, or could not be authorized (pkexec(1)). */
const PKEXEC_DISMISSED = 126;
const PKEXEC_NOT_AUTHORIZED = 127;

/**
 * The desktop app's elevator on Linux: pkexec asks polkit for the password, then runs the
 * privileged entry with its stdout piped to us, so each progress line arrives as the elevated
 * process writes it (sudo-prompt hands back the whole output only when the process has ended).
 * No shell: the argv goes to pkexec as it is. `command` is pkexec, or a stand-in in tests.
 */
export function pkexecElevator(command = '/usr/bin/pkexec', runtime: Runtime = currentRuntime): Elevator {
  return {
    name: 'pkexec',
    run: async (argv, onLine) => {
      const exit = await spawnReadingLines([command, ...resetEnvironmentArgv(argv, runtime)], onLine, 'pipe');
      if (exit.code === PKEXEC_DISMISSED) {
        throw new DocksideError('elevation-cancelled', 'plan.error.elevation-cancelled');
      }
      if (exit.code === PKEXEC_NOT_AUTHORIZED && exit.stderr.trim() !== '') {
        throw new DocksideError('elevation-failed', 'plan.error.elevation-failed.polkit', { detail: exit.stderr.trim() });
      }
      return exit;
    },
  };
}

function spawnReadingLines(argv: readonly string[], onLine: (line: string) => void, stdin: 'pipe' | 'inherit', env: Readonly<Record<string, string>> = {}): Promise<ElevatedExit> {
  const [command = '', ...args] = argv;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: [stdin === 'pipe' ? 'ignore' : 'inherit', 'pipe', stdin === 'pipe' ? 'pipe' : 'inherit'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    if (child.stdout) createInterface({ input: child.stdout }).on('line', onLine);
    child.once('error', (error) => reject(new DocksideError('elevation-failed', 'plan.error.elevation-failed.spawn', { command, detail: error.message })));
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stderr }));
  });
}
