import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plan } from '../../shared/plan';
import { type Machine, resolveMachine } from '../core/machine';
import { chooseElevator } from '../core/plan/choose-elevator';
import { directElevator, type Elevator, sudoElevator, sudoNonInteractiveElevator } from '../core/plan/elevator';
import type { PrivilegedEntry } from '../core/plan/run-privileged';
import { type Exec, execProgram } from '../core/platform/exec';
import type { ParsedArgs } from './args';
import { messagesFor, pickLang } from './messages';
import { createOutput, type Output } from './output';

/** Everything a command needs: the machine (resolved once from flags, then the environment, then detection) and the terminal. */
export interface CliContext extends Machine {
  exec: Exec;
  out: Output;
  yes: boolean;
  /** A person is at a terminal to confirm (and to type a sudo password). */
  interactive: boolean;
  privileged: PrivilegedEntry;
  newId(): string;
  elevatorFor(plan: Plan): Elevator;
}

export async function createContext(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): Promise<CliContext> {
  const out = createOutput(args.flags.json, messagesFor(pickLang(args.globals.lang, env)));
  const machine = await resolveMachine(
    { engine: args.globals.engine, daemonJson: args.globals.daemonJson, certsDir: args.globals.certsDir, dockerConfig: args.globals.dockerConfig, helperDir: helperLauncherDir() },
    env,
  );
  const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  return {
    ...machine,
    exec: execProgram,
    out,
    yes: args.flags.yes,
    interactive,
    privileged: { runtime: process.execPath, script: fileURLToPath(new URL('./privileged.js', import.meta.url)) },
    newId: () => randomUUID(),
    elevatorFor: (plan) => chooseElevator(plan, { direct: directElevator, prompt: interactive ? sudoElevator : sudoNonInteractiveElevator }),
  };
}

/**
 * The directory of this installation's docker-credential-dockside: out/bin beside a built
 * checkout, the launchers folder of a packaged app. Said in the fix when PATH lacks it.
 */
function helperLauncherDir(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', 'bin'), join(here, '..', '..', '..', 'launchers')];
  return candidates.find((dir) => existsSync(join(dir, 'docker-credential-dockside'))) ?? null;
}
