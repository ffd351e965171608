import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import './exit';
import { uniqueSuffix } from './tmp';

/**
 * Test host names in /etc/hosts, read by Node's getaddrinfo and by dockerd's Go resolver
 * alike (nsswitch "hosts: files dns"). Names map to ::1 by default: Docker treats
 * 127.0.0.0/8 as an insecure registry, ::1 not, so TLS trust is really exercised.
 *
 * The file is edited in place, never replaced: it may be a bind mount, which a rename would
 * not go through. Each line carries a marker with this process's pid and a random id, so
 * removal deletes exactly the lines this call added and nothing a person or another run wrote.
 */
const HOSTS_FILE = '/etc/hosts';

/**
 * Go's resolver (dockerd, docker-registry) keeps /etc/hosts for 5 s after each read without
 * looking at it again: a Go process that already resolved something may miss a new name
 * for that long. Node (getaddrinfo) sees it at once.
 */
const GO_HOSTS_CACHE_MS = 5_000;

export interface HostsMapping {
  readonly names: readonly string[];
  /**
   * Resolves once every Go process sees the names, at most 5 s after addHosts(). Needed only
   * for a Go daemon started before the mapping: one started after it reads the file fresh.
   */
  visibleToGo(): Promise<void>;
  /** Deletes this mapping's lines. Idempotent. */
  remove(): void;
}

const TEST_NAME = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+dockside\.test$/;

const active = new Set<HostsMapping>();

process.once('exit', () => {
  for (const mapping of active) mapping.remove();
});

export function addHosts(names: readonly string[], address: '::1' | '127.0.0.1' = '::1'): HostsMapping {
  for (const name of names) {
    if (!TEST_NAME.test(name)) throw new Error(`refusing to map ${JSON.stringify(name)}: only lower-case names under .dockside.test`);
  }
  const marker = `# dockside-test ${process.pid} ${uniqueSuffix()}`;
  const lines = names.map((name) => `${address}\t${name}\t${marker}`);
  const current = readFileSync(HOSTS_FILE, 'utf8');
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  appendFileSync(HOSTS_FILE, `${separator}${lines.join('\n')}\n`);
  const visibleAt = Date.now() + GO_HOSTS_CACHE_MS + 100;

  let removed = false;
  const mapping: HostsMapping = {
    names: [...names],
    visibleToGo: () => new Promise((resolve) => setTimeout(resolve, Math.max(0, visibleAt - Date.now()))),
    remove() {
      if (removed) return;
      const ours = new Set(lines);
      const kept = readFileSync(HOSTS_FILE, 'utf8')
        .split('\n')
        .filter((line) => !ours.has(line));
      writeFileSync(HOSTS_FILE, kept.join('\n'));
      removed = true;
      active.delete(mapping);
    },
  };
  active.add(mapping);
  return mapping;
}
