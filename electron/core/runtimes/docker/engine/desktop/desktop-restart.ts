import { type Message, msg } from '../../../../../../shared/message';
import { errorMessage } from '../../../../errors';
import { waitForEngine } from '../wait-for-engine';
import { type DockerTarget, runDocker } from '../docker-cli';
import { outputDetail } from '../../../../platform/command-output';

/** `docker desktop restart` waits until Desktop is back (its default); a VM start can take minutes. */
const RESTART_TIMEOUT_MS = 300_000;
const ENGINE_BACK_TIMEOUT_MS = 120_000;

/** Whether this docker CLI can restart Docker Desktop itself (the Desktop CLI plugin, Desktop 4.37+). */
export type DesktopRestartSupport =
  | { available: true }
  /** `no-docker`: no docker CLI; `no-desktop-cli`: the docker CLI has no `desktop` command; `unrecognised`: an answer Dockside cannot read. */
  | { available: false; reason: 'no-docker' | 'no-desktop-cli' | 'unrecognised'; detail: string };

/**
 * Asks `docker desktop restart --help`, which never restarts anything. The Desktop plugin
 * answers with its own usage line; a docker CLI without it prints the root usage (exit 0, docker
 * 28 and older alike) or, for the command itself, "docker: unknown command: docker desktop"
 * (28+) or "docker: 'desktop' is not a docker command." (before 28).
 */
export async function detectDesktopRestart(target: DockerTarget): Promise<DesktopRestartSupport> {
  const result = await runDocker(target, ['desktop', 'restart', '--help']);
  const text = `${result.stdout}\n${result.stderr}`;
  if (result.code === 127) return { available: false, reason: 'no-docker', detail: outputDetail(result.stderr) };
  if (result.code === 0 && /^Usage:\s+docker desktop restart\b/m.test(text)) return { available: true };
  if (/unknown command: docker desktop\b|'desktop' is not a docker command|^Usage:\s+docker \[OPTIONS\] COMMAND/m.test(text)) {
    return { available: false, reason: 'no-desktop-cli', detail: '' };
  }
  return { available: false, reason: 'unrecognised', detail: outputDetail(text) || `exit ${result.code}` };
}

export type DesktopRestartOutcome =
  /** Restarted and the engine answers again. */
  | { state: 'restarted'; message: Message }
  /** The user said no: `message` tells them to restart it by hand. */
  | { state: 'declined'; message: Message }
  /** This CLI cannot: `message` is the instruction to restart it by hand. */
  | { state: 'manual'; message: Message }
  | { state: 'failed'; message: Message };

/**
 * After the CA went into ~/.docker/certs.d and the user's store: Docker Desktop reads both only
 * when it starts. Runs `docker desktop restart` when the CLI has it and `ask` says yes (a
 * restart stops the running containers), then waits for the engine; otherwise returns the
 * instruction to restart Docker Desktop by hand.
 */
export async function restartDockerDesktop(target: DockerTarget, ask: (question: Message) => Promise<boolean>): Promise<DesktopRestartOutcome> {
  const support = await detectDesktopRestart(target);
  if (!support.available) return { state: 'manual', message: msg('engine.desktop.restart.manual') };
  if (!(await ask(msg('engine.desktop.restart.ask')))) return { state: 'declined', message: msg('engine.desktop.restart.declined') };
  const result = await runDocker(target, ['desktop', 'restart'], RESTART_TIMEOUT_MS);
  if (result.code !== 0) {
    const detail = result.timedOut ? `timeout ${RESTART_TIMEOUT_MS / 1000} s` : outputDetail(`${result.stderr}\n${result.stdout}`) || `exit ${result.code}`;
    return { state: 'failed', message: msg('engine.desktop.restart.failed', { detail }) };
  }
  try {
    await waitForEngine(target, ENGINE_BACK_TIMEOUT_MS);
  } catch (error) {
    return { state: 'failed', message: errorMessage(error) };
  }
  return { state: 'restarted', message: msg('engine.desktop.restart.done') };
}

/** What the plan says before anything is written: Desktop must restart to read the CA. */
export function desktopRestartNeeded(): Message {
  return msg('engine.desktop.restart.needed');
}

