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
const HELPERS = {
  dockside: join(HELPER_DIR, 'docker-credential-dockside'),
  secretservice: 'docker-credential-secretservice',
} as const;

export async function run(): Promise<void> {
  const keyring = await startKeyring();
  try {
    const env = { ...process.env, ...keyring.env };
    const credential = JSON.stringify({ ServerURL: SERVER, Username: 'bench', Secret: 'bench-secret' });
    for (const helper of Object.values(HELPERS)) {
      const stored = await runProgram(helper, ['store'], { env, input: credential });
      if (stored.code !== 0) throw new Error(`${helper} store: ${stored.stdout}${stored.stderr}`);
    }
    const samples: Record<keyof typeof HELPERS, number[]> = { dockside: [], secretservice: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of Object.keys(HELPERS) as Array<keyof typeof HELPERS>) {
        const started = performance.now();
        const got = await runProgram(HELPERS[name], ['get'], { env, input: SERVER });
        samples[name].push(performance.now() - started);
        if (got.code !== 0 || !got.stdout.includes('bench-secret')) throw new Error(`${name} get: ${got.stdout}${got.stderr}`);
      }
    }
    const dockside = median(samples.dockside);
    const secretservice = median(samples.secretservice);
    console.log(
      `credential helper get, median of ${ROUNDS}: docker-credential-dockside ${dockside.toFixed(1)} ms, docker-credential-secretservice ${secretservice.toFixed(1)} ms; dockside/secretservice ratio ${(dockside / secretservice).toFixed(2)}`,
    );
  } finally {
    await keyring.stop();
  }
}

