import { linuxStore } from './linux-store';
import type { OsTrustStore } from './store';

export const DEBIAN_ANCHORS_DIR = '/usr/local/share/ca-certificates';
export const DEBIAN_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/**
 * Debian and Ubuntu: `update-ca-certificates` links each `*.crt` of the local directory into
 * /etc/ssl/certs and rebuilds the bundle. It never unlinks a removed local file's links by
 * itself (it counts "0 removed"), so a removal refreshes with `--fresh`, which rebuilds them all.
 */
export function debianStore(): OsTrustStore {
  return linuxStore({
    kind: 'debian',
    anchorsDir: DEBIAN_ANCHORS_DIR,
    bundlePath: DEBIAN_BUNDLE,
    tool: 'update-ca-certificates',
    args: (changes) => (changes.some((change) => change.before !== null && change.after === null) ? ['--fresh'] : []),
    package: 'ca-certificates',
  });
}
