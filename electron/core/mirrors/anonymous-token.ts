import { msg } from '../../../shared/message';
import { safeUrl } from '../registry/registry-client';
import type { Challenge } from '../registry/www-authenticate';
import { SMALL_BODY_CAP_BYTES } from '../registry/capped-body';
import type { HubImage } from './hub-image';
import { ProbeFailure } from './probe-failure';
import type { ProbeHttp } from './probe-http';

/**
 * Step 2: answer the /v2/ challenge as Docker does for a mirror, WITHOUT credentials (mirrors
 * never get the user's, FACTS §2). A Bearer challenge gets an anonymous pull token from its
 * realm; a Basic one cannot be answered, so Docker fails with "no basic auth credentials".
 */

/** The Authorization header value an anonymous pull of `image` sends. */
export async function anonymousAuthorization(http: ProbeHttp, registry: URL, challenge: Challenge, image: HubImage): Promise<string> {
  if (challenge.scheme === 'basic') {
    throw new ProbeFailure('auth-required', msg('probe.verdict.auth-required.basic', { host: registry.host }));
  }
  const realm = realmUrl(challenge.params.realm, registry);
  const url = new URL(realm);
  if (challenge.params.service) url.searchParams.append('service', challenge.params.service);
  url.searchParams.append('scope', `repository:${image.repository}:pull`);

  const reply = await http.get(url);
  const body = (await http.read(reply, SMALL_BODY_CAP_BYTES)).data.toString('utf8');
  if (reply.status === 401 || reply.status === 403) {
    throw new ProbeFailure('auth-required', msg('probe.verdict.auth-required.token-refused', { realm: safeUrl(realm), repository: image.repository, status: reply.status }));
  }
  if (reply.status !== 200) {
    throw new ProbeFailure('error', msg('probe.verdict.error.token-service-status', { realm: safeUrl(realm), host: registry.host, status: reply.status }));
  }
  const token = tokenIn(body);
  if (!token) {
    throw new ProbeFailure('error', msg('probe.verdict.error.token-missing', { realm: safeUrl(realm), host: registry.host }));
  }
  return `Bearer ${token}`;
}

/** Anonymous: nothing secret goes to the realm, so any http(s) URL will do. */
function realmUrl(realm: string | undefined, registry: URL): URL {
  const { host } = registry;
  if (!realm) throw new ProbeFailure('error', msg('probe.verdict.error.realm-missing', { host }));
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    throw new ProbeFailure('error', msg('probe.verdict.error.realm-not-url', { host, realm: JSON.stringify(realm.slice(0, 200)) }));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ProbeFailure('error', msg('probe.verdict.error.realm-scheme', { host, scheme: url.protocol }));
  return url;
}

/** `access_token` wins over `token` (Distribution's rule); only visible ASCII can go into a header. */
function tokenIn(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const fields = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const token = [fields.access_token, fields.token].find((value) => typeof value === 'string' && value !== '');
  return typeof token === 'string' && /^[\x21-\x7e]+$/.test(token) ? token : undefined;
}
