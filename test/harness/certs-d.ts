import { existsSync, mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import './exit';

/**
 * A registry CA in the machine's /etc/docker/certs.d/<host:port>/ca.crt: rootful dockerd
 * reads that fixed path whatever its flags, on every connection (no reload needed). Only
 * test names are accepted, and only what the harness created is removed.
 */
const ETC_DOCKER = '/etc/docker';
const CERTS_D = join(ETC_DOCKER, 'certs.d');

export interface InstalledCa {
  /** /etc/docker/certs.d/<host:port> */
  readonly dir: string;
  /** .../ca.crt */
  readonly file: string;
  /** Deletes `dir`, then /etc/docker/certs.d and /etc/docker if the harness created them and they are empty. Idempotent. */
  remove(): void;
}

const TEST_HOST_PORT = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+dockside\.test(:[0-9]{1,5})?$/;

/** The parents this process created: shared by all installs, removed once empty. */
const createdParents = new Set<string>();
const active = new Set<InstalledCa>();

process.once('exit', () => {
  for (const ca of active) ca.remove();
});

export function installCa(hostPort: string, caPem: string): InstalledCa {
  if (!TEST_HOST_PORT.test(hostPort)) {
    throw new Error(`refusing to install a CA for ${JSON.stringify(hostPort)}: only <name>.dockside.test[:port]`);
  }
  const dir = join(CERTS_D, hostPort);
  if (existsSync(dir)) throw new Error(`${dir} already exists: not created by this test, so not touched`);
  for (const parent of [ETC_DOCKER, CERTS_D]) {
    if (!existsSync(parent)) {
      mkdirSync(parent, { mode: 0o755 });
      createdParents.add(parent);
    }
  }
  mkdirSync(dir, { mode: 0o755 });
  const file = join(dir, 'ca.crt');
  writeFileSync(file, caPem, { mode: 0o644 });

  let removed = false;
  const ca: InstalledCa = {
    dir,
    file,
    remove() {
      if (removed) return;
      rmSync(dir, { recursive: true, force: true });
      removed = true;
      active.delete(ca);
      for (const parent of [CERTS_D, ETC_DOCKER]) {
        if (!createdParents.has(parent)) continue;
        try {
          rmdirSync(parent);
          createdParents.delete(parent);
        } catch {
          // Still holds another test's CA (or dockerd's files): left for the last remove().
        }
      }
    },
  };
  active.add(ca);
  return ca;
}
