import type { Plan } from '../../shared/plan';
import { DocksideError } from '../core/errors';
import type { Elevator } from '../core/plan/elevator';

// verbatim: the CLI commands that make the desktop app's elevated changes from a terminal
const TERMINAL_COMMANDS = ['sudo dockside trust add <host>', 'sudo dockside mirrors use <URL...>', 'sudo dockside profile apply <file|https-url>', 'sudo dockside rollback'];

/**
 * Under an AppImage (the runtime sets $APPIMAGE) the app runs from a FUSE mount only its user
 * can read: an elevated process started from process.execPath fails as root. So a plan that
 * needs the password prompt is refused before anything runs, saying what works instead; a
 * plan the direct elevator runs (the user's own files) goes ahead.
 */
export function refusingElevationInAppImage(choose: (plan: Plan) => Elevator, direct: Elevator, appImage: string | undefined): (plan: Plan) => Elevator {
  if (appImage === undefined || appImage === '') return choose;
  return (plan) => {
    const elevator = choose(plan);
    if (elevator === direct) return elevator;
    throw new DocksideError('appimage-elevation', 'desktop.error.appimage-elevation', { appImage, commands: TERMINAL_COMMANDS.join(', ') });
  };
}
