import type { X509Certificate } from 'node:crypto';
import { DocksideError } from '../errors';
import { parseCertificates, rfc3339 } from './certificate-info';
import { fetchUntrusted, holdsPrivateKey } from './fetch-untrusted';
import { isCaOrSelfSigned } from './police-ca-pem';

/**
 * `trust add --ca-url`: the CA a registry's front publishes (Nexus: `/download/ca.crt`), fetched
 * without trusting the server's certificate: that server is the one not trusted yet, and the
 * pinned fingerprint, not TLS, decides which certificate is installed.
 */

/**
 * The certificate at `url` whose SHA-256 is `pin` (`AB:CD:…`); the body may be DER, one PEM
 * certificate or a PEM bundle. The pinned one must be able to anchor a chain (a CA, or
 * self-signed) and be valid `now`.
 */
export async function fetchCaFromUrl(url: string, pin: string, options: { timeoutMs?: number; now?: Date } = {}): Promise<X509Certificate> {
  const fetched = await fetchUntrusted(url, { purpose: 'ca-url', timeoutMs: options.timeoutMs });
  const ca = pinned(certificatesOf(fetched.body, fetched.url), pin, fetched.url);
  checkAnchor(ca, fetched.url, options.now ?? new Date());
  return ca;
}

function certificatesOf(body: Buffer, url: string): X509Certificate[] {
  const text = body.toString('latin1');
  if (holdsPrivateKey(text)) throw new DocksideError('ca-url-private-key', 'tls.error.ca-url.private-key', { url });
  if (text.trimStart().startsWith('<')) throw new DocksideError('ca-url-not-certificate', 'tls.error.ca-url.html', { url });
  return parseCertificates(body, url);
}

function pinned(certificates: X509Certificate[], pin: string, url: string): X509Certificate {
  const match = certificates.find((certificate) => certificate.fingerprint256 === pin);
  if (match === undefined) {
    throw new DocksideError('fingerprint-mismatch', 'tls.error.ca-url.pin-not-found', { url, pin, fingerprints: certificates.map((c) => c.fingerprint256).join(', ') });
  }
  return match;
}

/** A server certificate is no CA, even pinned; a self-signed one is (seed registries serve one), as judge-chain and the elevated process count it. */
function checkAnchor(ca: X509Certificate, url: string, now: Date): void {
  const subject = ca.subject.replace(/\n/g, ', ');
  if (!isCaOrSelfSigned(ca)) {
    throw new DocksideError('ca-url-not-ca', 'tls.error.ca-url.not-ca', { url, subject, fingerprint: ca.fingerprint256 });
  }
  const notAfter = new Date(ca.validTo);
  if (now > notAfter) throw new DocksideError('ca-url-expired', 'tls.error.ca-url.expired', { url, subject, notAfter: rfc3339(notAfter) });
  const notBefore = new Date(ca.validFrom);
  if (now < notBefore) throw new DocksideError('ca-url-not-yet-valid', 'tls.error.ca-url.not-yet-valid', { url, subject, notBefore: rfc3339(notBefore) });
}
