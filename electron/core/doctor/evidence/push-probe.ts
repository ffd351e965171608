import { createHash } from 'node:crypto';
import type { ErrorValue } from '../../../../shared/result';
import { toErrorValue } from '../../errors';
import { basicAuthorization } from '../../registry/registry-client';
import { tokenRealmFor } from '../../registry/token-realm';
import type { Challenge } from '../../registry/www-authenticate';
import { type EvidenceHttp, recordUrl } from './http-exchange';
import type { HttpExchange, PushProbe } from './types';

/**
 * Can these credentials push to this repository, and does the push path hold together? First
 * without writing anything: PUT a manifest that is invalid on purpose under a probe tag. The
 * registry checks push permission before it reads the body, then refuses the manifest (400
 * MANIFEST_INVALID: push allowed, nothing stored); 401/403/denied: not allowed, and the body says
 * why (a Nexus group, a proxy's 404 page, ...). Then an upload session, opened and cancelled
 * (the cancel needs the `delete` action on Distribution, so the token asks for it too; Docker's
 * own push never needs it; Distribution keeps a cancelled session's hash state until its upload
 * purging). Last, the probe blob: a few fixed bytes, stored at most once per
 * repository (content-addressed, referenced by no manifest, so garbage collection removes it),
 * HEADed as Docker does after each blob upload, which an nginx GET/PUT split sends to its pull
 * side. Authentication is Docker's: the scheme of the /v2/ challenge (Basic, or a Bearer token
 * asked with the credentials); no challenge (an open /v2/) means Docker sends no credentials
 * either.
 */

/** Never a real tag: a registry that took the manifest anyway would show where it came from. */
export const PROBE_TAG = 'dockside-push-probe';
/** Parses as JSON but is no manifest: every registry must refuse it. */
const INVALID_MANIFEST = '{}';
const MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';
/** The probe blob: fixed, so a repository holds it once however often the doctor runs; says where it came from. */
export const PROBE_BLOB = 'dockside push probe\n';
export const PROBE_BLOB_DIGEST = `sha256:${createHash('sha256').update(PROBE_BLOB).digest('hex')}`;

export interface PushProbeInput {
  /** `https://host:port` (no path). */
  base: URL;
  repository: string;
  /** The challenges of the anonymous /v2/ ping (empty when it answered 200). */
  challenges: Challenge[];
  credentials: { username: string; password: string };
}

/** The token scope Docker asks for a push, and `delete` for cancelling the probe's upload session (a server grants what it may). */
export function pushScope(repository: string): string {
  return `repository:${repository}:pull,push,delete`;
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
    if ('failed' in issued) return { start: issued.failed, upload: null, blob: null };
    authorization = `Bearer ${issued.token}`;
  } else if (hasBasic) {
    authorization = basic;
  }

  const manifest = new URL(`/v2/${input.repository}/manifests/${PROBE_TAG}`, input.base);
  const attempt = await http.send('PUT', manifest, { authorization, body: INVALID_MANIFEST, contentType: MANIFEST_TYPE });
  const upload = await openAndCancel(http, input, authorization);
  const blob = upload.cancel === null ? null : await roundTripBlob(http, input, authorization);
  return { start: attempt.exchange, upload, blob };
}

/** POST an upload session and DELETE it: nothing stored. */
async function openAndCancel(http: EvidenceHttp, input: PushProbeInput, authorization: string | undefined): Promise<NonNullable<PushProbe['upload']>> {
  const opened = await openUpload(http, input, authorization);
  if ('failed' in opened) return { open: opened.failed, cancel: null };
  const cancel = await http.send('DELETE', opened.location, { authorization });
  return { open: opened.open, cancel: cancel.exchange };
}

/** The probe blob through the front: HEAD; when absent, POST + PUT ?digest=, then HEAD again. */
async function roundTripBlob(http: EvidenceHttp, input: PushProbeInput, authorization: string | undefined): Promise<PushProbe['blob']> {
  const blobUrl = new URL(`/v2/${input.repository}/blobs/${PROBE_BLOB_DIGEST}`, input.base);
  const before = (await http.send('HEAD', blobUrl, { authorization })).exchange;
  if (before.status === 200) return { before, stored: [], after: null };
  const opened = await openUpload(http, input, authorization);
  if ('failed' in opened) return { before, stored: [opened.failed], after: null };
  const put = new URL(opened.location);
  put.searchParams.set('digest', PROBE_BLOB_DIGEST);
  const stored = (await http.send('PUT', put, { authorization, body: PROBE_BLOB, contentType: 'application/octet-stream' })).exchange;
  if (stored.status !== 201) return { before, stored: [opened.open, stored], after: null };
  const after = (await http.send('HEAD', blobUrl, { authorization })).exchange;
  return { before, stored: [opened.open, stored], after };
}

/**
 * `POST /v2/<repo>/blobs/uploads/`; the session's Location when 202. A Location on another
 * origin is not followed: the credentials go only where the user pointed the doctor.
 */
async function openUpload(http: EvidenceHttp, input: PushProbeInput, authorization: string | undefined): Promise<{ open: HttpExchange; location: URL } | { failed: HttpExchange }> {
  const reply = await http.send('POST', new URL(`/v2/${input.repository}/blobs/uploads/`, input.base), { authorization, body: '' });
  const header = reply.headers.location;
  const value = Array.isArray(header) ? header[0] : header;
  if (reply.exchange.status !== 202 || value === undefined || !URL.canParse(value, input.base.href)) return { failed: reply.exchange };
  const location = new URL(value, input.base);
  if (location.origin !== input.base.origin) {
    const params = { location: recordUrl(location), origin: input.base.origin };
    return { failed: { ...reply.exchange, error: { code: 'location-elsewhere', key: 'doctor.error.location-elsewhere', params } } };
  }
  return { open: reply.exchange, location };
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
    return { failed: notSent(URL.canParse(challenge.params.realm ?? '') ? new URL(challenge.params.realm ?? '') : input.base, toErrorValue(error)) };
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
    return { failed: { ...reply.exchange, error: { code: 'token-invalid', key: 'doctor.error.token-invalid', params: {} } } };
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

function notSent(url: URL, error: ErrorValue): PushProbe['start'] {
  return { method: 'GET', url: `${url.origin}${url.pathname}`, status: null, headers: {}, body: '', error };
}
