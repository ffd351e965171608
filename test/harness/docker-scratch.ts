import { existsSync, mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CertificateAuthority } from './certs';
import { installCa } from './certs-d';
import type { Dockerd } from './dockerd';
import { run } from './run';

/** The machine's certs.d: rootful dockerd reads nothing else. */
export const CERTS_D = '/etc/docker/certs.d';

/** The docker CLI against `env`'s engine; throws with its output on a non-zero exit. */
export async function dockerOk(env: NodeJS.ProcessEnv, args: string[]): Promise<void> {
  const result = await run('docker', args, { env, timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`docker ${args.join(' ')} exited ${result.code}: ${result.stdout}${result.stderr}`);
}

/** The seed image (seed-image.ts) pushed as `ref`, and the local tag dropped again: the registry holds it, dockerd does not. */
export async function pushSeedAs(env: NodeJS.ProcessEnv, ref: string): Promise<void> {
  for (const args of [['tag', 'dockside-seed:1', ref], ['push', ref], ['rmi', ref]]) await dockerOk(env, args);
}

/**
 * Runs `body` with the registry's CA in certs.d and a login in a scratch docker config (to seed
 * an image, or prove a layout), then takes both away again (dockerd reads certs.d per connection,
 * no restart; the config dir is deleted), so what the test drives next starts untrusted and signed out.
 */
export async function withScratchTrustAndLogin(
  dockerd: Dockerd,
  { registry, ca, username, password, scratch }: { registry: string; ca: CertificateAuthority; username: string; password: string; scratch: string },
  body: (env: NodeJS.ProcessEnv) => Promise<void>,
): Promise<void> {
  const installed = installCa(registry, ca.pem);
  mkdirSync(scratch);
  try {
    // An entry for the registry already there keeps the CLI on the file store: with no auth at
    // all in config.json it would pick docker-credential-secretservice and write to the keyring.
    writeFileSync(join(scratch, 'config.json'), JSON.stringify({ auths: { [registry]: {} } }));
    const env = { ...dockerd.env, DOCKER_CONFIG: scratch };
    const login = await run('docker', ['login', registry, '-u', username, '--password-stdin'], { env, input: password, timeoutMs: 60_000 });
    if (login.code !== 0) throw new Error(`docker login ${registry} exited ${login.code}: ${login.stdout}${login.stderr}`);
    await body(env);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    installed.remove();
  }
}

/**
 * The cleanup of a certs.d directory Dockside may create: removed with its files, then
 * /etc/docker/certs.d and /etc/docker if they did not exist when it was registered and are empty.
 */
export function removeCertsD(certsDDir: string): () => void {
  const missingParents = [CERTS_D, '/etc/docker'].filter((parent) => !existsSync(parent));
  if (existsSync(certsDDir)) throw new Error(`${certsDDir} already exists: not this run's, so not touched`);
  const onExit = (): void => rmSync(certsDDir, { recursive: true, force: true });
  // Last resort when the run dies before cleanup(): dockerd would go on trusting this CA.
  process.once('exit', onExit);
  return () => {
    process.off('exit', onExit);
    rmSync(certsDDir, { recursive: true, force: true });
    for (const parent of missingParents) {
      try {
        rmdirSync(parent);
      } catch {
        // Not empty (another test's CA, or the machine's files) or already gone.
      }
    }
  };
}
