import { type Message, msg } from '../../../../shared/message';
import { readBundle } from './bundle';
import type { OsStoreDeps, OsTrustStore } from './store';
import type { TlsValidator } from './tls-validates';

export interface OsTrustCheck {
  /** The registry whose connection must validate after an install; null: the store is checked alone (a rollback). */
  host: string | null;
  sha256: string;
  sha1: string;
  /** Whether the store must hold the CA (an install) or must not (a removal). */
  trusted: boolean;
}

export interface OsTrustVerdict {
  /** What is not as the change wanted; undefined when it is. */
  failure?: Message;
  /** What could not be checked, said as progress. */
  notes: Message[];
}

/**
 * Installed means verified (as mkcert decides it): the store holds the CA, and a TLS connection
 * to the registry validates against the platform bundle read explicitly. Removed: the store no
 * longer holds it. A registry that does not answer leaves the store's own answer standing.
 */
export async function verifyOsTrust(store: OsTrustStore, deps: OsStoreDeps, check: OsTrustCheck, validates: TlsValidator): Promise<OsTrustVerdict> {
  const where = store.bundlePath ?? store.kind;
  const holds = await store.holds(check, deps);
  const fingerprint = check.sha256;
  if (check.trusted && !holds) return { failure: msg('tls.error.os-store.not-in-store', { fingerprint, store: where }), notes: [] };
  if (!check.trusted) return holds ? { failure: msg('tls.error.os-store.still-in-store', { fingerprint, store: where }), notes: [] } : { notes: [] };
  if (check.host === null || store.bundlePath === null) return { notes: [] };
  const result = await validates(check.host, await readBundle(store.bundlePath));
  if (result.kind === 'valid') return { notes: [msg('tls.os-store.progress.validated', { registry: check.host, bundle: store.bundlePath })] };
  if (result.kind === 'unreachable') return { notes: [msg('tls.os-store.progress.unreachable', { registry: check.host, reason: result.reason, bundle: store.bundlePath })] };
  return { failure: msg('tls.error.os-store.not-validated', { registry: check.host, bundle: store.bundlePath, reason: result.reason }), notes: [] };
}
