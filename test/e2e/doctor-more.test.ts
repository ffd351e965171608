import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, FindingSeverity } from '../../shared/doctor';
import { DETECTORS } from '../../electron/core/doctor/findings/index';
import { type CertificateAuthority, createCa, issueCert } from '../harness/certs';
import { createCleanups } from '../harness/cleanup';
import { type DoctorRun, doctorWithoutEngine } from '../harness/doctor-run';
import { addHosts } from '../harness/hosts';
import { freePort } from '../harness/ports';
import { type Registry, startRegistry } from '../harness/registry';
import { startTokenServer, type TokenServer } from '../harness/token-server';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';
import { english } from '../harness/english';

// Issue 7, the registry findings the other doctor e2e files leave out: a real token-auth
// registry whose token service refuses anonymous tokens, a /v2/ answering 200 in front of an
// htpasswd registry, TLS registries whose certificates expire soon or have expired (trusted
// through a temp certs.d), the Nexus-only answers (group push denial, proxy 404 page, 429
// lockout) served from the recorded fixtures in test/fixtures/nexus/, and an image named
// without its registry host. Each case runs gatherEvidence and runDoctor(evidence, DETECTORS)
// as `dockside doctor --json` does. The local evidence points at an engine that does not exist
// (no dockerd is needed for these findings; engine-not-running is expected and ignored).
// Last, every detector id must appear in one of the doctor e2e files.

const suffix = uniqueSuffix();
const EXPIRING_HOST = `expiring-${suffix}.dockside.test`;
const EXPIRED_HOST = `expired-${suffix}.dockside.test`;
const USER = 'dev';
const PASSWORD = `More-${suffix}-pw!`;
const DAY_MS = 24 * 3600 * 1000;
const NEXUS_FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'nexus');

const cleanups = createCleanups();
let dir: TempDir;
let certsDir: string;
let ca: CertificateAuthority;

/** `dockside doctor <registry>/team/app --json` without an engine; the result must match the --json schema. */
async function doctor(registry: string, options: { credentials?: boolean; image?: string; daemonJsonPath?: string } = {}): Promise<DoctorRun> {
  const run = await doctorWithoutEngine({
    dir: dir.path,
    certsDir,
    registry,
    repository: 'team/app',
    credentials: options.credentials ? { username: USER, password: PASSWORD } : null,
    ...(options.daemonJsonPath ? { daemonJsonPath: options.daemonJsonPath } : {}),
    ...(options.image ? { image: options.image } : {}),
  });
  expect(JSON.stringify(run)).not.toContain(PASSWORD);
  return run;
}

function only(run: DoctorRun, id: string, severity: FindingSeverity): Finding {
  const found = run.result.findings.filter((finding) => finding.id === id);
  expect(found, JSON.stringify({ findings: run.result.findings.map((f) => `${f.severity} ${f.id}`), registry: run.evidence.registry }, null, 2)).toHaveLength(1);
  const finding = found[0] as Finding;
  expect(finding.severity).toBe(severity);
  return finding;
}

/** A node:http server on 127.0.0.1, stopped in afterAll. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  cleanups.add(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Forwards the request as it came to upstream (`host:port`, plain HTTP), the answer back as it came. */
function forward(req: IncomingMessage, res: ServerResponse, upstream: string): void {
  const [hostname, port] = upstream.split(':');
  const outgoing = request({ hostname, port: Number(port), method: req.method, path: req.url, headers: { ...req.headers, host: upstream } }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  outgoing.on('error', (error) => res.writeHead(502).end(String(error)));
  req.pipe(outgoing);
}

/** A TLS registry on a ::1 name, its CA in the temp certs.d, serving a certificate valid from notBefore to notAfter. */
async function tlsRegistry(name: string, notBefore: Date, notAfter: Date): Promise<string> {
  const port = await freePort('::1');
  const cert = await issueCert(ca, dir.path, { commonName: name, dnsNames: [name], notBefore, notAfter });
  cleanups.track(await startRegistry({ listen: { host: '::1', port }, tls: { certPath: cert.chainPath, keyPath: cert.keyPath } }));
  const registry = `${name}:${port}`;
  mkdirSync(join(certsDir, registry), { recursive: true });
  writeFileSync(join(certsDir, registry, 'ca.crt'), ca.pem);
  return registry;
}

let htpasswd: Registry;

beforeAll(async () => {
  dir = makeTempDir('doctor-more');
  cleanups.add(() => dir.remove());
  certsDir = dir.join('certs.d');
  mkdirSync(certsDir);
  const hosts = addHosts([EXPIRING_HOST, EXPIRED_HOST]);
  cleanups.add(() => hosts.remove());
  ca = await createCa(dir.path, { commonName: `Doctor More Test CA ${suffix}` });
  htpasswd = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' }, htpasswd: { users: { [USER]: PASSWORD } } }));
});

afterAll(() => cleanups.run());

describe('anonymous-pull-refused', () => {
  const service = `doctor-more-${suffix}`;
  const issuer = 'doctor-more-issuer';
  let tokens: TokenServer;
  let registry: Registry;
  let gated: Registry;

  beforeAll(async () => {
    const signer = await issueCert(ca, dir.path, { commonName: 'doctor-more token signer', noSan: true });
    tokens = cleanups.track(await startTokenServer({ signer, users: { [USER]: PASSWORD }, anonymousPull: [], issuer, service }));
    registry = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' }, token: { realm: tokens.realm, service, issuer, rootCertBundlePath: ca.certPath } }));
    // The token service with anonymous access switched off: a token request without credentials
    // is answered 401; one with credentials goes on to the harness token server.
    const realm = new URL(tokens.realm);
    const gate = await serve((req, res) => {
      if (req.headers.authorization === undefined) {
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'BASIC realm="token"' }).end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required', detail: null }] }));
        return;
      }
      forward(req, res, realm.host);
    });
    gated = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' }, token: { realm: `http://${gate}/token`, service, issuer, rootCertBundlePath: ca.certPath } }));
  });

  it('warns when the token service of a token-auth registry refuses an anonymous token (401)', async () => {
    const run = await doctor(gated.hostPort);
    expect(run.evidence.registry?.challenges.map((c) => c.scheme)).toEqual(['bearer']);
    expect(run.evidence.registry?.anonymousToken).toMatchObject({ status: 401 });
    const finding = only(run, 'anonymous-pull-refused', 'warning');
    expect(finding.evidence[1]?.source).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/token\?service=.*scope=repository%3Ateam%2Fapp%3Apull/);
    expect(finding.fix.command).toBe(`dockside login ${gated.hostPort} -u USER --password-stdin`);
  });

  it('warns for a Basic-only registry (htpasswd: like Nexus with the Docker Bearer Token Realm inactive), and errs when it is a configured mirror', async () => {
    const run = await doctor(htpasswd.hostPort);
    expect(run.evidence.registry?.challenges.map((c) => c.scheme)).toEqual(['basic']);
    expect(english(only(run, 'anonymous-pull-refused', 'warning').explanation)).toContain('Basic authentication only');

    const daemonJsonPath = dir.join('mirror-daemon.json');
    writeFileSync(daemonJsonPath, JSON.stringify({ 'registry-mirrors': [`${htpasswd.url}/`] }));
    const asMirror = only(await doctor(htpasswd.hostPort, { daemonJsonPath }), 'anonymous-pull-refused', 'error');
    expect(asMirror.fix.command).toBeNull();
  });

  it('the harness token server with anonymousPull: [] answers an anonymous token request 200 with an empty grant, and that token cannot pull', async () => {
    const run = await doctor(registry.hostPort);
    expect(run.evidence.registry?.anonymousToken).toMatchObject({ status: 200 });
    expect(tokens.requests.filter((r) => r.user === null)).toEqual([expect.objectContaining({ status: 200, granted: [] })]);
    // What Docker does next: the repository with that token is refused.
    const realm = new URL(tokens.realm);
    realm.searchParams.set('service', service);
    realm.searchParams.set('scope', 'repository:team/app:pull');
    const { token } = (await (await fetch(realm)).json()) as { token: string };
    const pull = await fetch(`${registry.url}/v2/team/app/tags/list`, { headers: { authorization: `Bearer ${token}` } });
    expect(pull.status).toBe(401);
    expect(pull.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });

  it('probes push permission through a token of several KiB (a JWT carrying its certificate chain)', async () => {
    const run = await doctor(registry.hostPort, { credentials: true });
    expect(run.evidence.registry?.push?.start).toMatchObject({ method: 'PUT', status: 400 });
    expect(run.evidence.registry?.push?.start.body).toContain('MANIFEST_INVALID');
    expect(tokens.requests.some((request) => request.user === USER && request.status === 200)).toBe(true);
  });

  // The token service hands out an anonymous token that grants nothing (as Docker Hub does for a private repository).
  it('finds anonymous-pull-refused when the anonymous token grants nothing', async () => {
    only(await doctor(registry.hostPort), 'anonymous-pull-refused', 'warning');
  });
});

describe('v2-open-repository-protected', () => {
  it('errs when /v2/ answers 200 while the repository asks for credentials', async () => {
    // The misconfigured reverse proxy: the harness nginx routes by method only, so this node:http
    // proxy plays it. It answers GET /v2/ with 200 itself and forwards everything else to an
    // htpasswd registry.
    const front = await serve((req, res) => {
      if (new URL(req.url ?? '/', 'http://front.invalid').pathname === '/v2/') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'docker-distribution-api-version': 'registry/2.0' }).end('{}');
        return;
      }
      forward(req, res, htpasswd.hostPort);
    });
    const run = await doctor(front, { credentials: true });
    expect(run.evidence.registry?.ping).toMatchObject({ url: `http://${front}/v2/`, status: 200 });
    expect(run.evidence.registry?.anonymousRepository).toMatchObject({ status: 401 });
    // Like Docker after the 200 ping, the push probe sent no credentials: refused too.
    expect(run.evidence.registry?.push?.start).toMatchObject({ method: 'PUT', status: 401 });
    const finding = only(run, 'v2-open-repository-protected', 'error');
    expect(finding.evidence.map((item) => item.source)).toEqual([`GET http://${front}/v2/`, `GET http://${front}/v2/team/app/tags/list`]);
    expect(finding.evidence[1]?.detail).toContain('www-authenticate: Basic realm="dockside-test"');
  });
});

describe('certificate-expiring: trusted TLS registries with a certificate ending soon or ended', () => {
  it('warns for a certificate that ends in 10 days', async () => {
    const registry = await tlsRegistry(EXPIRING_HOST, new Date(Date.now() - 30 * DAY_MS), new Date(Date.now() + 10 * DAY_MS));
    const run = await doctor(registry);
    expect(run.evidence.registry?.tls).toMatchObject({ trustedBy: 'certs.d', problems: [] });
    expect(run.evidence.registry?.ping).toMatchObject({ status: 200, error: null });
    const finding = only(run, 'certificate-expiring', 'warning');
    expect(english(finding.title)).toMatch(/expires in (9|10) days$/);
    expect(run.result.findings.filter((f) => f.severity === 'error').map((f) => f.id)).toEqual(['engine-not-running']);
  });

  it('errs for a certificate that has expired, though its CA is trusted', async () => {
    const registry = await tlsRegistry(EXPIRED_HOST, new Date(Date.now() - 60 * DAY_MS), new Date(Date.now() - DAY_MS));
    const run = await doctor(registry);
    expect(run.evidence.registry?.ping.status).toBeNull();
    const finding = only(run, 'certificate-expiring', 'error');
    expect(english(finding.explanation)).toContain('x509: certificate has expired or is not yet valid');
    expect(run.result.findings.map((f) => f.id)).not.toContain('ca-unknown');
  });
});

describe('recorded Nexus responses (fixtures)', () => {
  const SERVER = 'Nexus/3.70.1-02 (OSS)';
  const CHALLENGE = 'BASIC realm="Sonatype Nexus Repository Manager"';
  const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

  /**
   * A Nexus docker connector (forceBasicAuth, so a Basic challenge) answering an authenticated
   * request with `answer`; without the right credentials, Nexus's 401.
   */
  function nexusConnector(answer: (req: IncomingMessage, res: ServerResponse) => void, options: { checkPassword?: boolean } = {}): Promise<string> {
    return serve((req, res) => {
      res.setHeader('server', SERVER);
      res.setHeader('docker-distribution-api-version', 'registry/2.0');
      const authorization = req.headers.authorization;
      if (authorization === undefined || (options.checkPassword !== false && authorization !== basic)) {
        res
          .writeHead(401, { 'www-authenticate': CHALLENGE, 'content-type': 'application/json' })
          .end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'access to the requested resource is not authorized', detail: null }] }));
        return;
      }
      answer(req, res);
    });
  }

  const isProbe = (req: IncomingMessage): boolean => req.method === 'PUT' && /^\/v2\/team\/app\/manifests\/[^/]+$/.test(req.url ?? '');

  it('push-to-group: the PUT answered 403 with group-push-denied.json', async () => {
    const body = readFileSync(join(NEXUS_FIXTURES, 'group-push-denied.json'), 'utf8');
    const group = await nexusConnector((req, res) => {
      if (isProbe(req)) res.writeHead(403, { 'content-type': 'application/json' }).end(body);
      else res.writeHead(404).end();
    });
    const run = await doctor(group, { credentials: true });
    expect(run.evidence.registry?.push?.start).toMatchObject({ method: 'PUT', status: 403 });
    const finding = only(run, 'push-to-group', 'error');
    expect(finding.evidence[0]?.detail).toMatch(/^403 Forbidden; server: Nexus.*Deploying to groups is a PRO-licensed feature/);
    expect(run.result.findings.map((f) => f.id)).not.toContain('push-to-proxy');
  });

  it('push-to-proxy: the PUT answered 404 with proxy-404.html', async () => {
    const page = readFileSync(join(NEXUS_FIXTURES, 'proxy-404.html'), 'utf8');
    const proxy = await nexusConnector((req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' }).end(isProbe(req) ? page : '');
    });
    const run = await doctor(proxy, { credentials: true });
    expect(run.evidence.registry?.push?.start).toMatchObject({ method: 'PUT', status: 404 });
    const finding = only(run, 'push-to-proxy', 'error');
    expect(finding.evidence[0]?.detail).toContain('404 - Sonatype Nexus Repository');
    expect(run.result.findings.map((f) => f.id)).not.toContain('push-to-group');
  });

  it('too-many-attempts: every authenticated request answered 429 "Too many authentication attempts"', async () => {
    // A locked user: Nexus refuses even the right password for 15 minutes.
    const locked = await nexusConnector((_req, res) => res.writeHead(429, { 'content-type': 'text/plain' }).end('Too many authentication attempts'), { checkPassword: false });
    const run = await doctor(locked, { credentials: true });
    const finding = only(run, 'too-many-attempts', 'error');
    expect(finding.evidence).toEqual([{ kind: 'http', source: `PUT http://${locked}/v2/team/app/manifests/dockside-push-probe`, detail: '429 Too Many Requests; body: Too many authentication attempts' }]);
  });
});

describe('image-without-host', () => {
  it("warns when the image asked about ('app:1') names no registry host while a registry is examined", async () => {
    const run = await doctor(htpasswd.hostPort, { image: 'app:1' });
    const finding = only(run, 'image-without-host', 'warning');
    expect(finding.evidence[0]?.detail).toBe('docker.io/library/app:1');
    expect(english(finding.fix.text)).toContain(`${htpasswd.hostPort}/app:1`);
    expect((await doctor(htpasswd.hostPort, { image: `${htpasswd.hostPort}/team/app:1` })).result.findings.map((f) => f.id)).not.toContain('image-without-host');
  });
});

describe('every finding has an e2e test', () => {
  it('names each detector id of DETECTORS in a test/e2e/doctor*.test.ts file', () => {
    const e2eDir = dirname(fileURLToPath(import.meta.url));
    const texts = readdirSync(e2eDir)
      .filter((name) => /^doctor.*\.test\.ts$/.test(name))
      .map((name) => readFileSync(join(e2eDir, name), 'utf8'));
    expect(texts.length).toBeGreaterThanOrEqual(4);
    const ids = DETECTORS.map((detector) => detector.id);
    expect(ids.length).toBeGreaterThan(0);
    const named = (id: string): boolean => texts.some((text) => new RegExp(`(?<![a-z0-9-])${id}(?![a-z0-9-])`).test(text));
    expect(ids.filter((id) => !named(id))).toEqual([]);
  });
});
