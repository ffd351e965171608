import type { IncomingHttpHeaders } from 'node:http';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { Agent, type Dispatcher, request } from 'undici';
import { msg } from '../../../shared/message';
import { errorMessage } from '../errors';
import { connectionError, safeUrl } from '../registry/registry-client';
import { type CappedBody, countAtMost, readAtMost, SMALL_BODY_CAP_BYTES } from '../registry/capped-body';
import { ProbeFailure } from './probe-failure';

/**
 * The HTTP side of probing one candidate: GETs under the candidate's one AbortSignal, redirects
 * followed by hand (at most 3 hops, http(s) only: a registry's blob 307 to a CDN is normal),
 * bodies read only through a cap, and every failure turned into a ProbeFailure whose reason
 * says what to do.
 */

const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface Reply {
  /** Where the answer came from, after redirects. */
  url: URL;
  status: number;
  headers: IncomingHttpHeaders;
  /** Unread: read it through ProbeHttp (read, count or discard), which caps it. */
  body: Dispatcher.ResponseData['body'];
}

/**
 * Trust for https candidates: Node's bundled roots plus the caller's CAs (NODE_EXTRA_CA_CERTS is
 * not among them once CAs are given: pass those in too). Built once per run
 * and shared: a context of ~150 roots costs ~20 ms of CPU, too much to spend per connection
 * while other candidates are being timed.
 */
export function trustContext(extraCas: string[] | undefined): SecureContext | undefined {
  return extraCas ? createSecureContext({ ca: [...rootCertificates, ...extraCas] }) : undefined;
}

export interface ProbeHttpOptions {
  secureContext: SecureContext | undefined;
  /** Undici's own connect, headers and body timeouts: a backstop, the signal is what ends a probe on time. */
  timeoutMs: number;
  /** Aborted with a ProbeFailure (the timeout's reason) when the candidate's time is up. */
  signal: AbortSignal;
}

export class ProbeHttp {
  // One Agent per candidate, destroyed with it: undici keeps a pool per origin inside it and
  // takes each connection's TLS server name from the URL's host.
  private readonly agent: Agent;

  constructor(private readonly options: ProbeHttpOptions) {
    const { secureContext, timeoutMs } = options;
    this.agent = new Agent({
      connect: { timeout: timeoutMs, ...(secureContext ? { secureContext } : {}) },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  }

  /** GET `url`; the body is left unread. */
  async get(url: URL, headers: Record<string, string> = {}): Promise<Reply> {
    let current = url;
    for (let hops = 0; ; hops++) {
      // Credentials go only to the origin they were meant for: a blob redirected to a CDN
      // carries its own signature in the URL, and storage services refuse a second one.
      const sent = current.origin === url.origin ? headers : withoutAuthorization(headers);
      const target = current;
      const response = await this.guarded(target, () => request(target, { method: 'GET', dispatcher: this.agent, signal: this.options.signal, headers: sent }));
      const location = REDIRECT_STATUSES.has(response.statusCode) ? response.headers.location : undefined;
      const reply: Reply = { url: current, status: response.statusCode, headers: response.headers, body: response.body };
      if (typeof location !== 'string') return reply;
      await this.discard(reply);
      const next = redirectTarget(location, current);
      if (hops === MAX_REDIRECTS) {
        throw new ProbeFailure('error', msg('probe.verdict.error.redirect-loop', { url: safeUrl(url), max: MAX_REDIRECTS, next: safeUrl(next) }));
      }
      current = next;
    }
  }

  /** The body, at most `cap` bytes of it. */
  read(reply: Reply, cap: number): Promise<CappedBody> {
    return this.guarded(reply.url, () => readAtMost(reply.body, cap));
  }

  /** How many bytes of the body arrived, counting up to `cap`. */
  count(reply: Reply, cap: number): Promise<number> {
    return this.guarded(reply.url, () => countAtMost(reply.body, cap));
  }

  /** Drops the body, reading a little of it so that a short one leaves the connection reusable. */
  async discard(reply: Reply): Promise<void> {
    await this.count(reply, SMALL_BODY_CAP_BYTES);
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }

  private async guarded<T>(url: URL, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const { signal, timeoutMs } = this.options;
      // Undici rejects with the signal's reason: the timeout, worded by the prober.
      if (signal.aborted && signal.reason instanceof ProbeFailure) throw signal.reason;
      throw connectionFailure(error, url, timeoutMs);
    }
  }
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
}

function redirectTarget(location: string, from: URL): URL {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new ProbeFailure('error', msg('probe.verdict.error.redirect-not-url', { url: safeUrl(from), location: JSON.stringify(location.slice(0, 200)) }));
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new ProbeFailure('error', msg('probe.verdict.error.redirect-scheme', { url: safeUrl(from), scheme: next.protocol }));
  }
  return next;
}

// registry-client's codes for what undici throws, as probe statuses.
const STATUS_BY_CODE: Record<string, ProbeFailure['status']> = {
  timeout: 'timeout',
  'connection-refused': 'unreachable',
  'host-not-found': 'unreachable',
  'unknown-ca': 'tls-error',
};
const NO_ROUTE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);

function connectionFailure(error: unknown, url: URL, timeoutMs: number): ProbeFailure {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NO_ROUTE_CODES.has(code)) {
    return new ProbeFailure('unreachable', msg('probe.verdict.unreachable.no-route', { host: url.host, code }));
  }
  const mapped = connectionError(error, url, timeoutMs);
  if (mapped.code === 'not-tls') {
    // The registry client's advice (insecure-registries) is for registries; a mirror is simply written as http://.
    return new ProbeFailure('tls-error', msg('probe.verdict.tls-error.not-tls', { host: url.host }));
  }
  // The registry client's own sentence (its catalog key) is the verdict.
  return new ProbeFailure(STATUS_BY_CODE[mapped.code] ?? 'error', errorMessage(mapped));
}
