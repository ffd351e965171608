import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DocksideError } from '../../../../../electron/core/errors';
import { basicAuthorization, type RegistryEndpoint, registryAuthScheme, verifyLogin } from '../../../../../electron/core/registry/registry-client';
import { type CertificateAuthority, createCa, issueCert } from '../../../../harness/certs';
import { freePort } from '../../../../harness/ports';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { english } from '../../../../harness/english';

/**
 * verifyLogin against local HTTPS servers that answer like a Distribution registry and its
 * token service. They are test doubles, each told what to answer for one case; the e2e suite
 * runs the same handshake against a real docker-registry.
 */

const USER = 'dev';
const PASSWORD = 'S3cret-Pa55:word';
const GOOD_TOKEN = 'token-issued-by-the-double';
const API_VERSION = { 'docker-distribution-api-version': 'registry/2.0' };
const UNAUTHORIZED_BODY = { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required', detail: null }] };

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface Double {
  hostPort: string;
  /** Every request, in order, with its credentials: proof of what was sent and that nothing was retried. */
  requests: Array<{ path: string; query: URLSearchParams; authorization: string | undefined }>;
  /** What the double answers; each test sets its own. */
  handler: Handler;
  close(): Promise<void>;
}

async function startDouble(server: Server): Promise<Double> {
  const double: Double = {
    hostPort: '',
    requests: [],
    handler: (_req, res) => res.writeHead(500).end(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://double.invalid');
    double.requests.push({ path: url.pathname, query: url.searchParams, authorization: req.headers.authorization });
    double.handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  double.hostPort = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return double;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', ...API_VERSION }).end(JSON.stringify(body));
}

/** /v2/ of a registry that accepts one Authorization value and challenges everything else. */
function v2Requiring(accepted: string, challenge: string | string[]): Handler {
  return (req, res) => {
    if (req.headers.authorization === accepted) {
      json(res, 200, {});
      return;
    }
    res.setHeader('www-authenticate', challenge);
    json(res, 401, UNAUTHORIZED_BODY);
  };
}

/** A token endpoint that checks the Basic credentials, then answers `body` as it is. */
function tokenEndpoint(body: string, contentType = 'application/json'): Handler {
  return (req, res) => {
    if (req.headers.authorization === basicAuthorization(USER, PASSWORD)) res.writeHead(200, { 'content-type': contentType }).end(body);
    // Some token services echo what they were given; the message must still hide the password.
    else json(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: `bad credentials for ${USER} (${PASSWORD})` }] });
  };
}

/** The rejection, checked to be a DocksideError that gives away none of the secrets. */
async function failure(attempt: Promise<unknown>, password = PASSWORD): Promise<DocksideError> {
  const error: unknown = await attempt.then(
    () => new Error('verifyLogin succeeded'),
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(DocksideError);
  const { message } = error as DocksideError;
  const base64 = basicAuthorization(USER, password).slice('Basic '.length);
  for (const secret of [password, base64, GOOD_TOKEN]) expect(message).not.toContain(secret);
  return error as DocksideError;
}

describe('verifyLogin against test doubles of a registry (local HTTPS servers)', () => {
  let tmp: TempDir;
  let ca: CertificateAuthority;
  let registry: Double;
  let tokenService: Double;
  let endpoint: RegistryEndpoint;
  const credentials = { username: USER, password: PASSWORD };
  const bearerChallenge = (): string => `Bearer realm="https://${tokenService.hostPort}/token",service="registry.test",scope="repository:team/app:pull"`;

  beforeAll(async () => {
    tmp = makeTempDir('registry-client');
    ca = await createCa(tmp.path, { commonName: 'Registry Client Test CA' });
    const leaf = await issueCert(ca, tmp.path, { commonName: '127.0.0.1', ipAddresses: ['127.0.0.1'] });
    // The chain (leaf then CA), as nginx serves a fullchain file.
    const tls = { cert: readFileSync(leaf.chainPath), key: readFileSync(leaf.keyPath) };
    registry = await startDouble(createHttpsServer(tls));
    tokenService = await startDouble(createHttpsServer(tls));
    endpoint = { hostPort: registry.hostPort, ca: [ca.pem], timeoutMs: 2000 };
  });

  afterAll(async () => {
    await Promise.all([registry?.close(), tokenService?.close()]);
    tmp?.remove();
  });

  beforeEach(() => {
    registry.requests.length = 0;
    tokenService.requests.length = 0;
  });

  describe('a double answering a Basic challenge', () => {
    beforeEach(() => {
      registry.handler = v2Requiring(basicAuthorization(USER, PASSWORD), 'Basic realm="Registry Realm"');
    });

    it('signs in with Basic credentials after the challenge', async () => {
      await expect(verifyLogin(endpoint, credentials)).resolves.toEqual({ scheme: 'basic' });
      expect(registry.requests.map((r) => r.authorization)).toEqual([undefined, basicAuthorization(USER, PASSWORD)]);
    });

    it('reports a wrong password as unauthorized after exactly one attempt', async () => {
      const error = await failure(verifyLogin(endpoint, { username: USER, password: 'Wr0ng-Pa55' }), 'Wr0ng-Pa55');
      expect(error.code).toBe('unauthorized');
      expect(english(error)).toMatch(/^unauthorized: /);
      expect(english(error)).toContain('HTTP 401');
      expect(registry.requests.filter((r) => r.authorization !== undefined)).toHaveLength(1);
    });
  });

  describe('a double answering a Bearer challenge, with a double token service on another port', () => {
    it('fetches a token as docker login does and signs in with it', async () => {
      registry.handler = v2Requiring(`Bearer ${GOOD_TOKEN}`, bearerChallenge());
      tokenService.handler = tokenEndpoint(JSON.stringify({ token: GOOD_TOKEN, expires_in: 300 }));
      await expect(verifyLogin(endpoint, credentials)).resolves.toEqual({ scheme: 'bearer', realm: `https://${tokenService.hostPort}/token` });
      const [tokenRequest] = tokenService.requests;
      expect(tokenService.requests).toHaveLength(1);
      expect(tokenRequest?.authorization).toBe(basicAuthorization(USER, PASSWORD));
      expect(Object.fromEntries(tokenRequest?.query ?? [])).toEqual({
        service: 'registry.test',
        scope: 'repository:team/app:pull',
        offline_token: 'true',
        client_id: 'docker',
        account: USER,
      });
    });

    it('uses access_token when the token service sends both', async () => {
      registry.handler = v2Requiring(`Bearer ${GOOD_TOKEN}`, bearerChallenge());
      tokenService.handler = tokenEndpoint(JSON.stringify({ token: 'stale-token', access_token: GOOD_TOKEN }));
      await expect(verifyLogin(endpoint, credentials)).resolves.toMatchObject({ scheme: 'bearer' });
      expect(registry.requests.at(-1)?.authorization).toBe(`Bearer ${GOOD_TOKEN}`);
    });

    it('prefers Bearer when Basic is offered too', async () => {
      registry.handler = v2Requiring(`Bearer ${GOOD_TOKEN}`, ['Basic realm="Registry Realm"', bearerChallenge()]);
      tokenService.handler = tokenEndpoint(JSON.stringify({ token: GOOD_TOKEN }));
      await expect(verifyLogin(endpoint, credentials)).resolves.toMatchObject({ scheme: 'bearer' });
      expect(registry.requests.some((r) => r.authorization?.startsWith('Basic'))).toBe(false);
    });

    it('reports a password the token service rejects as unauthorized, once, hiding what the service echoed', async () => {
      registry.handler = v2Requiring(`Bearer ${GOOD_TOKEN}`, bearerChallenge());
      tokenService.handler = (_req, res) => json(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: `bad credentials for ${USER} (Wr0ng-Pa55)` }] });
      const error = await failure(verifyLogin(endpoint, { username: USER, password: 'Wr0ng-Pa55' }), 'Wr0ng-Pa55');
      expect(error.code).toBe('unauthorized');
      expect(english(error)).toContain('unauthorized');
      expect(english(error)).toContain('(***)');
      expect(tokenService.requests).toHaveLength(1);
      expect(registry.requests).toHaveLength(1);
    });

    it.each([
      ['an HTML page', '<html><body>Sign in</body></html>', 'text/html'],
      ['JSON without a token', JSON.stringify({ expires_in: 300 }), 'application/json'],
      ['a token that is not a header value', JSON.stringify({ token: 'two\r\nlines' }), 'application/json'],
    ])('reports %s from the token service as token-invalid', async (_what, body, contentType) => {
      registry.handler = v2Requiring(`Bearer ${GOOD_TOKEN}`, bearerChallenge());
      tokenService.handler = tokenEndpoint(body, contentType);
      expect((await failure(verifyLogin(endpoint, credentials))).code).toBe('token-invalid');
      expect(registry.requests).toHaveLength(1);
    });

    it('reports a token the registry refuses as unauthorized, naming the token service', async () => {
      registry.handler = v2Requiring('Bearer some-other-token', bearerChallenge());
      tokenService.handler = tokenEndpoint(JSON.stringify({ token: GOOD_TOKEN }));
      const error = await failure(verifyLogin(endpoint, credentials));
      expect(error.code).toBe('unauthorized');
      expect(english(error)).toContain(tokenService.hostPort);
    });

    it('hides the password in the forms a token service may echo it: URL-encoded, upper- and lower-cased', async () => {
      registry.handler = v2Requiring(`Bearer ${GOOD_TOKEN}`, bearerChallenge());
      const echoes = [encodeURIComponent(PASSWORD), PASSWORD.toUpperCase(), PASSWORD.toLowerCase(), encodeURIComponent(PASSWORD).toLowerCase()];
      tokenService.handler = (_req, res) => json(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: `refused ${echoes.join(' ')}` }] });
      const error = await failure(verifyLogin(endpoint, credentials));
      expect(error.code).toBe('unauthorized');
      expect(english(error)).toContain('The server said: "UNAUTHORIZED: refused *** *** *** ***"');
      for (const echo of echoes) expect(english(error)).not.toContain(echo);
    });
  });

  describe('an https registry whose Bearer realm is plain http (nginx without X-Forwarded-Proto https), with a plain-HTTP capture double as the realm', () => {
    let capture: Double;
    beforeAll(async () => {
      capture = await startDouble(createHttpServer());
      capture.handler = (_req, res) => json(res, 200, { token: GOOD_TOKEN });
    });
    afterAll(() => capture?.close());
    beforeEach(() => {
      capture.requests.length = 0;
    });

    it.each([
      ['on the registry host', () => `http://${capture.hostPort}/token`],
      ['on another host', () => `http://localhost:${capture.hostPort.split(':')[1]}/token`],
    ])('stops the login before sending anything to a realm %s, explaining the nginx fix', async (_where, realm) => {
      registry.handler = v2Requiring(`Bearer ${GOOD_TOKEN}`, `Bearer realm="${realm()}",service="registry.test"`);
      const error = await failure(verifyLogin(endpoint, credentials));
      expect(error.code).toBe('token-realm-not-https');
      expect(english(error)).toContain(realm());
      expect(english(error)).toContain('in clear');
      expect(english(error)).toContain('proxy_set_header X-Forwarded-Proto https;');
      // Nothing reached the realm; the registry saw the anonymous ping only.
      expect(capture.requests).toHaveLength(0);
      expect(registry.requests.map((request) => [request.path, request.authorization])).toEqual([['/v2/', undefined]]);
    });

    it('says so already when asked only which scheme the registry uses (a profile check), before any password is asked', async () => {
      registry.handler = v2Requiring('never', `Bearer realm="http://${capture.hostPort}/token",service="registry.test"`);
      await expect(registryAuthScheme(endpoint)).rejects.toMatchObject({ code: 'token-realm-not-https' });
      expect(capture.requests).toHaveLength(0);
    });
  });

  describe('a double that trickles its body', () => {
    it('gives up after timeoutMs for the whole body, though each byte comes well within it, naming the host and the deadline', async () => {
      const timers: NodeJS.Timeout[] = [];
      registry.handler = (_req, res) => {
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="r"' });
        timers.push(setInterval(() => res.write(' '), 50));
      };
      const started = Date.now();
      try {
        const error = await failure(verifyLogin({ ...endpoint, timeoutMs: 600 }, credentials));
        expect(error.code).toBe('timeout');
        expect(english(error)).toContain(registry.hostPort);
        expect(english(error)).toContain('600 ms');
        expect(english(error)).toContain('trickling');
        expect(Date.now() - started).toBeLessThan(3000);
        // Stopped at the ping: no credentials went out.
        expect(registry.requests.filter((request) => request.authorization !== undefined)).toHaveLength(0);
      } finally {
        for (const timer of timers) clearInterval(timer);
      }
    });
  });

  describe('a double that is not a registry or does not challenge', () => {
    it('reports an open /v2/ (200 without a challenge) as scheme none', async () => {
      registry.handler = (_req, res) => json(res, 200, {});
      await expect(verifyLogin(endpoint, credentials)).resolves.toEqual({ scheme: 'none' });
      expect(registry.requests).toHaveLength(1);
    });

    it.each([
      ['404 from a web server', 404, 'text/plain', '404 page not found', 'not-a-registry'],
      ['400 "Not a Docker request" from a Nexus connector', 400, 'text/html', '<html><body><h2>HTTP ERROR 400 Not a Docker request</h2></body></html>', 'not-a-registry'],
      ['401 without a challenge', 401, 'application/json', JSON.stringify(UNAUTHORIZED_BODY), 'not-a-registry'],
      ['503', 503, 'text/plain', 'upstream unavailable', 'registry-error'],
      ['429 after failed logins', 429, 'text/plain', 'Too many authentication attempts', 'too-many-attempts'],
    ])('reports %s', async (_what, status, contentType, body, code) => {
      registry.handler = (_req, res) => res.writeHead(status, { 'content-type': contentType }).end(body);
      const error = await failure(verifyLogin(endpoint, credentials));
      expect(error.code).toBe(code);
      expect(english(error)).toContain(`HTTP ${status}`);
    });

    it('names the Nexus connector for "Not a Docker request"', async () => {
      registry.handler = (_req, res) => res.writeHead(400, { 'content-type': 'text/html' }).end('<h2>HTTP ERROR 400 Not a Docker request</h2>');
      expect(english(await failure(verifyLogin(endpoint, credentials)))).toMatch(/Not a Docker request.*Nexus docker connector/);
    });

    it('reports a redirect without following it', async () => {
      registry.handler = (_req, res) => res.writeHead(302, { location: '/login?next=%2Fv2%2F' }).end();
      const error = await failure(verifyLogin(endpoint, credentials));
      expect(error.code).toBe('not-a-registry');
      expect(english(error)).toContain(`HTTP 302, a redirect to https://${registry.hostPort}/login`);
      expect(registry.requests).toHaveLength(1);
    });

    it('reports a challenge other than Basic or Bearer as unsupported-auth', async () => {
      registry.handler = v2Requiring('never', ['Negotiate', 'NTLM']);
      const error = await failure(verifyLogin(endpoint, credentials));
      expect(error.code).toBe('unsupported-auth');
      expect(english(error)).toContain('negotiate, ntlm');
    });

    it('reads at most 64 KiB of a body that never ends', async () => {
      registry.handler = (_req, res) => {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.write(`<html>${'x'.repeat(128 * 1024)}`);
      };
      expect((await failure(verifyLogin(endpoint, credentials))).code).toBe('not-a-registry');
    });
  });

  describe('connections to the doubles that fail', () => {
    it('reports a certificate from a CA it was not given as unknown-ca, x509-style', async () => {
      registry.handler = (_req, res) => json(res, 200, {});
      const error = await failure(verifyLogin({ hostPort: registry.hostPort, timeoutMs: 2000 }, credentials));
      expect(error.code).toBe('unknown-ca');
      expect(english(error)).toContain('x509: certificate signed by unknown authority');
      expect(english(error)).toContain(`dockside trust inspect ${registry.hostPort}`);
      expect(english(error)).toContain(`dockside trust add ${registry.hostPort}`);
      expect(registry.requests).toHaveLength(0);
    });

    it.each([
      ['an expired certificate', { notBefore: new Date(Date.now() - 10 * 86400_000), notAfter: new Date(Date.now() - 86400_000), ipAddresses: ['127.0.0.1'] }, 'x509: certificate has expired'],
      ['a certificate for another IP', { ipAddresses: ['10.9.9.9'] }, 'x509: certificate is not valid for'],
    ])('reports %s as unknown-ca, saying that trusting a CA will not help', async (_what, options, x509) => {
      const cert = await issueCert(ca, tmp.path, { commonName: 'defective', ...options });
      const defective = await startDouble(createHttpsServer({ cert: readFileSync(cert.chainPath), key: readFileSync(cert.keyPath) }));
      try {
        const error = await failure(verifyLogin({ ...endpoint, hostPort: defective.hostPort }, credentials));
        expect(error.code).toBe('unknown-ca');
        expect(english(error)).toContain(x509);
        expect(english(error)).toContain('Trusting a CA does not fix this');
      } finally {
        await defective.close();
      }
    });

    it('reports a plain-HTTP port as not-tls', async () => {
      const plain = await startDouble(createHttpServer());
      try {
        const error = await failure(verifyLogin({ ...endpoint, hostPort: plain.hostPort }, credentials));
        expect(error.code).toBe('not-tls');
        expect(english(error)).toContain('insecure-registries');
      } finally {
        await plain.close();
      }
    });

    it('reports a closed port as connection-refused', async () => {
      const port = await freePort();
      expect((await failure(verifyLogin({ ...endpoint, hostPort: `127.0.0.1:${port}` }, credentials))).code).toBe('connection-refused');
    });

    it('gives up on a registry that never answers after timeoutMs', async () => {
      registry.handler = () => undefined;
      const started = Date.now();
      const error = await failure(verifyLogin({ ...endpoint, timeoutMs: 300 }, credentials));
      expect(error.code).toBe('timeout');
      // undici runs its headers timeout on a timer that ticks every ~0.5 s, so 300 ms fires late.
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });
});

describe('a plain-HTTP (insecure) registry double, and the anonymous ping of registryAuthScheme', () => {
  let plain: Double;
  let secure: Double;
  let tmp: TempDir;
  let ca: CertificateAuthority;
  const credentials = { username: USER, password: PASSWORD };

  beforeAll(async () => {
    plain = await startDouble(createHttpServer());
    tmp = makeTempDir('registry-client-plain');
    ca = await createCa(tmp.path, { commonName: 'Registry Scheme Test CA' });
    const leaf = await issueCert(ca, tmp.path, { commonName: '127.0.0.1', ipAddresses: ['127.0.0.1'] });
    secure = await startDouble(createHttpsServer({ cert: readFileSync(leaf.chainPath), key: readFileSync(leaf.keyPath) }));
  });
  afterAll(async () => {
    await Promise.all([plain?.close(), secure?.close()]);
    tmp?.remove();
  });
  beforeEach(() => {
    plain.requests.length = 0;
    secure.requests.length = 0;
  });

  it('signs in through an http:// token realm on the plain-HTTP registry\'s own host, as today', async () => {
    plain.handler = (req, res) => {
      if (req.url?.startsWith('/token')) {
        if (req.headers.authorization === basicAuthorization(USER, PASSWORD)) json(res, 200, { token: GOOD_TOKEN });
        else json(res, 401, UNAUTHORIZED_BODY);
        return;
      }
      v2Requiring(`Bearer ${GOOD_TOKEN}`, `Bearer realm="http://${plain.hostPort}/token",service="plain"`)(req, res);
    };
    await expect(verifyLogin({ hostPort: plain.hostPort, timeoutMs: 2000, plainHttp: true }, credentials)).resolves.toEqual({ scheme: 'bearer', realm: `http://${plain.hostPort}/token` });
    await expect(registryAuthScheme({ hostPort: plain.hostPort, timeoutMs: 2000, plainHttp: true })).resolves.toBe('bearer');
  });

  it('signs in over http:// when the endpoint is plainHttp', async () => {
    plain.handler = v2Requiring(basicAuthorization(USER, PASSWORD), 'Basic realm="Registry Realm"');
    await expect(verifyLogin({ hostPort: plain.hostPort, timeoutMs: 2000, plainHttp: true }, credentials)).resolves.toEqual({ scheme: 'basic' });
    expect(plain.requests.map((request) => request.authorization)).toEqual([undefined, basicAuthorization(USER, PASSWORD)]);
  });

  it('names the scheme a registry challenges with, sending no credentials', async () => {
    plain.handler = v2Requiring('never', 'Basic realm="Registry Realm"');
    await expect(registryAuthScheme({ hostPort: plain.hostPort, timeoutMs: 2000, plainHttp: true })).resolves.toBe('basic');
    secure.handler = v2Requiring('never', ['Basic realm="x"', 'Bearer realm="https://token.invalid/token",service="s"']);
    await expect(registryAuthScheme({ hostPort: secure.hostPort, ca: [ca.pem], timeoutMs: 2000 })).resolves.toBe('bearer');
    expect([...plain.requests, ...secure.requests].map((request) => [request.path, request.authorization])).toEqual([
      ['/v2/', undefined],
      ['/v2/', undefined],
    ]);
  });

  it("says 'none' for a registry that answers 200 to anyone", async () => {
    plain.handler = (_req, res) => json(res, 200, {});
    await expect(registryAuthScheme({ hostPort: plain.hostPort, timeoutMs: 2000, plainHttp: true })).resolves.toBe('none');
  });

  it('refuses an endpoint that is no registry, and a TLS one reached without its CA', async () => {
    plain.handler = (_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<html>Not Found</html>');
    await expect(registryAuthScheme({ hostPort: plain.hostPort, timeoutMs: 2000, plainHttp: true })).rejects.toMatchObject({ code: 'not-a-registry' });
    secure.handler = (_req, res) => json(res, 200, {});
    await expect(registryAuthScheme({ hostPort: secure.hostPort, ca: [], timeoutMs: 2000 })).rejects.toBeInstanceOf(DocksideError);
  });
});
