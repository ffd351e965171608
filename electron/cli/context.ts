import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { languageFromEnv } from '../../shared/i18n/locale-env';
import { loadCatalog } from '../../shared/i18n/load-catalog';
import type { Plan } from '../../shared/plan';
import { type Machine, resolveMachine } from '../core/machine';
import { chooseElevator } from '../core/plan/choose-elevator';
import { directElevator, type Elevator, sudoElevator, sudoNonInteractiveElevator } from '../core/plan/elevator';
import { privilegedEntryIn } from '../core/plan/privileged-entry';
import type { PrivilegedEntry } from '../core/plan/run-privileged';
import { type Exec, execProgram } from '../core/platform/exec';
import type { ParsedArgs } from './args';
import { createOutput, type Output } from './output';

/** Everything a command needs: the machine (resolved once from flags, then the environment, then detection) and the terminal. */
export interface CliContext extends Machine {
  exec: Exec;
  out: Output;
  yes: boolean;
  /** A person is at a terminal to confirm (and to type a sudo password). */
  interactive: boolean;
  privileged: PrivilegedEntry;
  /** The public mirror catalog this installation ships (resources/mirrors.json). */
  catalogPath: string;
  newId(): string;
  elevatorFor(plan: Plan): Elevator;
}

/**
 * `mainDir` is the directory of the CLI's entry file (out/main, in a checkout, an npm install
 * and app.asar alike): the one file whose place is fixed, where a bundled chunk's is not.
 */
export async function createContext(args: ParsedArgs, mainDir: string, env: NodeJS.ProcessEnv = process.env): Promise<CliContext> {
  const language = languageFromEnv(args.globals.lang, env);
  const out = createOutput(args.flags.json, language, await loadCatalog(language));
  const machine = await resolveMachine(
    { engine: args.globals.engine, daemonJson: args.globals.daemonJson, certsDir: args.globals.certsDir, dockerConfig: args.globals.dockerConfig, helperDir: helperLauncherDir(mainDir) },
    env,
  );
  const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  return {
    ...machine,
    exec: execProgram,
    out,
    yes: args.flags.yes,
    interactive,
    privileged: privilegedEntryIn(mainDir),
    catalogPath: join(mainDir, '..', '..', 'resources', 'mirrors.json'),
    newId: () => randomUUID(),
    elevatorFor: (plan) => chooseElevator(plan, { direct: directElevator, prompt: interactive ? sudoElevator : sudoNonInteractiveElevator }),
  };
}

/**
 * The directory of this installation's docker-credential-dockside: out/bin beside a built
 * checkout, the launchers folder of a packaged app. Said in the fix when PATH lacks it.
 */
function helperLauncherDir(mainDir: string): string | null {
  const candidates = [join(mainDir, '..', 'bin'), join(mainDir, '..', '..', '..', 'launchers')];
  return candidates.find((dir) => existsSync(join(dir, 'docker-credential-dockside'))) ?? null;
}
