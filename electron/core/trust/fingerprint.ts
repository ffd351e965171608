import { DocksideError } from '../errors';

/**
 * A pinned CA fingerprint as a user or a profile writes it: `sha256:HEX`, with or without the
 * `sha256:` prefix and the colons openssl puts between bytes, any case. Returns `AB:CD:...`,
 * the form X509Certificate.fingerprint256 and openssl print.
 */
export function parseFingerprint(text: string): string {
  const hex = text.trim().replace(/^sha256[:=]/i, '').replace(/:/g, '');
  if (!/^[0-9a-f]{64}$/i.test(hex)) {
    throw new DocksideError('invalid-fingerprint', 'tls.error.invalid-fingerprint', { fingerprint: JSON.stringify(text.slice(0, 120)) });
  }
  return hex.toUpperCase().replace(/(..)(?!$)/g, '$1:');
}
