import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { Agent, request } from 'undici';
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
const NO_RETRY = 'Dockside did not retry, because Nexus blocks a user for 15 minutes after 3 failed attempts';

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
    throw error instanceof DocksideError ? new DocksideError(error.code, redactSecrets(error.message, http.secrets)) : error;
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
    throw new DocksideError(
      'not-a-registry',
      `${hostPort} answered HTTP 401 at ${safeUrl(reply.url)} without a Basic or Bearer challenge (no usable WWW-Authenticate header), so it is not a Docker registry, or a proxy in front of it removed the header. Check the address and port.`,
    );
  }
  const schemes = challenges.map((c) => c.scheme).join(', ');
  throw new DocksideError(
    'unsupported-auth',
    `${hostPort} asks for ${schemes} authentication at ${safeUrl(reply.url)}; Docker (and Dockside) can sign in only with Basic or Bearer. A proxy in front of the registry (single sign-on, NTLM) probably asks for it: let the registry's /v2/ path through without it.`,
  );
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
  throw new DocksideError(
    'token-invalid',
    `The token service ${safeUrl(reply.url)} accepted the credentials but answered ${parsed === undefined ? 'something that is not JSON' : 'JSON without a usable "token" or "access_token"'} (HTTP 200, ${contentType(reply)}). The realm in the registry's challenge probably points at the wrong service; check the registry's token configuration.`,
  );
}

function rejected(reply: Reply, hostPort: string, username: string, secrets: string[]): DocksideError {
  const what =
    reply.status === 403
      ? `refused access to the user "${username}" (HTTP 403 from ${safeUrl(reply.url)}): the password may be right, but the account may not use this registry. Ask the registry's administrator for access`
      : `rejected the user name or password for "${username}" (HTTP 401 from ${safeUrl(reply.url)}). Check them`;
  return new DocksideError('unauthorized', `unauthorized: ${hostPort} ${what}.${serverSaid(reply, secrets)} ${NO_RETRY}.`);
}

function tokenRefused(reply: Reply, hostPort: string, realm: URL): DocksideError {
  return new DocksideError(
    'unauthorized',
    `unauthorized: the token service ${safeUrl(realm)} accepted the credentials and issued a token, but ${hostPort} refused it (HTTP ${reply.status} from ${safeUrl(reply.url)}). The registry does not trust that token service: its token issuer, service or certificate bundle does not match. Fix the registry's token configuration; ${NO_RETRY}.`,
  );
}

/** A status that is neither success nor a rejected password; `fallback` for 4xx other than 429. */
function statusError(reply: Reply, hostPort: string, secrets: string[], fallback = 'not-a-registry'): DocksideError {
  const at = `${safeUrl(reply.url)} answered HTTP ${reply.status}`;
  const said = serverSaid(reply, secrets);
  if (reply.status >= 500) {
    return new DocksideError('registry-error', `${at}: the server failed.${said} Try again later; if it persists, the registry's logs say why.`);
  }
  if (reply.status === 429) {
    return new DocksideError('too-many-attempts', `${at} (too many requests): Nexus blocks a user for 15 minutes after 3 failed sign-ins.${said} Wait, and check the password before trying again.`);
  }
  if (reply.status >= 300 && reply.status < 400) {
    const location = redirectTarget(reply);
    return new DocksideError(
      fallback,
      `${at}, a redirect${location ? ` to ${location}` : ''}, where a Docker registry answers 200 or 401. Docker does not follow it: give the registry's own host and port (a Nexus docker connector or the reverse proxy in front of it), not a web page.`,
    );
  }
  if (/Not a Docker request/i.test(reply.body)) {
    return new DocksideError(
      fallback,
      `${at} "Not a Docker request": a Nexus docker connector was reached on a path it does not serve. Check that ${hostPort} is the connector's port (or that the reverse proxy passes /v2/ to it unchanged).`,
    );
  }
  const kind = /^\s*</.test(reply.body) || /html/i.test(contentType(reply)) ? ' with a web page' : '';
  return new DocksideError(
    fallback,
    `${at}${kind}, where a Docker registry answers 200 or 401, so ${reply.url.host} is not a Docker registry endpoint.${said} Check the host and port: for Nexus, the docker repository's connector port or the reverse proxy in front of it, not the Nexus web UI.`,
  );
}

/** The Distribution error a registry puts in its body (`{"errors":[{"code","message"}]}`), secrets blanked. */
function serverSaid(reply: Reply, secrets: string[]): string {
  let first: { code?: unknown; message?: unknown } | undefined;
  try {
    first = (JSON.parse(reply.body) as { errors?: Array<{ code?: unknown; message?: unknown }> }).errors?.[0];
  } catch {
    return '';
  }
  const text = [first?.code, first?.message].filter((part) => typeof part === 'string' && part !== '').join(': ');
  if (text === '') return '';
  // Blanked before it is cut, so that a cut never leaves part of a secret showing.
  return ` The server said: "${redactSecrets(text, secrets).slice(0, MAX_DETAIL_CHARS)}".`;
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

function contentType(reply: Reply): string {
  const value = reply.headers['content-type'];
  return typeof value === 'string' ? value : 'no content type';
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

const TIMEOUT_CODES: Record<string, string> = {
  UND_ERR_CONNECT_TIMEOUT: 'connecting',
  ETIMEDOUT: 'connecting',
  UND_ERR_HEADERS_TIMEOUT: 'waiting for the response',
  UND_ERR_BODY_TIMEOUT: 'reading the response',
};

// Node's certificate verification codes (OpenSSL's X509_V_ERR_* names), worded as the Go x509
// errors Docker shows, so the user sees what `docker login` would say. These mean a CA is
// missing from the trusted ones: trusting the registry's CA fixes them.
const UNKNOWN_AUTHORITY = 'x509: certificate signed by unknown authority';
const UNKNOWN_AUTHORITY_CODES: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: UNKNOWN_AUTHORITY,
  UNABLE_TO_GET_ISSUER_CERT: UNKNOWN_AUTHORITY,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: UNKNOWN_AUTHORITY,
  CERT_UNTRUSTED: UNKNOWN_AUTHORITY,
  SELF_SIGNED_CERT_IN_CHAIN: `${UNKNOWN_AUTHORITY} (a self-signed CA in the chain)`,
  DEPTH_ZERO_SELF_SIGNED_CERT: `${UNKNOWN_AUTHORITY} (a self-signed certificate)`,
};
// These are defects of the certificate itself: trusting a CA does not fix them.
const DEFECT_CODES: Record<string, string> = {
  CERT_HAS_EXPIRED: 'x509: certificate has expired',
  CERT_NOT_YET_VALID: 'x509: certificate is not yet valid',
  CERT_SIGNATURE_FAILURE: 'x509: certificate signature is invalid',
  INVALID_CA: 'x509: an issuer in the chain is not a CA',
  INVALID_PURPOSE: 'x509: certificate is not for server authentication',
  CERT_REVOKED: 'x509: certificate is revoked',
};

/** Maps what undici throws (Node's socket and TLS errors as they are, or undici's own) to a DocksideError. */
export function connectionError(error: unknown, url: URL, timeoutMs: number): DocksideError {
  const { code = '', message = String(error) } = (error ?? {}) as { code?: string; message?: string };
  const address = url.host;
  const phase = TIMEOUT_CODES[code];
  if (phase) {
    return new DocksideError('timeout', `${safeUrl(url)} did not answer within ${timeoutMs} ms (${phase}). A firewall may drop the connection, the port may belong to something else, or the server is overloaded. Check the address and try again.`);
  }
  if (code === 'ECONNREFUSED') {
    return new DocksideError('connection-refused', `Nothing accepts connections on ${address} (connection refused). Check the port (the registry's HTTPS connector or reverse-proxy port) and that the registry is running.`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new DocksideError('host-not-found', `Cannot resolve ${url.hostname}: the name is not in DNS or /etc/hosts (${code}). Check the spelling, your network or VPN.`);
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return wrongName(error as { reason?: string }, address);
  const unknownAuthority = UNKNOWN_AUTHORITY_CODES[code];
  if (unknownAuthority) return untrusted(unknownAuthority, code, address);
  const defect = DEFECT_CODES[code];
  if (defect) return defective(defect, code, address);
  if (/wrong version number|packet length too long/i.test(`${code} ${message}`)) {
    return new DocksideError(
      'not-tls',
      `${address} does not speak TLS: it looks like a plain HTTP port (http: server gave HTTP response to HTTPS client). Docker uses such a registry only when ${address} is in insecure-registries; use the registry's HTTPS port, or add it there.`,
    );
  }
  return new DocksideError('connection-failed', `GET ${safeUrl(url)} failed: ${message}${code ? ` (${code})` : ''}. Check the address, your network and any proxy in between.`);
}

function untrusted(x509: string, code: string, address: string): DocksideError {
  return new DocksideError(
    'unknown-ca',
    `${x509}: the certificate of ${address} did not verify against the trusted CAs (${code}). If the registry uses its own CA, check it with \`dockside trust inspect ${address}\` and trust it with \`dockside trust add ${address}\`.`,
  );
}

function defective(x509: string, code: string, address: string): DocksideError {
  return new DocksideError(
    'unknown-ca',
    `${x509}: the certificate of ${address} is not acceptable (${code}). Trusting a CA does not fix this: the registry's administrator must renew or reissue it; \`dockside trust inspect ${address}\` shows its dates and usage.`,
  );
}

function wrongName(error: { reason?: string }, address: string): DocksideError {
  return new DocksideError(
    'unknown-ca',
    `x509: certificate is not valid for ${address}: ${error.reason ?? 'its subjectAltName does not name this host'}. Trusting a CA does not fix this: connect with a name or IP the certificate carries, or reissue it with a subjectAltName for this one; \`dockside trust inspect ${address}\` shows the names.`,
  );
}
