import { createPrivateKey, createSign, randomUUID, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { resolveListen, type ListenOptions } from './address';

/**
 * A token server for Distribution's `auth: token`, behaving like Nexus's "Docker Bearer Token
 * Realm": anonymous users get pull on the repositories that allow anonymous pull and nothing
 * else, a wrong password is a 401, a right one gets what it asked for (within its allowed
 * actions, when given: a token server grants less than asked rather than refusing). The registry trusts the
 * tokens because the JWT header carries the signing cert chain (x5c) and the registry's
 * rootcertbundle holds the CA that issued it.
 */

export interface TokenServerOptions {
  /** Signing cert and key. x5c is built from chainPath (leaf then CA) when given, else certPath. */
  signer: { certPath: string; keyPath: string; chainPath?: string };
  users: Record<string, string>;
  /** The actions a user may be granted (what a registry's roles allow); a user not named here gets all they ask. */
  allowedActions?: Record<string, string[]>;
  /** Repository names, or prefixes ending in `*` (`library/*`, or `*` for all), anonymous users may pull. */
  anonymousPull: string[];
  issuer: string;
  service: string;
  /** Default: 127.0.0.1 on a free port. */
  listen?: ListenOptions;
  tls?: { certPath: string; keyPath: string };
}

export interface Access {
  type: string;
  name: string;
  actions: string[];
}

export interface TokenRequestLog {
  path: string;
  query: Record<string, string[]>;
  /** The Basic username sent (status 401 when its password was wrong); null when anonymous. */
  user: string | null;
  status: number;
  /** What the token grants (empty when no token was issued). */
  granted: Access[];
}

export interface TokenServer {
  /** Full realm URL for the registry config and the Bearer challenge. */
  readonly realm: string;
  readonly requests: TokenRequestLog[];
  stop(): Promise<void>;
}

const TOKEN_PATH = '/token';
const LIFETIME_SECONDS = 300;

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const key = createPrivateKey(readFileSync(options.signer.keyPath));
  if (key.asymmetricKeyType !== 'rsa') throw new Error('startTokenServer: the signer key must be RSA (tokens are RS256)');
  const x5c = pemBlocks(readFileSync(options.signer.chainPath ?? options.signer.certPath, 'utf8')).map((pem) =>
    new X509Certificate(pem).raw.toString('base64'),
  );
  const requests: TokenRequestLog[] = [];

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://token.invalid');
    const entry: TokenRequestLog = { path: url.pathname, query: queryRecord(url.searchParams), user: null, status: 0, granted: [] };
    requests.push(entry);
    const reply = (status: number, body: unknown): void => {
      entry.status = status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || url.pathname !== TOKEN_PATH) {
      reply(404, { errors: [{ code: 'NOT_FOUND', message: `no ${req.method} ${url.pathname} here` }] });
      return;
    }
    const credentials = parseBasic(req.headers.authorization);
    if (credentials && credentials !== 'invalid') entry.user = credentials.user;
    if (credentials === 'invalid' || (credentials && options.users[credentials.user] !== credentials.password)) {
      reply(401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required: wrong username or password' }] });
      return;
    }
    const user = credentials?.user ?? null;
    const requested = url.searchParams.getAll('scope').flatMap(parseScope);
    const allowed = user === null ? undefined : options.allowedActions?.[user];
    const granted =
      user === null
        ? requested.flatMap((access) => anonymousGrant(access, options.anonymousPull))
        : allowed === undefined
          ? requested
          : requested.map((access) => ({ ...access, actions: access.actions.filter((action) => allowed.includes(action)) })).filter((access) => access.actions.length > 0);
    entry.granted = granted;
    const now = new Date();
    const token = signJwt(key, x5c, {
      iss: options.issuer,
      sub: user ?? '',
      aud: options.service,
      exp: Math.floor(now.getTime() / 1000) + LIFETIME_SECONDS,
      // A little in the past: the registry compares with its own clock.
      nbf: Math.floor(now.getTime() / 1000) - 10,
      iat: Math.floor(now.getTime() / 1000),
      jti: randomUUID(),
      access: granted,
    });
    reply(200, { token, access_token: token, expires_in: LIFETIME_SECONDS, issued_at: now.toISOString() });
  };

  const server: Server = options.tls
    ? createHttpsServer({ cert: readFileSync(options.tls.certPath), key: readFileSync(options.tls.keyPath) }, handler)
    : createHttpServer(handler);
  const address = await resolveListen(options.listen ?? { host: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => resolve());
  });
  let stopping: Promise<void> | undefined;
  return {
    realm: `${options.tls ? 'https' : 'http'}://${address.hostPort}${TOKEN_PATH}`,
    requests,
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}

/** `repository:team/app:pull,push` -> an access entry. Split at the first and last colon, as Distribution does. */
function parseScope(scope: string): Access[] {
  return scope
    .split(' ')
    .filter((part) => part !== '')
    .flatMap((part) => {
      const first = part.indexOf(':');
      const last = part.lastIndexOf(':');
      if (first < 0 || last === first) return [];
      return [{ type: part.slice(0, first), name: part.slice(first + 1, last), actions: part.slice(last + 1).split(',') }];
    });
}

function anonymousGrant(access: Access, anonymousPull: string[]): Access[] {
  const allowed =
    access.type === 'repository' &&
    access.actions.includes('pull') &&
    anonymousPull.some((pattern) => (pattern.endsWith('*') ? access.name.startsWith(pattern.slice(0, -1)) : access.name === pattern));
  return allowed ? [{ ...access, actions: ['pull'] }] : [];
}

function parseBasic(header: string | undefined): { user: string; password: string } | 'invalid' | undefined {
  if (header === undefined) return undefined;
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return 'invalid';
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? 'invalid' : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** RS256 JWT; the registry (libtrust) verifies PKCS#1 v1.5 over `header.claims` in base64url. */
function signJwt(key: KeyObject, x5c: string[], claims: Record<string, unknown>): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${encode({ typ: 'JWT', alg: 'RS256', x5c })}.${encode(claims)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(key).toString('base64url');
  return `${signingInput}.${signature}`;
}

function pemBlocks(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

function queryRecord(params: URLSearchParams): Record<string, string[]> {
  const record: Record<string, string[]> = {};
  for (const [name, value] of params) (record[name] ??= []).push(value);
  return record;
}
