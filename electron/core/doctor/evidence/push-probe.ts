import { toErrorValue } from '../../errors';
import { basicAuthorization } from '../../registry/registry-client';
import { tokenRealmFor } from '../../registry/token-realm';
import type { Challenge } from '../../registry/www-authenticate';
import type { EvidenceHttp } from './http-exchange';
import type { PushProbe } from './types';

/**
 * Can these credentials push to this repository? Asked without writing anything: PUT a manifest
 * that is invalid on purpose under a probe tag. The registry checks push permission before it
 * reads the body, then refuses the manifest (400 MANIFEST_INVALID: push allowed, nothing stored);
 * 401/403/denied: not allowed, and the body says why (a Nexus group, a proxy's 404 page, ...).
 * An upload session (POST, then DELETE) would do too, but Distribution 2.8 leaves the cancelled
 * session's hash state on disk. Authentication is Docker's: the scheme of the /v2/ challenge
 * (Basic, or a Bearer token asked with the credentials); no challenge (an open /v2/) means
 * Docker sends no credentials either.
 */

/** Never a real tag: a registry that took the manifest anyway would show where it came from. */
export const PROBE_TAG = 'dockside-push-probe';
/** Parses as JSON but is no manifest: every registry must refuse it. */
const INVALID_MANIFEST = '{}';
const MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';

export interface PushProbeInput {
  /** `https://host:port` (no path). */
  base: URL;
  repository: string;
  /** The challenges of the anonymous /v2/ ping (empty when it answered 200). */
  challenges: Challenge[];
  credentials: { username: string; password: string };
}

/** The token scope Docker asks for a push. */
export function pushScope(repository: string): string {
  return `repository:${repository}:push,pull`;
}

export async function probePush(http: EvidenceHttp, input: PushProbeInput): Promise<PushProbe> {
  const basic = basicAuthorization(input.credentials.username, input.credentials.password);
  http.addSecret(input.credentials.password);
  http.addSecret(basic.slice('Basic '.length));
  const bearer = input.challenges.find((challenge) => challenge.scheme === 'bearer');
  const hasBasic = input.challenges.some((challenge) => challenge.scheme === 'basic');

  let authorization: string | undefined;
  if (bearer) {
    const issued = await requestToken(http, input, bearer, basic);
    if ('failed' in issued) return { start: issued.failed };
    authorization = `Bearer ${issued.token}`;
  } else if (hasBasic) {
    authorization = basic;
  }

  const manifest = new URL(`/v2/${input.repository}/manifests/${PROBE_TAG}`, input.base);
  const attempt = await http.send('PUT', manifest, { authorization, body: INVALID_MANIFEST, contentType: MANIFEST_TYPE });
  return { start: attempt.exchange };
}

/**
 * Docker's token request for a push: Basic credentials to the realm, the challenge's service,
 * the push scope, its account and client id. When it fails, that request is the evidence (its
 * exchange stands as the probe's start: no upload was attempted).
 */
async function requestToken(http: EvidenceHttp, input: PushProbeInput, challenge: Challenge, basic: string): Promise<{ token: string } | { failed: PushProbe['start'] }> {
  let realm: URL;
  try {
    // The rule login follows: the password goes to the realm over https only (an insecure registry: its own host).
    realm = tokenRealmFor(challenge.params.realm, input.base, input.base.host);
  } catch (error) {
    const { code, message } = toErrorValue(error);
    return { failed: notSent(URL.canParse(challenge.params.realm ?? '') ? new URL(challenge.params.realm ?? '') : input.base, message, code) };
  }
  const url = new URL(realm);
  if (challenge.params.service) url.searchParams.append('service', challenge.params.service);
  url.searchParams.append('scope', pushScope(input.repository));
  url.searchParams.append('offline_token', 'true');
  url.searchParams.append('client_id', 'docker');
  url.searchParams.append('account', input.credentials.username);
  const reply = await http.send('GET', url, { authorization: basic });
  if (reply.exchange.status !== 200) return { failed: reply.exchange };
  const token = tokenOf(reply.body);
  if (token === null) {
    return { failed: { ...reply.exchange, error: { code: 'token-invalid', message: 'The token service answered 200 without a usable "token" or "access_token".' } } };
  }
  http.addSecret(token);
  return { token };
}

/** `access_token` wins over `token`; only visible ASCII may go into a header. */
export function tokenOf(body: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const fields = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const token = [fields.access_token, fields.token].find((value) => typeof value === 'string' && value !== '');
  return typeof token === 'string' && /^[\x21-\x7e]+$/.test(token) ? token : null;
}

function notSent(url: URL, message: string, code: string): PushProbe['start'] {
  return { method: 'GET', url: `${url.origin}${url.pathname}`, status: null, headers: {}, body: '', error: { code, message } };
}
