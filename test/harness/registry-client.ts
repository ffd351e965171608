import { basicAuth, httpRequest, type HttpResponse } from './http';

/**
 * Reads what a registry holds, following its auth challenge the way Docker does (Basic, or a
 * Bearer token fetched from the realm it names). Tests use it to prove where a push landed.
 */

export interface RegistryReadOptions {
  /** PEM of the CA that signed the registry's (and token server's) certificate. */
  ca?: string;
  username?: string;
  password?: string;
}

/** Repository names, from `/v2/_catalog`, following its pages (Distribution 2.8 refuses n > 1000). */
export async function catalog(url: string, options: RegistryReadOptions = {}): Promise<string[]> {
  const names: string[] = [];
  let next: string | undefined = `${url}/v2/_catalog?n=1000`;
  while (next) {
    const res = await authorizedGet(next, options);
    if (res.status !== 200) throw new Error(`GET ${next}: ${res.status} ${res.body}`);
    names.push(...((JSON.parse(res.body) as { repositories: string[] | null }).repositories ?? []));
    // Link: </v2/_catalog?last=x&n=1000>; rel="next"
    const link = /<([^>]+)>;\s*rel="?next"?/.exec(String(res.headers.link ?? ''))?.[1];
    next = link && new URL(link, url).href;
  }
  return names;
}

/** Tags of one repository; empty when the registry does not know the repository (NAME_UNKNOWN). */
export async function tags(url: string, repo: string, options: RegistryReadOptions = {}): Promise<string[]> {
  const res = await authorizedGet(`${url}/v2/${repo}/tags/list`, options);
  if (res.status === 404 && res.body.includes('NAME_UNKNOWN')) return [];
  if (res.status !== 200) throw new Error(`GET ${url}/v2/${repo}/tags/list: ${res.status} ${res.body}`);
  return (JSON.parse(res.body) as { tags: string[] | null }).tags ?? [];
}

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** `Bearer realm="...",service="...",scope="repository:a:pull,push"` -> scheme and parameters. */
export function parseChallenge(header: string): Challenge {
  const scheme = header.trim().split(/\s+/, 1)[0] ?? '';
  const params: Record<string, string> = {};
  for (const match of header.slice(scheme.length).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) {
    params[(match[1] ?? '').toLowerCase()] = match[2] ?? match[3] ?? '';
  }
  return { scheme: scheme.toLowerCase(), params };
}

async function authorizedGet(url: string, options: RegistryReadOptions): Promise<HttpResponse> {
  const first = await httpRequest(url, { ca: options.ca });
  const header = first.headers['www-authenticate'];
  if (first.status !== 401 || typeof header !== 'string') return first;
  const challenge = parseChallenge(header);
  const basic = options.username === undefined ? undefined : basicAuth(options.username, options.password ?? '');
  if (challenge.scheme === 'basic') {
    if (!basic) throw new Error(`GET ${url} asks for Basic credentials and none were given`);
    return httpRequest(url, { ca: options.ca, headers: { authorization: basic } });
  }
  const { realm, service, scope } = challenge.params;
  if (challenge.scheme !== 'bearer' || !realm) throw new Error(`GET ${url}: unsupported challenge ${header}`);
  const tokenUrl = new URL(realm);
  if (service) tokenUrl.searchParams.set('service', service);
  if (scope) tokenUrl.searchParams.set('scope', scope);
  const tokenRes = await httpRequest(tokenUrl.href, { ca: options.ca, headers: basic ? { authorization: basic } : {} });
  if (tokenRes.status !== 200) throw new Error(`token from ${tokenUrl.href}: ${tokenRes.status} ${tokenRes.body}`);
  const body = JSON.parse(tokenRes.body) as { token?: string; access_token?: string };
  const token = body.access_token ?? body.token;
  if (!token) throw new Error(`token from ${tokenUrl.href} has no token: ${tokenRes.body}`);
  return httpRequest(url, { ca: options.ca, headers: { authorization: `Bearer ${token}` } });
}
