import { accessSync, constants } from 'node:fs';
import { dirname } from 'node:path';
import type { Plan } from '../../../shared/plan';
import { DocksideError } from '../errors';
import { type Elevator, pkexecElevator } from './elevator';

export interface ElevatorChoice {
  /** Runs the privileged entry as this user (root already, or nothing that needs more). */
  direct: Elevator;
  /** Asks for the administrator password: sudo at a terminal, sudo-prompt in the app; null when nothing can ask. */
  prompt: Elevator | null;
}

/**
 * Root, or a plan whose files are the user's own and whose engine the user runs, needs no
 * elevation; otherwise the prompt asks. Without one, say how to run it. The CLI and the desktop
 * app choose the same way and differ only in their elevators.
 */
export function chooseElevator(plan: Plan, choice: ElevatorChoice): Elevator {
  if (process.getuid?.() === 0 || process.platform === 'win32') return choice.direct;
  const userEngine = ['rootless', 'desktop', 'none'].includes(plan.engine.kind);
  const paths = plan.steps.flatMap((step) => ('path' in step ? [step.path] : []));
  if (userEngine && paths.every(writableByUser)) return choice.direct;
  if (choice.prompt) return choice.prompt;
  throw new DocksideError('needs-admin', paths.length === 0 ? 'plan.error.needs-admin.engine' : 'plan.error.needs-admin.files', { paths: paths.join(', ') });
}

function writableByUser(path: string): boolean {
  for (const candidate of [path, dirname(path)]) {
    try {
      accessSync(candidate, constants.W_OK);
      return true;
    } catch {
      // Missing file: its directory decides.
    }
  }
  return false;
}

/**
 * The desktop app's password prompt: pkexec on Linux where polkit provides it, so progress
 * streams while the elevated process runs; elsewhere (and without pkexec) `fallback`, the
 * platform's prompt through sudo-prompt, whose output arrives at the end.
 */
export function appPromptElevator(fallback: Elevator, platform: NodeJS.Platform = process.platform, pkexec = '/usr/bin/pkexec'): Elevator {
  if (platform !== 'linux') return fallback;
  try {
    accessSync(pkexec, constants.X_OK);
    return pkexecElevator(pkexec);
  } catch {
    return fallback;
  }
}
