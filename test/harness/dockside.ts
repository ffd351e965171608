import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type RunResult, run } from './run';

/** The built `dockside` CLI (electron-vite build puts it beside main): tests run what ships. */
export const CLI_PATH = join(import.meta.dirname, '..', '..', 'out', 'main', 'cli.js');
/** The privileged entry the CLI hands plans to. */
export const PRIVILEGED_PATH = join(import.meta.dirname, '..', '..', 'out', 'main', 'privileged.js');

export function dockside(args: string[], env: NodeJS.ProcessEnv, options: { input?: string; timeoutMs?: number } = {}): Promise<RunResult> {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` first`);
  return run(process.execPath, [CLI_PATH, ...args], { env, input: options.input, timeoutMs: options.timeoutMs ?? 180_000 });
}

/** Where `npm run build` puts the docker-credential-dockside launcher: on PATH, Docker finds it. */
export const HELPER_DIR = join(import.meta.dirname, '..', '..', 'out', 'bin');

/**
 * What a developer's shell has for the CLI and the docker CLI: the isolated dockerd, the
 * keyring's session bus, their own HOME and DOCKER_CONFIG, the helper on PATH, an isolated
 * Dockside state dir, and Dockside's own credential store (native-helper.test.ts drops that).
 */
export function userEnv(parts: { dockerd: { env: NodeJS.ProcessEnv; pidfile: string }; keyring: { env: Readonly<Record<string, string>> }; home: string; dockerConfig: string; stateDir: string }): NodeJS.ProcessEnv {
  return {
    ...parts.dockerd.env,
    ...parts.keyring.env,
    HOME: parts.home,
    DOCKER_CONFIG: parts.dockerConfig,
    PATH: `${HELPER_DIR}:${process.env.PATH ?? ''}`,
    DOCKSIDE_ENGINE: `pidfile:${parts.dockerd.pidfile}`,
    DOCKSIDE_STATE_DIR: parts.stateDir,
    // The tests of Dockside's own store keep testing it: docker-credential-secretservice in /usr/bin works here.
    DOCKSIDE_CREDENTIAL_STORE: 'dockside',
  };
}
