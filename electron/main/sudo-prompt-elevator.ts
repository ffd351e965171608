import { DocksideError } from '../core/errors';
import type { ElevatedExit, Elevator } from '../core/plan/elevator';

/** The part of @vscode/sudo-prompt used here (a fake in unit tests). */
export interface SudoPrompt {
  exec(
    command: string,
    options: { name: string; env?: Record<string, string> },
    callback: (error?: Error & { code?: unknown }, stdout?: string | Buffer, stderr?: string | Buffer) => void,
  ): void;
}

/** What the OS prompt says the app is; sudo-prompt allows letters, digits and spaces only. */
export const PROMPT_NAME = 'Dockside';

const PERMISSION_DENIED = 'User did not grant permission.';
/** Standard base64 and nothing else: the plan is the only argument that varies from one apply to the next. */
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/**
 * Characters a shell or a .bat would read in a quoted path (FACTS §7: on Linux sudo-prompt runs
 * `/bin/bash -c "<command>"` escaping only `"`). The paths are the app's own, so this never
 * refuses a real installation; it stops one that could run something else.
 */
const UNSAFE_IN_PATH_POSIX = /["$`\\!\n\r\0]/;
const UNSAFE_IN_PATH_WIN32 = /["%^&|<>!\n\r\0]/;

/**
 * The one command line sudo-prompt runs, from fixed parts only: Electron as Node (or Node), the
 * privileged script of this installation, and the plan in base64. Nothing the user typed (a host
 * name, a URL) is in it except inside the base64, which the privileged process validates.
 */
export function sudoPromptCommand(argv: readonly string[], platform: NodeJS.Platform = process.platform): { command: string; env?: Record<string, string> } {
  const [runtime, script, plan, ...rest] = argv;
  if (runtime === undefined || script === undefined || plan === undefined || rest.length > 0) {
    throw new DocksideError('invalid-elevation', 'plan.error.invalid-elevation.argv');
  }
  if (!BASE64.test(plan)) throw new DocksideError('invalid-elevation', 'plan.error.invalid-elevation.not-base64');
  const unsafe = platform === 'win32' ? UNSAFE_IN_PATH_WIN32 : UNSAFE_IN_PATH_POSIX;
  for (const path of [runtime, script]) {
    if (path === '' || unsafe.test(path)) {
      throw new DocksideError('invalid-elevation', 'plan.error.invalid-elevation.unsafe-path', { path: JSON.stringify(path) });
    }
  }
  // Windows runs a .bat, where `VAR=1 cmd` is no assignment: sudo-prompt sets the variable there.
  if (platform === 'win32') return { command: `"${runtime}" "${script}" ${plan}`, env: { ELECTRON_RUN_AS_NODE: '1' } };
  return { command: `ELECTRON_RUN_AS_NODE=1 "${runtime}" "${script}" ${plan}` };
}

/**
 * The desktop app's elevator: one OS password prompt per apply. sudo-prompt hands back the
 * output when the process ends, so the progress lines arrive together at the end.
 */
export function createSudoPromptElevator(sudo: SudoPrompt, platform: NodeJS.Platform = process.platform): Elevator {
  return {
    name: 'sudo-prompt',
    run: async (argv, onLine) => {
      const { command, env } = sudoPromptCommand(argv, platform);
      return new Promise<ElevatedExit>((resolve, reject) => {
        sudo.exec(command, { name: PROMPT_NAME, ...(env ? { env } : {}) }, (error, stdout, stderr) => {
          const out = stdout === undefined ? '' : String(stdout);
          const err = stderr === undefined ? '' : String(stderr);
          if (error?.message === PERMISSION_DENIED) {
            reject(new DocksideError('elevation-cancelled', 'plan.error.elevation-cancelled'));
            return;
          }
          // A numeric code is the privileged process's own exit: its output says what happened.
          if (error && typeof error.code !== 'number' && out === '') {
            reject(new DocksideError('elevation-failed', 'plan.error.elevation-failed.prompt', { detail: error.message }));
            return;
          }
          for (const line of out.split(/\r?\n/)) if (line !== '') onLine(line);
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr: err });
        });
      });
    },
  };
}
