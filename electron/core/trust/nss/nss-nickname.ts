import type { X509Certificate } from 'node:crypto';
import { readX509Fields } from '../x509-fields';

const MAX_NAME = 48;

/**
 * The nickname Dockside gives a CA in an NSS database: derived from the certificate alone, so
 * every registry that needs the same CA finds the same entry, and `certutil -L` shows whose it
 * is. NSS keeps a certificate's first nickname, so a CA someone added before keeps theirs.
 */
export function nssNickname(ca: X509Certificate): string {
  const prefix = ca.fingerprint256.replace(/:/g, '').slice(0, 16).toLowerCase();
  const name = (readX509Fields(ca.raw).commonName ?? '').replace(/[\p{C}]/gu, '').trim();
  const shown = [...name].slice(0, MAX_NAME).join('');
  return shown === '' ? `dockside ${prefix}` : `dockside ${prefix} ${shown}`;
}
