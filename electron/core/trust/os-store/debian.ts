import { basename } from 'node:path';
import { linuxStore } from './linux-store';
import { toolFailed } from './run-tool';
import type { AnchorChange, OsStoreDeps, OsTrustStore } from './store';

export const DEBIAN_ANCHORS_DIR = '/usr/local/share/ca-certificates';
export const DEBIAN_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const ETC_CERTS_DIR = '/etc/ssl/certs';
const HOOKS_DIR = '/etc/ca-certificates/update.d';

/**
 * Debian and Ubuntu: `update-ca-certificates` links each `*.crt` of the local directory into
 * /etc/ssl/certs and rebuilds the bundle. A removed local file it never unlinks by itself (it
 * says "0 removed", and its hooks, Java's keystore among them, are never told), so a removal
 * refreshes with `--fresh`, which rebuilds every link, and then tells the hooks itself, as
 * update-ca-certificates would: `-/etc/ssl/certs/<name>.pem` on their stdin.
 */
export function debianStore(): OsTrustStore {
  const removed = (changes: readonly AnchorChange[]): AnchorChange[] => changes.filter((change) => change.before !== null && change.after === null);
  const store = linuxStore({
    kind: 'debian',
    anchorsDir: DEBIAN_ANCHORS_DIR,
    bundlePath: DEBIAN_BUNDLE,
    tool: 'update-ca-certificates',
    args: (changes) => (removed(changes).length > 0 ? ['--fresh'] : []),
    package: 'ca-certificates',
  });
  return {
    ...store,
    refresh: async (changes, deps) => {
      await store.refresh(changes, deps);
      await tellHooks(removed(changes), deps);
    },
  };
}

async function tellHooks(removed: readonly AnchorChange[], deps: OsStoreDeps): Promise<void> {
  if (removed.length === 0) return;
  const input = removed.map((change) => `-${ETC_CERTS_DIR}/${basename(change.path, '.crt')}.pem\n`).join('');
  for (const hook of deps.hooks(HOOKS_DIR)) {
    const result = await deps.exec(hook, [], { input, timeoutMs: 300_000 });
    if (result.code !== 0) throw toolFailed([hook], result);
  }
}
