import { type ClientRequest, type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { DocksideError } from '../errors';

/**
 * One GET of a certificate from a server nobody trusts yet (`--ca-url`, a leaf's AIA caIssuers
 * URL): the TLS certificate is not checked because a pin or a signature checks what comes back.
 * Capped at 64 KiB, 3 redirects within the same host, and a timeout.
 */

export const CERT_FETCH_MAX_BYTES = 64 * 1024;
export const CERT_FETCH_MAX_REDIRECTS = 3;
export const CERT_FETCH_TIMEOUT_MS = 10_000;

const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** A body that carries a private key is refused whole, by name: a published CA never comes with its key. */
export function holdsPrivateKey(text: string): boolean {
  return PRIVATE_KEY.test(text);
}

/** Whose URL it is, for the refusals' codes and sentences: `ca-url-…` (`tls.error.ca-url.…`) or `aia-…` (`tls.error.aia.…`). */
export type FetchPurpose = 'ca-url' | 'aia';

export interface Fetched {
  /** Where the body came from, after redirects. */
  url: string;
  body: Buffer;
}

interface Response {
  status: number;
  location: string | undefined;
  body: Buffer;
}

type Refusal = 'invalid' | 'redirect-host' | 'redirects' | 'status' | 'timeout' | 'unreachable' | 'too-big';

function refuse(purpose: FetchPurpose, refusal: Refusal, params: Record<string, string | number>): DocksideError {
  const code = refusal === 'invalid' ? `invalid-${purpose === 'aia' ? 'aia-url' : purpose}` : `${purpose}-${refusal}`;
  return new DocksideError(code, `tls.error.${purpose}.${refusal}`, params);
}

/** The body at `url` (http or https), following same-host redirects. */
export async function fetchUntrusted(url: string, options: { purpose: FetchPurpose; timeoutMs?: number }): Promise<Fetched> {
  const { purpose } = options;
  const timeoutMs = options.timeoutMs ?? CERT_FETCH_TIMEOUT_MS;
  const start = parseUrl(url, purpose);
  let current = start;
  for (let redirects = 0; ; redirects++) {
    const response = await getOnce(current, timeoutMs, purpose);
    if (response.status >= 300 && response.status < 400 && response.location !== undefined) {
      const next = new URL(response.location, current);
      if (next.hostname !== start.hostname) throw refuse(purpose, 'redirect-host', { url, from: start.hostname, to: next.hostname });
      if (redirects + 1 > CERT_FETCH_MAX_REDIRECTS) throw refuse(purpose, 'redirects', { url, max: CERT_FETCH_MAX_REDIRECTS });
      current = parseUrl(next.href, purpose);
      continue;
    }
    if (response.status < 200 || response.status >= 300) throw refuse(purpose, 'status', { url: current.href, status: response.status });
    return { url: current.href, body: response.body };
  }
}

function parseUrl(text: string, purpose: FetchPurpose): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refuse(purpose, 'invalid', { url: text });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse(purpose, 'invalid', { url: text });
  return url;
}

function getOnce(url: URL, timeoutMs: number, purpose: FetchPurpose): Promise<Response> {
  return new Promise((resolve, reject) => {
    const fail = (error: DocksideError): void => {
      request.destroy();
      reject(error);
    };
    const tooBig = (): DocksideError => refuse(purpose, 'too-big', { url: url.href, max: CERT_FETCH_MAX_BYTES / 1024 });
    // detail: the system's own words (ECONNREFUSED, ENOTFOUND), quoted
    const unreachable = (error: Error): DocksideError => refuse(purpose, 'unreachable', { url: url.href, detail: error.message });
    const onResponse = (response: IncomingMessage): void => {
      const declared = Number(response.headers['content-length'] ?? 0);
      if (declared > CERT_FETCH_MAX_BYTES) return fail(tooBig());
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > CERT_FETCH_MAX_BYTES) return fail(tooBig());
        chunks.push(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, location: response.headers.location, body: Buffer.concat(chunks) }));
      response.on('error', (error) => fail(unreachable(error)));
    };
    // The server is not trusted yet: the pin (or the issuer's signature) checks what it sends.
    const request: ClientRequest = url.protocol === 'https:' ? httpsRequest(url, { rejectUnauthorized: false }, onResponse) : httpRequest(url, onResponse);
    request.setTimeout(timeoutMs, () => fail(refuse(purpose, 'timeout', { url: url.href, seconds: timeoutMs / 1000 })));
    request.on('error', (error) => reject(unreachable(error)));
    request.end();
  });
}
