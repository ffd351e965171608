import type { IncomingHttpHeaders } from 'node:http';
import { type Agent, request } from 'undici';
import * as z from 'zod';
import { type NexusRepository, NexusRepositorySchema } from '../../../shared/nexus';
import { DocksideError } from '../errors';
import { basicAuthorization, connectionError, originAgent, readCapped, safeUrl } from '../registry/registry-client';
import { parseWwwAuthenticate } from '../registry/www-authenticate';

/**
 * The parts of Nexus 3's REST API that discovery reads (FACTS §6), over one undici Agent for
 * the Nexus origin. Redirects are not followed (undici follows none by default): a redirect
 * means the address is not Nexus's own, and following it would carry the password elsewhere.
 * The password lives only in the Authorization header of these requests; no message quotes
 * a response body, so a server that echoes what it was sent cannot leak it either.
 */

export interface NexusClientOptions {
  /** Nexus's web address, http or https, with its context path if it has one (https://host/nexus). */
  nexusUrl: string;
  credentials?: { username: string; password: string };
  /** PEM CAs to trust for an https Nexus; undefined = Node's default roots. */
  ca?: string[];
  /** For connecting, for the response headers and for each pause while reading a body. */
  timeoutMs: number;
}

export interface NexusReply {
  url: URL;
  status: number;
  headers: IncomingHttpHeaders;
  /** At most MAX_BODY_BYTES + 1 bytes of it, as UTF-8 (the extra byte tells a whole body from a cut one). */
  body: string;
}

export interface NexusStatus {
  /** From the Server header (`Nexus/3.70.1-02 (OSS)` -> 3.70.1-02); null when a proxy removed it. */
  version: string | null;
  /** False on 503: Nexus runs but cannot serve requests (starting, or its database is unavailable). */
  available: boolean;
}

/** A docker repository as GET /service/rest/v1/repositories lists it (any account that may browse it). */
export interface DockerRepositoryRow {
  name: string;
  type: NexusRepository['type'];
  url: string;
  remoteUrl: string | null;
}

/** What GET /service/rest/v1/repositorySettings adds for a docker repository (repository-admin read only). */
export interface DockerRepositorySettings {
  name: string;
  type: NexusRepository['type'];
  httpPort: number | null;
  httpsPort: number | null;
  /** Subdomain connector (Pro, 3.40+): the first DNS label that routes to this repository. */
  subdomain: string | null;
  pathEnabled: boolean | null;
  memberNames: string[] | null;
  remoteUrl: string | null;
}

export interface RegistryProbe {
  status: number;
  /** 200, or 401 with a Distribution API version header or a Basic/Bearer challenge. */
  registry: boolean;
  /**
   * Whether Docker can pull without credentials: true on 200; false when the only challenge is
   * Basic (Nexus sends Basic when "Allow anonymous docker pull" is off, i.e. forceBasicAuth);
   * null when a Bearer challenge leaves it to the token realm.
   */
  anonymousPull: boolean | null;
}

const MAX_BODY_BYTES = 1024 * 1024;

// Only `format` and `type` are read from every row: other formats carry attributes of their
// own, which must not make the docker rows unreadable.
const RowsSchema = z.array(z.object({ format: z.string(), type: z.unknown() }).loose());
const RepositoryType = NexusRepositorySchema.shape.type;
const Remote = z.object({ remoteUrl: z.string().nullish() }).loose().nullish();
const Port = z.number().int().min(1).max(65535).nullish();
const RepositoryRowSchema = z.object({
  name: z.string(),
  type: RepositoryType,
  url: z.string(),
  attributes: z.object({ proxy: Remote }).loose().nullish(),
});
const SettingsRowSchema = z.object({
  name: z.string(),
  type: RepositoryType,
  docker: z.object({ httpPort: Port, httpsPort: Port, subdomain: z.string().nullish(), pathEnabled: z.boolean().nullish() }).loose().nullish(),
  group: z.object({ memberNames: z.array(z.string()) }).loose().nullish(),
  proxy: Remote,
});

export class NexusClient {
  /** The Nexus address without user info, query or fragment, ending in `/` so that API paths resolve under a context path. */
  readonly base: URL;
  private readonly agent: Agent;
  private readonly authorization: string | undefined;

  constructor(private readonly options: NexusClientOptions) {
    this.base = nexusBaseUrl(options.nexusUrl);
    this.agent = originAgent(this.base, options.ca, options.timeoutMs);
    const { credentials } = options;
    this.authorization = credentials ? basicAuthorization(credentials.username, credentials.password) : undefined;
  }

  /**
   * GET service/rest/v1/status. It needs no sign-in, but Nexus still answers wrong credentials
   * there with 401: asked first, it checks the password once before anything else is sent.
   */
  async status(): Promise<NexusStatus> {
    const reply = await this.get('service/rest/v1/status');
    if (reply.status !== 200 && reply.status !== 503) throw this.replyError(reply);
    const version = /^Nexus\/([^\s(]+)/i.exec(headerText(reply, 'server'))?.[1] ?? null;
    return { version, available: reply.status === 200 };
  }

  async dockerRepositories(): Promise<DockerRepositoryRow[]> {
    const reply = await this.get('service/rest/v1/repositories');
    if (reply.status !== 200) throw this.replyError(reply);
    return dockerRows(reply, RepositoryRowSchema).map((row) => ({
      name: row.name,
      type: row.type,
      url: row.url,
      remoteUrl: row.attributes?.proxy?.remoteUrl ?? null,
    }));
  }

  /**
   * GET service/rest/v1/repositorySettings; null when the account may not read it (403, or
   * 401 for anonymous) or this Nexus predates it (404). Nexus silently leaves out the
   * repositories the account may not administer, so a row may be missing.
   */
  async dockerSettings(): Promise<DockerRepositorySettings[] | null> {
    const reply = await this.get('service/rest/v1/repositorySettings');
    if (reply.status === 401 || reply.status === 403 || reply.status === 404) return null;
    if (reply.status !== 200) throw this.replyError(reply);
    return dockerRows(reply, SettingsRowSchema).map((row) => ({
      name: row.name,
      type: row.type,
      httpPort: row.docker?.httpPort ?? null,
      httpsPort: row.docker?.httpsPort ?? null,
      subdomain: row.docker?.subdomain || null,
      pathEnabled: row.docker?.pathEnabled ?? null,
      memberNames: row.group?.memberNames ?? null,
      remoteUrl: row.proxy?.remoteUrl ?? null,
    }));
  }

  /**
   * GET <nexus>/repository/<name>/v2/, where Nexus serves the Registry API of every docker
   * repository. Sent without credentials: the answer tells what Docker meets anonymously (as
   * a mirror is reached), and a probe can never count as a failed sign-in.
   */
  async probeRegistry(name: string): Promise<RegistryProbe> {
    const reply = await this.get(`repository/${encodeURIComponent(name)}/v2/`, { anonymous: true });
    const schemes = parseWwwAuthenticate(reply.headers['www-authenticate']).map((challenge) => challenge.scheme);
    const apiVersion = headerText(reply, 'docker-distribution-api-version').startsWith('registry/2.');
    const challenged = schemes.includes('basic') || schemes.includes('bearer');
    if (reply.status === 200) return { status: 200, registry: true, anonymousPull: true };
    if (reply.status === 401 && (apiVersion || challenged)) {
      return { status: 401, registry: true, anonymousPull: schemes.includes('bearer') ? null : false };
    }
    return { status: reply.status, registry: false, anonymousPull: null };
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }

  /** GET <base><path>: connection and TLS failures become DocksideErrors; every status is returned. */
  private async get(path: string, { anonymous = false } = {}): Promise<NexusReply> {
    const url = new URL(path, this.base);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.authorization && !anonymous) headers.authorization = this.authorization;
    try {
      const response = await request(url, { method: 'GET', dispatcher: this.agent, headers });
      const body = await readCapped(response.body, MAX_BODY_BYTES + 1);
      return { url, status: response.statusCode, headers: response.headers, body };
    } catch (error) {
      throw transportError(error, url, this.options.timeoutMs);
    }
  }

  /** The error for any status but the one Nexus answers to an account that may read the endpoint (the URL names which). */
  private replyError(reply: NexusReply): DocksideError {
    const at = { url: safeUrl(reply.url), status: reply.status };
    const username = this.options.credentials?.username;
    if (reply.status === 401) {
      return username === undefined
        ? new DocksideError('unauthorized', 'nexus.error.unauthorized.anonymous', at)
        : new DocksideError('unauthorized', 'nexus.error.unauthorized', { ...at, username });
    }
    if (reply.status === 403) {
      return username === undefined ? new DocksideError('forbidden', 'nexus.error.forbidden.anonymous', at) : new DocksideError('forbidden', 'nexus.error.forbidden', { ...at, username });
    }
    if (reply.status === 429) return new DocksideError('too-many-attempts', 'nexus.error.too-many-attempts', at);
    if (reply.status >= 500) return new DocksideError('nexus-error', 'nexus.error.nexus-error', at);
    return notNexus(reply);
  }
}

/** A header that should come once; '' when it is missing or repeated. */
function headerText(reply: NexusReply, name: string): string {
  const value = reply.headers[name];
  return typeof value === 'string' ? value : '';
}

/** An answer that means the address is not Nexus's web address, saying which address to give instead. */
function notNexus(reply: NexusReply): DocksideError {
  const at = { url: safeUrl(reply.url), status: reply.status };
  if (reply.status >= 300 && reply.status < 400) {
    const location = reply.headers.location;
    try {
      if (typeof location === 'string') return new DocksideError('not-nexus', 'nexus.error.not-nexus.redirect', { ...at, location: safeUrl(new URL(location, reply.url)) });
    } catch {
      // An unparsable Location still says "redirect"; where to is then unknown.
    }
    return new DocksideError('not-nexus', 'nexus.error.not-nexus.redirect-unknown', at);
  }
  if (/Not a Docker request/i.test(reply.body)) return new DocksideError('not-nexus', 'nexus.error.not-nexus.docker-request', at); // verbatim: Nexus's own answer on a docker connector
  return new DocksideError('not-nexus', 'nexus.error.not-nexus', at);
}

/** The docker rows of a JSON array of repositories; any other format (and type) is left unread. */
function dockerRows<T extends z.ZodType>(reply: NexusReply, schema: T): Array<z.infer<T>> {
  const url = safeUrl(reply.url);
  if (Buffer.byteLength(reply.body, 'utf8') > MAX_BODY_BYTES) {
    throw new DocksideError('response-too-large', 'nexus.error.response-too-large', { url, mib: MAX_BODY_BYTES / 1024 / 1024 });
  }
  let json: unknown;
  try {
    json = JSON.parse(reply.body);
  } catch {
    const contentType = headerText(reply, 'content-type');
    throw contentType === ''
      ? new DocksideError('not-nexus', 'nexus.error.not-nexus.not-json.no-content-type', { url })
      : new DocksideError('not-nexus', 'nexus.error.not-nexus.not-json', { url, contentType });
  }
  const rows = RowsSchema.safeParse(json);
  if (!rows.success) throw new DocksideError('not-nexus', 'nexus.error.not-nexus.not-a-list', { url });
  return rows.data
    .filter((row) => row.format === 'docker' && RepositoryType.safeParse(row.type).success)
    .map((row) => {
      const parsed = schema.safeParse(row);
      if (!parsed.success) throw new DocksideError('not-nexus', 'nexus.error.not-nexus.missing-fields', { url });
      return parsed.data;
    });
}

/** The Nexus address as a base URL; refuses anything but http(s), and user info (a password in an address ends up shown and logged). */
function nexusBaseUrl(nexusUrl: string): URL {
  let url: URL;
  try {
    url = new URL(nexusUrl);
  } catch {
    throw new DocksideError('usage', 'nexus.error.usage.not-a-url');
  }
  // The address is not quoted in these messages: it may hold a password.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DocksideError('usage', 'nexus.error.usage.scheme');
  if (url.username !== '' || url.password !== '') throw new DocksideError('usage', 'nexus.error.usage.credentials-in-url');
  return new URL(`${url.origin}${url.pathname.replace(/\/*$/, '/')}`);
}

/**
 * registry-client's mapping, with the two messages that name a registry's connector port
 * reworded for Nexus's web address; timeouts, DNS and x509 read the same for both.
 */
function transportError(error: unknown, url: URL, timeoutMs: number): DocksideError {
  const mapped = connectionError(error, url, timeoutMs);
  if (mapped.code === 'connection-refused') return new DocksideError('connection-refused', 'nexus.error.connection-refused', { host: url.host });
  if (mapped.code === 'not-tls') return new DocksideError('not-tls', 'nexus.error.not-tls', { host: url.host });
  return mapped;
}
