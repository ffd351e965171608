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

export const ANONYMOUS_PULL_NEEDED =
  'Docker reaches mirrors without credentials, so a Nexus proxy or group used as a mirror must allow anonymous pull: activate the "Docker Bearer Token Realm", enable anonymous access, and tick "Allow anonymous docker pull" on the repository.';

/** The Authorization header value an anonymous pull of `image` sends. */
export async function anonymousAuthorization(http: ProbeHttp, registry: URL, challenge: Challenge, image: HubImage): Promise<string> {
  if (challenge.scheme === 'basic') {
    throw new ProbeFailure('auth-required', `${registry.host} asks for a user name and password even to pull (a Basic challenge at /v2/). ${ANONYMOUS_PULL_NEEDED}`);
  }
  const realm = realmUrl(challenge.params.realm, registry);
  const url = new URL(realm);
  if (challenge.params.service) url.searchParams.append('service', challenge.params.service);
  url.searchParams.append('scope', `repository:${image.repository}:pull`);

  const reply = await http.get(url);
  const body = (await http.read(reply, SMALL_BODY_CAP_BYTES)).data.toString('utf8');
  if (reply.status === 401 || reply.status === 403) {
    throw new ProbeFailure('auth-required', `The token service ${safeUrl(realm)} refused an anonymous token to pull ${image.repository} (HTTP ${reply.status}). ${ANONYMOUS_PULL_NEEDED}`);
  }
  if (reply.status !== 200) {
    throw new ProbeFailure('error', `The token service ${safeUrl(realm)} named by ${registry.host} answered HTTP ${reply.status} to an anonymous token request: it is failing or misconfigured (for Nexus behind a reverse proxy: X-Forwarded-Proto and Host).`);
  }
  const token = tokenIn(body);
  if (!token) {
    throw new ProbeFailure('error', `The token service ${safeUrl(realm)} answered HTTP 200 without a usable "token" or "access_token": the realm in ${registry.host}'s challenge probably points at the wrong service.`);
  }
  return `Bearer ${token}`;
}

/** Anonymous: nothing secret goes to the realm, so any http(s) URL will do. */
function realmUrl(realm: string | undefined, registry: URL): URL {
  const refuse = (why: string): never => {
    throw new ProbeFailure('error', `${registry.host} asks for a Bearer token but ${why}, so Docker cannot get one. The registry's token configuration is wrong (for Nexus behind a reverse proxy: X-Forwarded-Proto and Host).`);
  };
  if (!realm) return refuse('its challenge names no realm (token service URL)');
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    return refuse(`its realm ${JSON.stringify(realm.slice(0, 200))} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse(`its realm is a ${url.protocol} URL`);
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
