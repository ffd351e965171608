import { randomUUID } from 'node:crypto';
import { accessSync, constants, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineSpec } from '../../shared/engine';
import type { Plan } from '../../shared/plan';
import { createEngineControl, type EngineControl } from '../core/engine/control';
import { detectEngine, parseEngineOption } from '../core/engine/detect';
import type { DockerTarget } from '../core/engine/docker-cli';
import type { CredentialDeps } from '../core/credentials/secret-store';
import { osKeychain } from '../core/credentials/keychain';
import { DocksideError } from '../core/errors';
import { directElevator, type Elevator, sudoElevator } from '../core/plan/elevator';
import type { PrivilegedEntry } from '../core/plan/run-privileged';
import { defaultCertsDir, defaultDaemonJsonPath, enginePathEnv } from '../core/platform/engine-paths';
import { type Exec, execProgram } from '../core/platform/exec';
import { journalDirs } from '../core/plan/journal-dir';
import type { ParsedArgs } from './args';
import { messagesFor, pickLang } from './messages';
import { createOutput, type Output } from './output';

/** Everything a command needs, resolved once from flags, then the environment, then detection. */
export interface CliContext {
  exec: Exec;
  out: Output;
  yes: boolean;
  /** A person is at a terminal to confirm (and to type a sudo password). */
  interactive: boolean;
  engine: EngineSpec;
  engineControl: EngineControl;
  target: DockerTarget;
  daemonJsonPath: string;
  certsDir: string;
  journalDirs: string[];
  /** Where registry secrets go and how Docker finds them (DESIGN §2 Credentials). */
  credentials: CredentialDeps;
  privileged: PrivilegedEntry;
  newId(): string;
  elevatorFor(plan: Plan): Elevator;
}

export async function createContext(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): Promise<CliContext> {
  const out = createOutput(args.flags.json, messagesFor(pickLang(args.globals.lang, env)));
  const dockerHost = env.DOCKER_HOST || undefined;
  const chosen = parseEngineOption(args.globals.engine ?? env.DOCKSIDE_ENGINE ?? 'auto');
  const engine: EngineSpec = chosen
    ? { ...chosen, ...(dockerHost ? { dockerHost } : {}) }
    : await detectEngine({ exec: execProgram, platform: process.platform, dockerHost });
  const paths = enginePathEnv();
  const absolute = (value: string | undefined): string | undefined => (value ? resolve(value) : undefined);
  const daemonJsonPath = absolute(args.globals.daemonJson ?? env.DOCKSIDE_DAEMON_JSON) ?? defaultDaemonJsonPath(engine.kind, paths);
  const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  return {
    exec: execProgram,
    out,
    yes: args.flags.yes,
    interactive,
    engine,
    engineControl: createEngineControl(engine, { exec: execProgram }),
    target: { exec: execProgram, dockerHost },
    daemonJsonPath,
    certsDir: absolute(args.globals.certsDir ?? env.DOCKSIDE_CERTS_DIR) ?? defaultCertsDir(engine.kind, paths),
    journalDirs: journalDirs(),
    credentials: {
      configDir: absolute(args.globals.dockerConfig ?? env.DOCKER_CONFIG) ?? join(homedir(), '.docker'),
      exec: execProgram,
      env,
      keychain: osKeychain(),
      helperDir: helperLauncherDir(),
    },
    privileged: { runtime: process.execPath, script: fileURLToPath(new URL('./privileged.js', import.meta.url)) },
    newId: () => randomUUID(),
    elevatorFor: (plan) => chooseElevator(plan, interactive),
  };
}

/**
 * Root, or a plan whose files are the user's own and whose engine the user runs, needs no
 * elevation; otherwise sudo asks at the terminal. Without a terminal, say how to run it.
 */
function chooseElevator(plan: Plan, interactive: boolean): Elevator {
  if (process.getuid?.() === 0 || process.platform === 'win32') return directElevator;
  const userEngine = ['rootless', 'desktop', 'none'].includes(plan.engine.kind);
  const paths = plan.steps.flatMap((step) => ('path' in step ? [step.path] : []));
  if (userEngine && paths.every(writableByUser)) return directElevator;
  if (interactive) return sudoElevator;
  throw new DocksideError(
    'needs-admin',
    `${paths.join(', ') || 'The Docker engine'} needs administrator rights and there is no terminal to ask for a password. Run the command with sudo.`,
  );
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
