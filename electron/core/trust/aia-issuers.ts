import { X509Certificate } from 'node:crypto';
import { DocksideError } from '../errors';
import { isSelfSigned, issued, parseCertificates } from './certificate-info';
import { fetchUntrusted, holdsPrivateKey } from './fetch-untrusted';
import { looksLikePkcs7, pkcs7Certificates } from './pkcs7-certificates';

/**
 * A leaf's Authority Information Access caIssuers URLs, followed up to the root when the server
 * does not send its CA: each URL is fetched untrusted (often plain http), and a certificate
 * counts only when its key verifies the previous one's signature. The pin, later, decides
 * whether the root found is the CA to install.
 */

/** How many certificates may be fetched one after the other (leaf's issuer, its issuer, …). */
export const AIA_MAX_HOPS = 4;

const CA_ISSUERS = 'CA Issuers - URI:';
const PKCS7_PEM = /-----BEGIN PKCS7-----([A-Za-z0-9+/=\s]*)-----END PKCS7-----/;

export interface AiaFollowed {
  /** Every caIssuers URL fetched, in order. */
  urls: string[];
  /** The issuers found, nearest first; the last is the root when `error` is null. */
  issuers: X509Certificate[];
  /** Why following stopped before a self-signed root. */
  error: DocksideError | null;
}

/**
 * The http(s) caIssuers URLs `cert` names. Node writes infoAccess as text, one access
 * description a line; a value with characters that would break that text is a JSON string.
 */
export function caIssuersUrls(cert: X509Certificate): string[] {
  const urls: string[] = [];
  for (const line of (cert.infoAccess ?? '').split('\n')) {
    if (!line.startsWith(CA_ISSUERS)) continue;
    const value = unquote(line.slice(CA_ISSUERS.length));
    if (value !== null && /^https?:\/\//i.test(value)) urls.push(value);
  }
  return urls;
}

function unquote(value: string): string | null {
  if (!value.startsWith('"')) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

/** What a caIssuers URL may serve: one DER certificate, PEM certificates, or a certs-only PKCS#7 (`.p7c`) in DER or PEM. */
export function issuerCertificates(body: Buffer, url: string): X509Certificate[] {
  const text = body.toString('latin1');
  if (holdsPrivateKey(text)) throw new DocksideError('aia-private-key', 'tls.error.aia.private-key', { url });
  const pem = PKCS7_PEM.exec(text);
  const der = pem ? Buffer.from(pem[1] ?? '', 'base64') : body;
  if (pem || looksLikePkcs7(der)) return fromPkcs7(der, url);
  try {
    return parseCertificates(body, url);
  } catch {
    throw new DocksideError('aia-not-certificate', 'tls.error.aia.not-certificate', { url });
  }
}

function fromPkcs7(der: Buffer, url: string): X509Certificate[] {
  try {
    const certificates = pkcs7Certificates(der).map((raw) => new X509Certificate(raw));
    if (certificates.length > 0) return certificates;
  } catch {
    // Refused below, by name, like any other body that holds no certificate.
  }
  throw new DocksideError('aia-not-certificate', 'tls.error.aia.not-certificate', { url });
}

/** Names, signature, and OpenSSL's own issuer check (key identifiers, keyCertSign): a fetched issuer must pass all. */
function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  return issued(parent, child) && child.checkIssued(parent);
}

/**
 * From the leaf up: an issuer the server sent is taken from `chain`, a missing one fetched from
 * the caIssuers URLs of the certificate it should have issued. Null when no URL was needed or
 * none was named.
 */
export async function followCaIssuers(chain: X509Certificate[], options: { timeoutMs?: number } = {}): Promise<AiaFollowed | null> {
  const [leaf, ...sent] = chain;
  if (leaf === undefined) return null;
  const urls: string[] = [];
  const issuers: X509Certificate[] = [];
  const seen = new Set([leaf.fingerprint256]);
  let error: DocksideError | null = null;
  for (let current = leaf, hops = 0; !isSelfSigned(current); ) {
    const fromChain = sent.find((cert) => !seen.has(cert.fingerprint256) && issued(cert, current));
    const candidates = fromChain ? [] : caIssuersUrls(current);
    if (!fromChain && candidates.length === 0) break;
    if (!fromChain && hops === AIA_MAX_HOPS) {
      error = new DocksideError('aia-too-many-hops', 'tls.error.aia.too-many-hops', { max: AIA_MAX_HOPS });
      break;
    }
    const next = fromChain ?? (await fetchIssuer(current, candidates, urls, options.timeoutMs));
    if (next instanceof DocksideError) {
      error = next;
      break;
    }
    if (seen.has(next.fingerprint256)) break;
    seen.add(next.fingerprint256);
    if (!fromChain) {
      hops++;
      issuers.push(next);
    }
    current = next;
  }
  return urls.length === 0 ? null : { urls, issuers, error };
}

/** The first of `candidates` that serves the issuer of `child`; else why the last one did not. */
async function fetchIssuer(child: X509Certificate, candidates: string[], urls: string[], timeoutMs: number | undefined): Promise<X509Certificate | DocksideError> {
  let failure: DocksideError | null = null;
  for (const url of candidates) {
    urls.push(url);
    try {
      const fetched = await fetchUntrusted(url, { purpose: 'aia', timeoutMs });
      const issuer = issuerCertificates(fetched.body, fetched.url).find((cert) => issuedBy(child, cert));
      if (issuer) return issuer;
      failure = new DocksideError('aia-not-issuer', 'tls.error.aia.not-issuer', { url, subject: child.subject.replace(/\n/g, ', ') });
    } catch (error) {
      if (!(error instanceof DocksideError)) throw error;
      failure = error;
    }
  }
  return failure ?? new DocksideError('aia-not-issuer', 'tls.error.aia.not-issuer', { url: candidates.join(', '), subject: child.subject.replace(/\n/g, ', ') });
}
