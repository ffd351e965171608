import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { HELPER_DIR } from '../test/harness/dockside';
import { startKeyring } from '../test/harness/keyring';
import { run as runProgram } from '../test/harness/run';
import { median } from './median';

// What `docker pull` pays per registry request for its credentials: the median latency of
// `get` through docker-credential-dockside (Node, Dockside's keychain entries) and through
// docker-credential-secretservice (Go, Docker's own helper), against the same gnome-keyring,
// interleaved so both share the machine's noise. Needs the packages of scripts/test.sh and a
// build (`npm run build` writes out/bin/docker-credential-dockside).
const ROUNDS = 30;
const SERVER = 'bench.dockside.test:5000';
const REPO = join(import.meta.dirname, '..');

interface Helper {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * The helper as the desktop package runs it (resources/launchers: the app's Electron as Node on
 * the same file), when this checkout has an Electron binary; otherwise why not.
 */
function electronHelper(): Helper | string {
  const electronDir = join(REPO, 'node_modules', 'electron');
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return 'no Electron binary here (node_modules/electron has no path.txt: installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1)';
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return `no Electron binary at ${binary}`;
  return { command: binary, args: [join(REPO, 'out', 'main', 'credential-helper.cjs')], env: { ELECTRON_RUN_AS_NODE: '1' } };
}

export async function run(): Promise<void> {
  const keyring = await startKeyring();
  try {
    const env = { ...process.env, ...keyring.env };
    const electron = electronHelper();
    const helpers: Record<string, Helper> = {
      dockside: { command: join(HELPER_DIR, 'docker-credential-dockside'), args: [] },
      secretservice: { command: 'docker-credential-secretservice', args: [] },
      ...(typeof electron === 'string' ? {} : { 'dockside (desktop package)': electron }),
    };
    const credential = JSON.stringify({ ServerURL: SERVER, Username: 'bench', Secret: 'bench-secret' });
    for (const [name, helper] of Object.entries(helpers).slice(0, 2)) {
      const stored = await runProgram(helper.command, [...helper.args, 'store'], { env, input: credential });
      if (stored.code !== 0) throw new Error(`${name} store: ${stored.stdout}${stored.stderr}`);
    }
    const samples: Record<string, number[]> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, helper] of Object.entries(helpers)) {
        const started = performance.now();
        const got = await runProgram(helper.command, [...helper.args, 'get'], { env: { ...env, ...helper.env }, input: SERVER });
        (samples[name] ??= []).push(performance.now() - started);
        if (got.code !== 0 || !got.stdout.includes('bench-secret')) throw new Error(`${name} get: ${got.stdout}${got.stderr}`);
      }
    }
    const secretservice = median(samples.secretservice ?? []);
    for (const [name, times] of Object.entries(samples)) {
      if (name === 'secretservice') continue;
      const ms = median(times);
      console.log(
        `credential helper get, median of ${ROUNDS}: ${name} ${ms.toFixed(1)} ms, docker-credential-secretservice ${secretservice.toFixed(1)} ms; ratio ${(ms / secretservice).toFixed(2)} (goal <= 4.5): ${ms / secretservice <= 4.5 ? 'ok' : 'OVER'}`,
      );
    }
    if (typeof electron === 'string') console.log(`the helper as the desktop package runs it (Electron as Node): skipped, ${electron}`);
  } finally {
    await keyring.stop();
  }
}

