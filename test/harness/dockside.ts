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
