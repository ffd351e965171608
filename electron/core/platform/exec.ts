import { execFile } from 'node:child_process';

export interface ExecResult {
  /** The exit code; 127 when the command is not installed, -1 when it was killed (e.g. timed out). */
  code: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface ExecOptions {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  input?: string;
}

/**
 * Runs a program with an argv array, never through a shell: host names and paths are data, and
 * a shell would make them code. Every system effect of core goes through this type, so tests
 * and callers can swap it.
 */
export type Exec = (command: string, args: readonly string[], options?: ExecOptions) => Promise<ExecResult>;

export const execProgram: Exec = (command, args, options = {}) =>
  new Promise((resolve) => {
    const child = execFile(
      command,
      [...args],
      { env: options.env ?? process.env, timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (!error) return resolve({ code: 0, stdout, stderr, timedOut: false });
        const errno = (error as NodeJS.ErrnoException).code;
        // verbatim: the shell's own words for a missing program, as callers quote a program's stderr
        if (errno === 'ENOENT') return resolve({ code: 127, stdout, stderr: `${command}: command not found`, timedOut: false });
        const timedOut = error.killed === true && error.signal === 'SIGKILL';
        resolve({ code: typeof error.code === 'number' ? error.code : -1, stdout, stderr: stderr || error.message, timedOut });
      },
    );
    // A program may exit without reading its stdin; that broken pipe is not an error of ours.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
