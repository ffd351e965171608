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
const NO_RETRY = 'Dockside did not retry, because Nexus blocks a user for 15 minutes after 3 failed sign-ins';

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
    if (reply.status !== 200 && reply.status !== 503) throw this.replyError(reply, 'its status check');
    const version = /^Nexus\/([^\s(]+)/i.exec(headerText(reply, 'server'))?.[1] ?? null;
    return { version, available: reply.status === 200 };
  }

  async dockerRepositories(): Promise<DockerRepositoryRow[]> {
    const reply = await this.get('service/rest/v1/repositories');
    if (reply.status !== 200) throw this.replyError(reply, 'its repository list');
    return dockerRows(reply, RepositoryRowSchema, 'repository list').map((row) => ({
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
    if (reply.status !== 200) throw this.replyError(reply, 'its repository settings');
    return dockerRows(reply, SettingsRowSchema, 'repository settings').map((row) => ({
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

  /** The error for any status but the one Nexus answers `what` with to an account that may read it. */
  private replyError(reply: NexusReply, what: string): DocksideError {
    const at = `${safeUrl(reply.url)} answered HTTP ${reply.status}`;
    const username = this.options.credentials?.username;
    if (reply.status === 401) {
      return username === undefined
        ? new DocksideError('unauthorized', `unauthorized: ${at}: this Nexus does not let anonymous users read ${what}. Give a user name and password.`)
        : new DocksideError('unauthorized', `unauthorized: ${at}: Nexus rejected the user name or password for "${username}". Check them; ${NO_RETRY}.`);
    }
    if (reply.status === 403) {
      return new DocksideError('forbidden', `${at}: the account${username === undefined ? ' (anonymous)' : ` "${username}"`} may not read ${what}. Ask your Nexus administrator for access.`);
    }
    if (reply.status === 429) {
      return new DocksideError('too-many-attempts', `${at} (too many requests): Nexus blocks a user for 15 minutes after 3 failed sign-ins. Wait, and check the password before trying again.`);
    }
    if (reply.status >= 500) {
      return new DocksideError('nexus-error', `${at} for ${what}: Nexus failed. Try again later; if it persists, the Nexus logs say why.`);
    }
    return new DocksideError('not-nexus', `${at} for ${what}, ${notNexusBecause(reply)}`);
  }
}

/** A header that should come once; '' when it is missing or repeated. */
function headerText(reply: NexusReply, name: string): string {
  const value = reply.headers[name];
  return typeof value === 'string' ? value : '';
}

/** Why an answer means the address is not Nexus's web address, and which address to give instead. */
function notNexusBecause(reply: NexusReply): string {
  if (reply.status >= 300 && reply.status < 400) {
    const location = reply.headers.location;
    let target = '';
    try {
      target = typeof location === 'string' ? ` to ${safeUrl(new URL(location, reply.url))}` : '';
    } catch {
      // An unparsable Location still says "redirect"; where to is then unknown.
    }
    return `a redirect${target}. Dockside does not follow redirects (the password would go along): give the address Nexus answers on itself.`;
  }
  if (/Not a Docker request/i.test(reply.body)) {
    return `"Not a Docker request": that address serves one docker repository (a docker connector port, or /repository/<name>/), not Nexus's web address. Give the address of the Nexus web UI, e.g. http://<host>:8081.`;
  }
  return `so it is not a Nexus 3 web address (or a reverse proxy hides the REST API under /service/rest). Give the address of the Nexus web UI, e.g. http://<host>:8081 or https://nexus.example.com.`;
}

/** The docker rows of a JSON array of repositories; any other format (and type) is left unread. */
function dockerRows<T extends z.ZodType>(reply: NexusReply, schema: T, what: string): Array<z.infer<T>> {
  const notNexus = (why: string): DocksideError =>
    new DocksideError('not-nexus', `${safeUrl(reply.url)} answered ${why} where Nexus answers its ${what} as JSON, so it is probably not Nexus's web address. Give the address of the Nexus web UI.`);
  if (Buffer.byteLength(reply.body, 'utf8') > MAX_BODY_BYTES) {
    throw new DocksideError('response-too-large', `${safeUrl(reply.url)} answered more than ${MAX_BODY_BYTES / 1024 / 1024} MiB for its ${what}, more than Dockside reads. Ask your Nexus administrator for the docker repositories and their ports instead.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(reply.body);
  } catch {
    throw notNexus(`something that is not JSON (${headerText(reply, 'content-type') || 'no content type'})`);
  }
  const rows = RowsSchema.safeParse(json);
  if (!rows.success) throw notNexus('JSON that is not a list of repositories');
  return rows.data
    .filter((row) => row.format === 'docker' && RepositoryType.safeParse(row.type).success)
    .map((row) => {
      const parsed = schema.safeParse(row);
      if (!parsed.success) throw notNexus('a docker repository without the fields Nexus gives it');
      return parsed.data;
    });
}

/** The Nexus address as a base URL; refuses anything but http(s), and user info (a password in an address ends up shown and logged). */
function nexusBaseUrl(nexusUrl: string): URL {
  const example = 'e.g. https://nexus.example.com or http://10.0.0.5:8081';
  let url: URL;
  try {
    url = new URL(nexusUrl);
  } catch {
    throw new DocksideError('usage', `The Nexus address is not a URL: give it with http:// or https://, ${example}.`);
  }
  // The address is not quoted in these messages: it may hold a password.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DocksideError('usage', `The Nexus address must start with http:// or https://, ${example}.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new DocksideError('usage', 'The Nexus address holds a user name or password: give the address alone and the credentials separately.');
  }
  return new URL(`${url.origin}${url.pathname.replace(/\/*$/, '/')}`);
}

/**
 * registry-client's mapping, with the two messages that name a registry's connector port
 * reworded for Nexus's web address; timeouts, DNS and x509 read the same for both.
 */
function transportError(error: unknown, url: URL, timeoutMs: number): DocksideError {
  const mapped = connectionError(error, url, timeoutMs);
  if (mapped.code === 'connection-refused') {
    return new DocksideError(
      'connection-refused',
      `Nothing accepts connections on ${url.host} (connection refused). Check the Nexus address (its web port, 8081 unless changed, or the reverse proxy in front of it) and that Nexus is running.`,
    );
  }
  if (mapped.code === 'not-tls') {
    return new DocksideError('not-tls', `${url.host} does not speak TLS: it looks like a plain HTTP port. Give the Nexus address as http://${url.host}, or use Nexus's HTTPS address.`);
  }
  return mapped;
}
