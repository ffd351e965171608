import type { X509Certificate } from 'node:crypto';
import { type ClientRequest, type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { DocksideError } from '../errors';
import { parseCertificates } from './certificate-info';

/**
 * `trust add --ca-url`: the CA a registry's front publishes (Nexus: `/download/ca.crt`), fetched
 * without trusting the server's certificate: that server is the one not trusted yet, and the
 * pinned fingerprint, not TLS, decides which certificate is installed.
 */

export const CA_URL_MAX_BYTES = 64 * 1024;
export const CA_URL_MAX_REDIRECTS = 3;
export const CA_URL_TIMEOUT_MS = 10_000;

const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

interface Response {
  status: number;
  location: string | undefined;
  body: Buffer;
}

/** The certificate at `url` whose SHA-256 is `pin` (`AB:CD:…`); the body may be DER, one PEM certificate or a PEM bundle. */
export async function fetchCaFromUrl(url: string, pin: string, options: { timeoutMs?: number } = {}): Promise<X509Certificate> {
  const timeoutMs = options.timeoutMs ?? CA_URL_TIMEOUT_MS;
  const start = parseUrl(url);
  let current = start;
  for (let redirects = 0; ; redirects++) {
    const response = await getOnce(current, timeoutMs);
    if (response.status >= 300 && response.status < 400 && response.location !== undefined) {
      const next = new URL(response.location, current);
      if (next.hostname !== start.hostname) throw new DocksideError('ca-url-redirect-host', 'tls.error.ca-url.redirect-host', { url, from: start.hostname, to: next.hostname });
      if (redirects + 1 > CA_URL_MAX_REDIRECTS) throw new DocksideError('ca-url-redirects', 'tls.error.ca-url.redirects', { url, max: CA_URL_MAX_REDIRECTS });
      current = parseUrl(next.href);
      continue;
    }
    if (response.status < 200 || response.status >= 300) throw new DocksideError('ca-url-status', 'tls.error.ca-url.status', { url: current.href, status: response.status });
    return pinned(certificatesOf(response.body, current.href), pin, current.href);
  }
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DocksideError('invalid-ca-url', 'tls.error.ca-url.invalid', { url: text });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new DocksideError('invalid-ca-url', 'tls.error.ca-url.invalid', { url: text });
  return url;
}

function certificatesOf(body: Buffer, url: string): X509Certificate[] {
  const text = body.toString('latin1');
  if (PRIVATE_KEY.test(text)) throw new DocksideError('ca-url-private-key', 'tls.error.ca-url.private-key', { url });
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

function getOnce(url: URL, timeoutMs: number): Promise<Response> {
  return new Promise((resolve, reject) => {
    const fail = (error: DocksideError): void => {
      request.destroy();
      reject(error);
    };
    const onResponse = (response: IncomingMessage): void => {
      const declared = Number(response.headers['content-length'] ?? 0);
      if (declared > CA_URL_MAX_BYTES) return fail(tooBig(url));
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > CA_URL_MAX_BYTES) return fail(tooBig(url));
        chunks.push(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, location: response.headers.location, body: Buffer.concat(chunks) }));
      response.on('error', (error) => fail(unreachable(url, error)));
    };
    // The server is not trusted yet: the pin checks what it sends.
    const request: ClientRequest = url.protocol === 'https:' ? httpsRequest(url, { rejectUnauthorized: false }, onResponse) : httpRequest(url, onResponse);
    request.setTimeout(timeoutMs, () => fail(new DocksideError('ca-url-timeout', 'tls.error.ca-url.timeout', { url: url.href, seconds: timeoutMs / 1000 })));
    request.on('error', (error) => reject(unreachable(url, error)));
    request.end();
  });
}

function tooBig(url: URL): DocksideError {
  return new DocksideError('ca-url-too-big', 'tls.error.ca-url.too-big', { url: url.href, max: CA_URL_MAX_BYTES / 1024 });
}

function unreachable(url: URL, error: Error): DocksideError {
  // detail: the system's own words (ECONNREFUSED, ENOTFOUND), quoted
  return new DocksideError('ca-url-unreachable', 'tls.error.ca-url.unreachable', { url: url.href, detail: error.message });
}
