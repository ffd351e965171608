import { linuxStore } from './linux-store';
import type { OsTrustStore } from './store';

export const RHEL_ANCHORS_DIR = '/etc/pki/ca-trust/source/anchors';
export const RHEL_BUNDLE = '/etc/pki/tls/certs/ca-bundle.crt';

/** RHEL, CentOS and Fedora: `update-ca-trust extract` rebuilds every extracted store from the anchors, removals included. */
export function rhelStore(): OsTrustStore {
  return linuxStore({ kind: 'rhel', anchorsDir: RHEL_ANCHORS_DIR, bundlePath: RHEL_BUNDLE, tool: 'update-ca-trust', args: () => ['extract'], package: 'ca-certificates' });
}
