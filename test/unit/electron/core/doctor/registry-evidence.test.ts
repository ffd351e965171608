import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceHttp, recordUrl, redactTokens } from '../../../../../electron/core/doctor/evidence/http-exchange';
import { PROBE_BLOB_DIGEST, probePush, pushScope, tokenOf } from '../../../../../electron/core/doctor/evidence/push-probe';
import { gatherRegistryEvidence } from '../../../../../electron/core/doctor/evidence/registry';
import type { SkippedCheck } from '../../../../../shared/doctor';
import { english } from '../../../../harness/english';

const USER = 'dev';
const PASSWORD = 'S3cret-pass-for-doctor';
const TOKEN = 'tok-ABCDEFGH-0123456789';
const ANON_TOKEN = 'anon-tok-ZYXWVU-987';
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');

let server: Server;
let base: string;
/** How the fake registry answers the probe's upload: the cancel's status, a pull side that never sees the blob, a Location elsewhere. */
const fake: { cancel: number; split: boolean; location?: string } = { cancel: 204, split: false };
const sessions = new Set<string>();
let blobStored = false;
let sessionCount = 0;
const seen: Array<{ method: string; url: string; authorization?: string; contentType?: string }> = [];

/** A registry behind a token service, both on one node:http server; every error body echoes the Authorization it got. */
function handler(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', base);
  const authorization = request.headers.authorization;
  seen.push({ method: request.method ?? '', url: url.pathname + url.search, authorization, contentType: request.headers['content-type'] });
  const json = (status: number, value: unknown, headers: Record<string, string> = {}): void => {
    response.writeHead(status, { 'content-type': 'application/json', 'docker-distribution-api-version': 'registry/2.0', ...headers }).end(JSON.stringify(value));
  };
  const challenge = { 'www-authenticate': `Bearer realm="${base}/token",service="fake-registry"` };
  if (url.pathname === '/token') {
    if (authorization === undefined) return json(200, { token: ANON_TOKEN, expires_in: 300 });
    if (authorization === `Basic ${BASIC}`) return json(200, { token: TOKEN, access_token: TOKEN, expires_in: 300 });
    return json(401, { errors: [{ code: 'UNAUTHORIZED', message: `bad ${authorization}` }] });
  }
  if (authorization !== `Bearer ${TOKEN}`) return json(401, { errors: [{ code: 'UNAUTHORIZED', message: `you sent ${authorization ?? 'nothing'}` }] }, challenge);
  if (request.method === 'PUT' && url.pathname === '/v2/team/app/manifests/dockside-push-probe') {
    // As Distribution: permission checked, then the manifest refused; the error echoes the token to test the redaction.
    return json(400, { errors: [{ code: 'MANIFEST_INVALID', message: 'manifest invalid', detail: `for ${TOKEN}` }] });
  }
  if (request.method === 'POST' && url.pathname === '/v2/team/app/blobs/uploads/') {
    sessionCount += 1;
    const id = `session-${sessionCount}`;
    sessions.add(id);
    return json(202, {}, { location: `${fake.location ?? base}/v2/team/app/blobs/uploads/${id}?_state=st-${id}` });
  }
  const session = /^\/v2\/team\/app\/blobs\/uploads\/(session-\d+)$/.exec(url.pathname)?.[1];
  if (session !== undefined && sessions.has(session) && request.method === 'DELETE') {
    if (fake.cancel !== 204) return json(fake.cancel, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }, { 'www-authenticate': `${challenge['www-authenticate']},error="insufficient_scope"` });
    sessions.delete(session);
    response.writeHead(204).end();
    return;
  }
  if (session !== undefined && sessions.has(session) && request.method === 'PUT' && url.searchParams.get('digest') === PROBE_BLOB_DIGEST) {
    sessions.delete(session);
    request.on('data', () => undefined).on('end', () => {
      blobStored = true;
      response.writeHead(201, { location: `/v2/team/app/blobs/${PROBE_BLOB_DIGEST}` }).end();
    });
    return;
  }
  if (request.method === 'HEAD' && url.pathname === `/v2/team/app/blobs/${PROBE_BLOB_DIGEST}`) {
    // A split front sends HEAD to a pull side that never sees the stored blob.
    response.writeHead(blobStored && !fake.split ? 200 : 404).end();
    return;
  }
  json(404, { errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] });
}

beforeEach(() => {
  seen.length = 0;
  sessions.clear();
  sessionCount = 0;
  blobStored = false;
  Object.assign(fake, { cancel: 204, split: false, location: undefined });
});

beforeAll(async () => {
  server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('gatherRegistryEvidence over http with a token realm', () => {
  it('records the ping, the challenge, the anonymous token and repository, and the push probe; never a secret', async () => {
    seen.length = 0;
    const skipped: SkippedCheck[] = [];
    const evidence = await gatherRegistryEvidence({
      registry: new URL(base).host,
      repository: 'team/app',
      scheme: 'http',
      ca: [],
      timeoutMs: 5000,
      credentials: { username: USER, password: PASSWORD },
      skipped,
    });
    expect(evidence.ping).toMatchObject({ method: 'GET', url: `${base}/v2/`, status: 401, error: null });
    expect(evidence.ping.headers['docker-distribution-api-version']).toBe('registry/2.0');
    expect(evidence.challenges).toEqual([{ scheme: 'bearer', params: { realm: `${base}/token`, service: 'fake-registry' } }]);
    expect(evidence.anonymousToken).toMatchObject({ status: 200, url: `${base}/token?service=fake-registry&scope=repository%3Ateam%2Fapp%3Apull` });
    expect(evidence.anonymousToken?.body).toContain('"token":"***"');
    expect(evidence.anonymousRepository).toMatchObject({ method: 'GET', url: `${base}/v2/team/app/tags/list`, status: 401 });
    expect(evidence.tls).toBeNull();
    expect(evidence.push?.start).toMatchObject({ method: 'PUT', url: `${base}/v2/team/app/manifests/dockside-push-probe`, status: 400 });
    expect(evidence.push?.start.body).toContain('MANIFEST_INVALID');
    expect(evidence.push?.start.body).not.toContain(TOKEN);
    expect(skipped).toEqual([]);

    // What went over the wire: the push token (asking delete too), the manifest PUT, an upload opened and cancelled, the probe blob stored and HEADed.
    const tokenRequest = seen.find((entry) => entry.url.startsWith('/token') && entry.authorization !== undefined);
    expect(new URLSearchParams(tokenRequest?.url.split('?')[1]).get('scope')).toBe('repository:team/app:pull,push,delete');
    const bearer = `Bearer ${TOKEN}`;
    expect(seen.filter((entry) => entry.method !== 'GET')).toEqual([
      { method: 'PUT', url: '/v2/team/app/manifests/dockside-push-probe', authorization: bearer, contentType: 'application/vnd.docker.distribution.manifest.v2+json' },
      { method: 'POST', url: '/v2/team/app/blobs/uploads/', authorization: bearer, contentType: undefined },
      { method: 'DELETE', url: '/v2/team/app/blobs/uploads/session-1?_state=st-session-1', authorization: bearer, contentType: undefined },
      { method: 'HEAD', url: `/v2/team/app/blobs/${PROBE_BLOB_DIGEST}`, authorization: bearer, contentType: undefined },
      { method: 'POST', url: '/v2/team/app/blobs/uploads/', authorization: bearer, contentType: undefined },
      { method: 'PUT', url: `/v2/team/app/blobs/uploads/session-2?_state=st-session-2&digest=${encodeURIComponent(PROBE_BLOB_DIGEST)}`, authorization: bearer, contentType: 'application/octet-stream' },
      { method: 'HEAD', url: `/v2/team/app/blobs/${PROBE_BLOB_DIGEST}`, authorization: bearer, contentType: undefined },
    ]);
    expect(evidence.push?.upload).toMatchObject({ open: { status: 202 }, cancel: { method: 'DELETE', status: 204 } });
    expect(evidence.push?.upload?.cancel?.url).toBe(`${base}/v2/team/app/blobs/uploads/session-1?_state=***`);
    expect(evidence.push?.blob).toMatchObject({ before: { status: 404 }, stored: [{ status: 202 }, { method: 'PUT', status: 201 }], after: { method: 'HEAD', status: 200 } });

    const recorded = JSON.stringify(evidence);
    for (const secret of [PASSWORD, BASIC, TOKEN, ANON_TOKEN]) expect(recorded).not.toContain(secret);
    expect(recorded).not.toMatch(/authorization/i);
  });

  it('records a refused cancel (the token lacks delete) and a pull side that does not see the stored blob', async () => {
    Object.assign(fake, { cancel: 401, split: true });
    const evidence = await gatherRegistryEvidence({ registry: new URL(base).host, repository: 'team/app', scheme: 'http', ca: [], timeoutMs: 5000, credentials: { username: USER, password: PASSWORD } });
    expect(evidence.push?.upload).toMatchObject({ open: { status: 202 }, cancel: { status: 401 } });
    expect(evidence.push?.upload?.cancel?.headers['www-authenticate']).toContain('insufficient_scope');
    expect(evidence.push?.blob).toMatchObject({ before: { status: 404 }, stored: [{ status: 202 }, { status: 201 }], after: { status: 404 } });
    expect(blobStored).toBe(true);
  });

  it('stores nothing more once the probe blob is visible, and follows no Location to another origin', async () => {
    blobStored = true;
    const visible = await gatherRegistryEvidence({ registry: new URL(base).host, repository: 'team/app', scheme: 'http', ca: [], timeoutMs: 5000, credentials: { username: USER, password: PASSWORD } });
    expect(visible.push?.blob).toEqual({ before: expect.objectContaining({ status: 200 }), stored: [], after: null });
    expect(seen.filter((entry) => entry.method === 'PUT' && entry.url.includes('/blobs/'))).toEqual([]);

    seen.length = 0;
    fake.location = 'http://elsewhere.invalid:5000';
    const elsewhere = await gatherRegistryEvidence({ registry: new URL(base).host, repository: 'team/app', scheme: 'http', ca: [], timeoutMs: 5000, credentials: { username: USER, password: PASSWORD } });
    expect(elsewhere.push?.upload).toMatchObject({ open: { status: 202, error: { code: 'location-elsewhere' } }, cancel: null });
    expect(elsewhere.push?.blob).toBeNull();
    expect(seen.filter((entry) => entry.method === 'DELETE')).toEqual([]);
  });

  it('stands the failed token request in for the probe when the password is refused, the echo blanked', async () => {
    const evidence = await gatherRegistryEvidence({ registry: new URL(base).host, repository: 'team/app', scheme: 'http', ca: [], timeoutMs: 5000, credentials: { username: USER, password: 'wrong-password-xyz' } });
    expect(evidence.push).toMatchObject({ start: { method: 'GET', status: 401 } });
    expect(evidence.push?.start.url).toContain('account=***');
    expect(JSON.stringify(evidence)).not.toContain('wrong-password-xyz');
    expect(JSON.stringify(evidence)).not.toContain(Buffer.from(`${USER}:wrong-password-xyz`).toString('base64'));
  });

  it('skips the push probe without credentials or without a repository, saying why', async () => {
    const skipped: SkippedCheck[] = [];
    const noRepo = await gatherRegistryEvidence({ registry: new URL(base).host, repository: null, scheme: 'http', ca: [], timeoutMs: 5000, credentials: { username: USER, password: PASSWORD }, skipped });
    expect(noRepo.push).toBeNull();
    expect(noRepo.anonymousRepository).toBeNull();
    const noCreds = await gatherRegistryEvidence({ registry: new URL(base).host, repository: 'team/app', scheme: 'http', ca: [], timeoutMs: 5000, credentials: null, skipped });
    expect(noCreds.push).toBeNull();
    expect(skipped.map((entry) => entry.check)).toEqual(['push-probe', 'push-probe']);
  });

  it('records a refused connection as the ping error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const port = typeof address === 'object' && address ? address.port : 0;
    const skipped: SkippedCheck[] = [];
    const evidence = await gatherRegistryEvidence({ registry: `127.0.0.1:${port}`, repository: 'team/app', scheme: 'https', ca: [], timeoutMs: 2000, credentials: { username: USER, password: PASSWORD }, skipped });
    expect(evidence.ping).toMatchObject({ status: null, error: { code: 'connection-refused' } });
    expect(evidence.tls).toBeNull();
    expect(evidence.push).toBeNull();
    expect(skipped.map((entry) => entry.check).sort()).toEqual(['push-probe', 'tls']);
  });
});

describe('evidence helpers', () => {
  it('blanks token values in JSON, even cut off', () => {
    expect(redactTokens('{"token":"abc","access_token":"def","expires_in":60}')).toBe('{"token":"***","access_token":"***","expires_in":60}');
    expect(redactTokens('{"refresh_token":"abc')).toBe('{"refresh_token":"***');
    expect(redactTokens('{"token":""}')).toBe('{"token":""}');
  });

  it('records URLs without user info or credential parameters', () => {
    expect(recordUrl(new URL('https://u:p@h:5000/v2/x/blobs/uploads/1?_state=abc&digest=sha256:1'))).toBe('https://h:5000/v2/x/blobs/uploads/1?_state=***&digest=sha256%3A1');
    expect(recordUrl(new URL('https://h/token?service=s&scope=repository:a:pull'))).toBe('https://h/token?service=s&scope=repository:a:pull');
  });

  it('asks the push scope with delete (for cancelling its upload) and reads tokens as Distribution does', () => {
    expect(pushScope('team/app')).toBe('repository:team/app:pull,push,delete');
    expect(tokenOf('{"token":"a","access_token":"b"}')).toBe('b');
    expect(tokenOf('{"token":"a"}')).toBe('a');
    expect(tokenOf('{"token":"a b"}')).toBeNull();
    expect(tokenOf('<html>')).toBeNull();
  });
});

describe('the push probe and the evidence requests, for the password never going in clear', () => {
  let capture: Server;
  let captureBase: string;
  const captured: Array<{ url: string; authorization?: string }> = [];
  beforeAll(async () => {
    capture = createServer((request, response) => {
      captured.push({ url: request.url ?? '', authorization: request.headers.authorization });
      if (request.url === '/echo') {
        // Echoes the password as servers do: URL-encoded, upper- and lower-cased.
        response.writeHead(401, { 'content-type': 'application/json', 'x-echo': encodeURIComponent(PASSWORD) });
        response.end(JSON.stringify({ errors: [{ message: `${PASSWORD.toUpperCase()} ${PASSWORD.toLowerCase()} ${encodeURIComponent(PASSWORD)}` }] }));
        return;
      }
      if (request.url === '/trickle') {
        response.writeHead(200, { 'content-type': 'application/json' });
        const timer = setInterval(() => response.write(' '), 50);
        response.on('close', () => clearInterval(timer));
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: TOKEN }));
    });
    await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
    const address = capture.address();
    captureBase = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => capture.close(() => resolve())));

  it('sends the stored password to no http:// realm of an https registry: the probe stands as not sent, token-realm-not-https', async () => {
    captured.length = 0;
    const http = new EvidenceHttp([], 2000);
    try {
      const probe = await probePush(http, {
        base: new URL('https://registry.test:5000'),
        repository: 'team/app',
        challenges: [{ scheme: 'bearer', params: { realm: `${captureBase}/token`, service: 'x' } }],
        credentials: { username: USER, password: PASSWORD },
      });
      expect(probe.start).toMatchObject({ method: 'GET', url: `${captureBase}/token`, status: null, error: { code: 'token-realm-not-https' } });
      expect(probe.start.error && english(probe.start.error)).toContain('proxy_set_header X-Forwarded-Proto https;');
      expect(captured).toEqual([]);
    } finally {
      await http.close();
    }
  });

  it('blanks the password from recorded headers and bodies in its URL-encoded and case-changed forms', async () => {
    const http = new EvidenceHttp([], 2000);
    http.addSecret(PASSWORD);
    try {
      const { exchange } = await http.send('GET', new URL(`${captureBase}/echo`));
      const recorded = JSON.stringify(exchange).toLowerCase();
      expect(recorded).not.toContain(PASSWORD.toLowerCase());
      expect(recorded).not.toContain(encodeURIComponent(PASSWORD).toLowerCase());
      expect(exchange.headers['x-echo']).toBe('***');
      expect(exchange.body).toContain('*** *** ***');
    } finally {
      await http.close();
    }
  });

  it('records a body trickling past the timeout as a timeout naming the host, within the deadline', async () => {
    const http = new EvidenceHttp([], 400);
    const started = Date.now();
    try {
      const { exchange } = await http.send('GET', new URL(`${captureBase}/trickle`));
      expect(exchange).toMatchObject({ status: null, error: { code: 'timeout' } });
      expect(exchange.error && english(exchange.error)).toContain(new URL(captureBase).host);
      expect(exchange.error && english(exchange.error)).toContain('400 ms');
      expect(Date.now() - started).toBeLessThan(2500);
    } finally {
      await http.close();
    }
  });
});
