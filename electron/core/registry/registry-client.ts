import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { Agent, request } from 'undici';
import type { MessageCode } from '../../../shared/message';
import { DocksideError } from '../errors';
import { type Challenge, parseWwwAuthenticate } from './www-authenticate';
import { type BodyDeadline, type BodyStream, readAtMost, SMALL_BODY_CAP_BYTES } from './capped-body';
import { redactSecrets } from './redact';
import { tokenRealmFor } from './token-realm';

/**
 * The Registry API V2 handshake as `docker login` does it (FACTS §5): ping /v2/, then answer
 * the challenge it returns with Basic credentials or with a token from the Bearer realm, and
 * only a final 200 from /v2/ counts. A rejected password is never sent again: Nexus blocks a
 * user for 15 minutes after 3 failures (FACTS §6).
 */

export interface RegistryEndpoint {
  /** host[:port] as the user typed it (already validated elsewhere), IPv6 in brackets */
  hostPort: string;
  /** PEM CA certificates to trust in addition to nothing else: the registry's certs.d CAs plus the system roots (the caller passes both); undefined = Node's default roots */
  ca?: string[];
  /** For each connection, each response's headers, and each response's whole body (not only each pause in it). */
  timeoutMs: number;
  /** An insecure (plain HTTP) registry, as daemon.json's insecure-registries lets Docker reach it. */
  plainHttp?: boolean;
}

export interface LoginResult {
  /** 'basic' | 'bearer' | 'none' (the /v2/ endpoint answered 200 without asking for credentials) */
  scheme: 'basic' | 'bearer' | 'none';
  /** for bearer: the realm that issued the token */
  realm?: string;
}

export interface Credentials {
  username: string;
  password: string;
}

const MAX_DETAIL_CHARS = 200;

export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** What docker login does: GET https://<hostPort>/v2/, then check the credentials with the scheme the 401 challenge names. Never retries a rejected password. */
export async function verifyLogin(endpoint: RegistryEndpoint, credentials: Credentials): Promise<LoginResult> {
  const basic = basicAuthorization(credentials.username, credentials.password);
  // A server may echo what it was sent into the error body that a message quotes.
  const http = new RegistryHttp(endpoint, [credentials.password, basic.slice('Basic '.length)]);
  try {
    const ping = pingUrl(endpoint);
    const first = await http.get(ping);
    if (first.status === 200) return { scheme: 'none' };
    if (first.status !== 401) throw statusError(first, endpoint.hostPort, http.secrets);
    const challenge = chooseChallenge(first, endpoint.hostPort);
    if (challenge.scheme === 'bearer') return await loginWithToken(http, ping, challenge, credentials, endpoint.hostPort);
    return await loginWithBasic(http, ping, credentials, endpoint.hostPort);
  } catch (error) {
    // Whatever a message quotes (a server's words, a URL), no form of a secret survives in it.
    throw error instanceof DocksideError ? redactError(error, http.secrets) : error;
  } finally {
    await http.close();
  }
}

/**
 * Whether the registry asks for credentials: the scheme of the challenge its anonymous /v2/ ping
 * returns ('none' when it answers 200). Sends no credentials, so it costs no login attempt. A
 * Bearer realm no password may be sent to (an http:// realm for an https registry) is refused
 * here already, before anyone is asked for a password.
 */
export async function registryAuthScheme(endpoint: RegistryEndpoint): Promise<LoginResult['scheme']> {
  const http = new RegistryHttp(endpoint, []);
  try {
    const ping = pingUrl(endpoint);
    const first = await http.get(ping);
    if (first.status === 200) return 'none';
    if (first.status !== 401) throw statusError(first, endpoint.hostPort, http.secrets);
    const challenge = chooseChallenge(first, endpoint.hostPort);
    if (challenge.scheme !== 'bearer') return 'basic';
    tokenRealmFor(challenge.params.realm, ping, endpoint.hostPort);
    return 'bearer';
  } finally {
    await http.close();
  }
}

function pingUrl(endpoint: RegistryEndpoint): URL {
  return new URL(`${endpoint.plainHttp ? 'http' : 'https'}://${endpoint.hostPort}/v2/`);
}

async function loginWithBasic(http: RegistryHttp, ping: URL, credentials: Credentials, hostPort: string): Promise<LoginResult> {
  const reply = await http.get(ping, basicAuthorization(credentials.username, credentials.password));
  if (reply.status === 200) return { scheme: 'basic' };
  if (reply.status === 401 || reply.status === 403) throw rejected(reply, hostPort, credentials.username, http.secrets);
  throw statusError(reply, hostPort, http.secrets);
}

/** Checks the realm before anything is sent to it: the password goes to the realm only over https (or to an insecure registry's own host). */
async function loginWithToken(http: RegistryHttp, ping: URL, challenge: Challenge, credentials: Credentials, hostPort: string): Promise<LoginResult> {
  const realm = tokenRealmFor(challenge.params.realm, ping, hostPort);
  const issued = await http.get(tokenRequestUrl(realm, challenge.params, credentials.username), basicAuthorization(credentials.username, credentials.password));
  if (issued.status === 401 || issued.status === 403) throw rejected(issued, hostPort, credentials.username, http.secrets);
  if (issued.status !== 200) throw statusError(issued, realm.host, http.secrets, 'token-invalid');
  const token = tokenFrom(issued);
  http.secrets.push(token);
  const reply = await http.get(ping, `Bearer ${token}`);
  if (reply.status === 200) return { scheme: 'bearer', realm: realm.href };
  if (reply.status === 401 || reply.status === 403) throw tokenRefused(reply, hostPort, realm);
  throw statusError(reply, hostPort, http.secrets);
}

/** Bearer wins over Basic when both are offered, as in Docker. */
function chooseChallenge(reply: Reply, hostPort: string): Challenge {
  const challenges = parseWwwAuthenticate(reply.headers['www-authenticate']);
  const chosen = challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
  if (chosen) return chosen;
  if (challenges.length === 0) {
    throw new DocksideError('not-a-registry', 'creds.error.not-a-registry.no-challenge', { hostPort, url: safeUrl(reply.url) });
  }
  const schemes = challenges.map((c) => c.scheme).join(', ');
  throw new DocksideError('unsupported-auth', 'creds.error.unsupported-auth', { hostPort, schemes, url: safeUrl(reply.url) });
}

/** Docker's token request for a login: its offline_token, client_id and account, the challenge's service and scope. */
function tokenRequestUrl(realm: URL, params: Record<string, string>, username: string): URL {
  const url = new URL(realm);
  if (params.service) url.searchParams.append('service', params.service);
  if (params.scope) url.searchParams.append('scope', params.scope);
  url.searchParams.append('offline_token', 'true');
  url.searchParams.append('client_id', 'docker');
  url.searchParams.append('account', username);
  return url;
}

/** `access_token` wins over `token` (the OAuth2 name; Distribution's rule). */
function tokenFrom(reply: Reply): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(reply.body);
  } catch {
    parsed = undefined;
  }
  const fields = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const token = [fields.access_token, fields.token].find((value) => typeof value === 'string' && value !== '');
  // A token goes into a header: anything but visible ASCII would break the request or smuggle a header.
  if (typeof token === 'string' && /^[\x21-\x7e]+$/.test(token)) return token;
  const type = contentType(reply);
  const variant = parsed === undefined ? 'not-json' : 'no-token';
  const url = safeUrl(reply.url);
  if (type === undefined) throw new DocksideError('token-invalid', `creds.error.token-invalid.${variant}-untyped`, { url });
  throw new DocksideError('token-invalid', `creds.error.token-invalid.${variant}`, { url, contentType: type });
}

function rejected(reply: Reply, hostPort: string, username: string, secrets: string[]): DocksideError {
  const said = serverSaid(reply, secrets);
  const params = { hostPort, username, url: safeUrl(reply.url) };
  if (reply.status === 403) {
    return said === undefined
      ? new DocksideError('unauthorized', 'creds.error.unauthorized.forbidden', params)
      : new DocksideError('unauthorized', 'creds.error.unauthorized.forbidden.said', { ...params, said });
  }
  return said === undefined ? new DocksideError('unauthorized', 'creds.error.unauthorized', params) : new DocksideError('unauthorized', 'creds.error.unauthorized.said', { ...params, said });
}

function tokenRefused(reply: Reply, hostPort: string, realm: URL): DocksideError {
  return new DocksideError('unauthorized', 'creds.error.unauthorized.token-refused', { realm: safeUrl(realm), hostPort, status: reply.status, url: safeUrl(reply.url) });
}

/** A status that is neither success nor a rejected password; `fallback` for 4xx other than 429. */
function statusError(reply: Reply, hostPort: string, secrets: string[], fallback = 'not-a-registry'): DocksideError {
  const params = { url: safeUrl(reply.url), status: reply.status };
  const said = serverSaid(reply, secrets);
  const saying = (code: string, key: MessageCode, saidKey: MessageCode): DocksideError =>
    said === undefined ? new DocksideError(code, key, params) : new DocksideError(code, saidKey, { ...params, said });
  if (reply.status >= 500) return saying('registry-error', 'creds.error.registry-error', 'creds.error.registry-error.said');
  if (reply.status === 429) return saying('too-many-attempts', 'creds.error.too-many-attempts', 'creds.error.too-many-attempts.said');
  if (reply.status >= 300 && reply.status < 400) {
    const location = redirectTarget(reply);
    return location === undefined
      ? new DocksideError(fallback, 'creds.error.not-a-registry.redirect', params)
      : new DocksideError(fallback, 'creds.error.not-a-registry.redirect-to', { ...params, location });
  }
  // verbatim: Nexus's own answer on a path its docker connector does not serve
  if (/Not a Docker request/i.test(reply.body)) return new DocksideError(fallback, 'creds.error.not-a-registry.not-docker-request', { ...params, hostPort });
  const webPage = /^\s*</.test(reply.body) || /html/i.test(contentType(reply) ?? '');
  const host = reply.url.host;
  if (said !== undefined) {
    return new DocksideError(fallback, webPage ? 'creds.error.not-a-registry.web-page.said' : 'creds.error.not-a-registry.said', { ...params, host, said });
  }
  return new DocksideError(fallback, webPage ? 'creds.error.not-a-registry.web-page' : 'creds.error.not-a-registry', { ...params, host });
}

/** The Distribution error a registry puts in its body (`{"errors":[{"code","message"}]}`), secrets blanked; undefined when there is none. */
function serverSaid(reply: Reply, secrets: string[]): string | undefined {
  let first: { code?: unknown; message?: unknown } | undefined;
  try {
    first = (JSON.parse(reply.body) as { errors?: Array<{ code?: unknown; message?: unknown }> }).errors?.[0];
  } catch {
    return undefined;
  }
  const text = [first?.code, first?.message].filter((part) => typeof part === 'string' && part !== '').join(': ');
  if (text === '') return undefined;
  // Blanked before it is cut, so that a cut never leaves part of a secret showing.
  return redactSecrets(text, secrets).slice(0, MAX_DETAIL_CHARS);
}

/** The error with every form of every secret blanked in its params (a server's words, a URL quoted in it). */
function redactError(error: DocksideError, secrets: string[]): DocksideError {
  const params = Object.fromEntries(Object.entries(error.params).map(([name, value]) => [name, typeof value === 'string' ? redactSecrets(value, secrets) : value]));
  return new DocksideError(error.code, error.key, params);
}

function redirectTarget(reply: Reply): string | undefined {
  const location = reply.headers.location;
  if (typeof location !== 'string') return undefined;
  try {
    return safeUrl(new URL(location, reply.url));
  } catch {
    return undefined;
  }
}

/** A URL for a message: no user info, no query (a token request's query names the account and scope). */
export function safeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

function contentType(reply: Reply): string | undefined {
  const value = reply.headers['content-type'];
  return typeof value === 'string' ? value : undefined;
}

interface Reply {
  url: URL;
  status: number;
  headers: IncomingHttpHeaders;
  /** At most SMALL_BODY_CAP_BYTES of it, as UTF-8. */
  body: string;
}

/**
 * GET requests with one undici Agent per origin: the TLS server name (SNI and the name the
 * certificate must carry) is an Agent setting, and the token realm may be another host.
 * Redirects are not followed (undici 7 follows none without its redirect interceptor).
 */
class RegistryHttp {
  private readonly agents = new Map<string, Agent>();

  /** What must never appear in an error message; the token is added once issued. */
  constructor(
    private readonly endpoint: RegistryEndpoint,
    readonly secrets: string[],
  ) {}

  async get(url: URL, authorization?: string): Promise<Reply> {
    try {
      const response = await request(url, {
        method: 'GET',
        dispatcher: this.agentFor(url),
        headers: authorization ? { authorization } : {},
      });
      const body = await readCapped(response.body, SMALL_BODY_CAP_BYTES, { ms: this.endpoint.timeoutMs, url });
      return { url, status: response.statusCode, headers: response.headers, body };
    } catch (error) {
      // The body's deadline is already worded (host and deadline); anything else is undici's or the socket's.
      if (error instanceof DocksideError) throw error;
      throw connectionError(error, url, this.endpoint.timeoutMs);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((agent) => agent.destroy()));
  }

  private agentFor(url: URL): Agent {
    let agent = this.agents.get(url.origin);
    if (!agent) {
      agent = originAgent(url, this.endpoint.ca, this.endpoint.timeoutMs);
      this.agents.set(url.origin, agent);
    }
    return agent;
  }
}

/** An undici Agent for url's origin: `ca` (undefined = Node's default roots), the TLS server name of a host name, `timeoutMs` for connecting, for headers and for each pause in a body (the whole body's deadline is the reader's: readCapped). */
export function originAgent(url: URL, ca: string[] | undefined, timeoutMs: number): Agent {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Agent({
    connect: { timeout: timeoutMs, ...(ca ? { ca } : {}), ...(isIP(host) === 0 ? { servername: host } : {}) },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
}

/** Reads at most maxBytes, within `deadline` when given; leaving the loop early destroys the stream, dropping the rest. */
export async function readCapped(body: BodyStream, maxBytes = SMALL_BODY_CAP_BYTES, deadline?: BodyDeadline): Promise<string> {
  return (await readAtMost(body, maxBytes, deadline)).data.toString('utf8');
}

const TIMEOUT_KEYS: Record<string, MessageCode> = {
  UND_ERR_CONNECT_TIMEOUT: 'creds.error.timeout.connecting',
  ETIMEDOUT: 'creds.error.timeout.connecting',
  UND_ERR_HEADERS_TIMEOUT: 'creds.error.timeout.waiting',
  UND_ERR_BODY_TIMEOUT: 'creds.error.timeout.reading',
};

// Node's certificate verification codes (OpenSSL's X509_V_ERR_* names), worded as the Go x509
// errors Docker shows, so the user sees what `docker login` would say. These mean a CA is
// missing from the trusted ones: trusting the registry's CA fixes them.
// (The self-signed ones are told apart by the OpenSSL code the sentence quotes beside Go's text.)
const UNKNOWN_AUTHORITY = 'x509: certificate signed by unknown authority'; // verbatim: Go's x509 error, as docker shows it
const UNKNOWN_AUTHORITY_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
]);
// These are defects of the certificate itself: trusting a CA does not fix them.
const DEFECT_CODES: Record<string, string> = {
  CERT_HAS_EXPIRED: 'x509: certificate has expired', // verbatim: Go's x509 error, as docker shows it
  CERT_NOT_YET_VALID: 'x509: certificate is not yet valid', // verbatim: Go's x509 error, as docker shows it
  CERT_SIGNATURE_FAILURE: 'x509: certificate signature is invalid', // verbatim: Go's x509 error, as docker shows it
  INVALID_CA: 'x509: an issuer in the chain is not a CA', // verbatim: Go's x509 error, as docker shows it
  INVALID_PURPOSE: 'x509: certificate is not for server authentication', // verbatim: Go's x509 error, as docker shows it
  CERT_REVOKED: 'x509: certificate is revoked', // verbatim: Go's x509 error, as docker shows it
};

/** Maps what undici throws (Node's socket and TLS errors as they are, or undici's own) to a DocksideError. */
export function connectionError(error: unknown, url: URL, timeoutMs: number): DocksideError {
  const { code = '', message = String(error) } = (error ?? {}) as { code?: string; message?: string };
  const address = url.host;
  const timeout = TIMEOUT_KEYS[code];
  if (timeout) return new DocksideError('timeout', timeout, { url: safeUrl(url), ms: timeoutMs });
  if (code === 'ECONNREFUSED') return new DocksideError('connection-refused', 'creds.error.connection-refused', { address });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new DocksideError('host-not-found', 'creds.error.host-not-found', { host: url.hostname, code });
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return wrongName(error as { reason?: string }, address);
  if (UNKNOWN_AUTHORITY_CODES.has(code)) return new DocksideError('unknown-ca', 'creds.error.unknown-ca.untrusted', { x509: UNKNOWN_AUTHORITY, code, address });
  const defect = DEFECT_CODES[code];
  if (defect) return new DocksideError('unknown-ca', 'creds.error.unknown-ca.defect', { x509: defect, code, address });
  // verbatim: OpenSSL's words for a TLS handshake answered in plain HTTP
  if (/wrong version number|packet length too long/i.test(`${code} ${message}`)) return new DocksideError('not-tls', 'creds.error.not-tls', { address });
  return new DocksideError('connection-failed', 'creds.error.connection-failed', { url: safeUrl(url), detail: code ? `${message} (${code})` : message });
}

function wrongName(error: { reason?: string }, address: string): DocksideError {
  if (error.reason === undefined) return new DocksideError('unknown-ca', 'creds.error.unknown-ca.wrong-name-no-reason', { address });
  return new DocksideError('unknown-ca', 'creds.error.unknown-ca.wrong-name', { address, reason: error.reason });
}
