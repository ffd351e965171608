import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MirrorCandidate, type ProbeEvent, ProbeEventSchema, type ProbeResult, ProbeResultSchema } from '../../../../../shared/mirrors';
import { hubImage } from '../../../../../electron/core/mirrors/hub-image';
import { probeMirrors, type ProbeOptions, rankResults } from '../../../../../electron/core/mirrors/probe';
import { rejectionOf, thrownBy } from '../../../dockside-error';
import { english } from '../../../../harness/english';
import { msg } from '../../../../../shared/message';
import { createCa, issueCert } from '../../../../harness/certs';
import { freePort } from '../../../../harness/ports';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';

/** The verdict and the timing notes, as an English reader sees them. */
const said = (result: ProbeResult): string => [result.reason, ...(result.timing ?? [])].map(english).join(' ');

/**
 * probeMirrors against local node:http(s) and node:net servers that play registries, a token
 * service, a CDN and broken hosts. They are TEST DOUBLES, each answering one way; the e2e suite
 * probes real docker-registry instances.
 */

const API = { 'docker-distribution-api-version': 'registry/2.0' };
const TOKEN = 'anonymous-token-from-the-double';
const MEDIA = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
};
const digestOf = (content: string | Buffer): string => `sha256:${createHash('sha256').update(content).digest('hex')}`;

// busybox as the doubles serve it: an index naming an arm64 and an amd64 manifest; the amd64
// one has a config and two layers, of which the smaller is the blob the probe must time.
const SMALL_LAYER = Buffer.alloc(300 * 1024, 1);
const BIG_LAYER_DIGEST = digestOf('big layer, never served');
const CONFIG = JSON.stringify({ architecture: 'amd64', os: 'linux' });
const AMD64 = JSON.stringify({
  schemaVersion: 2,
  mediaType: MEDIA.manifest,
  config: { mediaType: MEDIA.config, digest: digestOf(CONFIG), size: CONFIG.length },
  layers: [
    { mediaType: MEDIA.layer, digest: BIG_LAYER_DIGEST, size: 900 * 1024 },
    { mediaType: MEDIA.layer, digest: digestOf(SMALL_LAYER), size: SMALL_LAYER.length },
  ],
});
const ARM64_DIGEST = digestOf('arm64 manifest, never served');
const INDEX = JSON.stringify({
  schemaVersion: 2,
  mediaType: MEDIA.index,
  manifests: [
    { mediaType: MEDIA.manifest, digest: ARM64_DIGEST, size: 500, platform: { os: 'linux', architecture: 'arm64' } },
    { mediaType: MEDIA.manifest, digest: digestOf(AMD64), size: AMD64.length, platform: { os: 'linux', architecture: 'amd64' } },
  ],
});

interface Double {
  url: string;
  hostPort: string;
  requests: Array<{ path: string; query: URLSearchParams; authorization: string | undefined; accept: string | undefined }>;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, path: string) => void;

const doubles: Double[] = [];

async function serve(server: Server, handler: Handler, scheme = 'http'): Promise<Double> {
  const double: Double = {
    url: '',
    hostPort: '',
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://double.invalid');
    double.requests.push({ path: url.pathname, query: url.searchParams, authorization: req.headers.authorization, accept: req.headers.accept });
    handler(req, res, url.pathname);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  double.hostPort = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  double.url = `${scheme}://${double.hostPort}/`;
  doubles.push(double);
  return double;
}

const httpDouble = (handler: Handler): Promise<Double> => serve(createHttpServer(), handler);

/** Accepts connections and never says a word. */
async function silentDouble(): Promise<Double> {
  const sockets: Socket[] = [];
  const server: NetServer = createNetServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const hostPort = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const double: Double = {
    url: `http://${hostPort}/`,
    hostPort,
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  doubles.push(double);
  return double;
}

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...API, ...headers }).end(body);
}

function registryError(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, status, JSON.stringify({ errors: [{ code, message, detail: null }] }), { 'content-type': 'application/json' });
}

/** Writes for ever, as fast as the client reads, until the client goes away. */
function endless(res: ServerResponse, contentType: string): void {
  res.writeHead(200, { ...API, 'content-type': contentType });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk)) {
      /* until the socket pushes back */
    }
  };
  res.on('drain', pump);
  pump();
}

/**
 * A Docker Hub mirror with token auth, like a Nexus proxy with the Docker Bearer Token Realm and
 * anonymous pull: the index, the amd64 manifest and the small layer, each only with the token.
 * `blob` decides how the layer is served: itself, or a 307 to a CDN double.
 */
function bearerMirror(blob: (res: ServerResponse) => void): Handler {
  return (req, res, path) => {
    const repo = '/v2/library/busybox';
    if (path === '/token') {
      if (req.headers.authorization) return send(res, 400, 'the double wants anonymous token requests only');
      return send(res, 200, JSON.stringify({ token: TOKEN, expires_in: 300 }), { 'content-type': 'application/json' });
    }
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.setHeader('www-authenticate', `Bearer realm="http://${req.headers.host}/token",service="mirror.test"`);
      return registryError(res, 401, 'UNAUTHORIZED', 'authentication required');
    }
    if (path === '/v2/') return send(res, 200, '{}', { 'content-type': 'application/json' });
    if (path === `${repo}/manifests/latest`) return send(res, 200, INDEX, { 'content-type': MEDIA.index });
    if (path === `${repo}/manifests/${digestOf(AMD64)}`) return send(res, 200, AMD64, { 'content-type': MEDIA.manifest });
    if (path === `${repo}/blobs/${digestOf(SMALL_LAYER)}`) return blob(res);
    registryError(res, 404, 'BLOB_UNKNOWN', 'blob unknown to registry');
  };
}

/** An open registry (no auth) serving one plain manifest whose only layer is served by `blob`. */
function openRegistry(manifest: (res: ServerResponse) => void, blob: (res: ServerResponse) => void = (res) => send(res, 200, SMALL_LAYER)): Handler {
  return (_req, res, path) => {
    if (path === '/v2/') return send(res, 200, '{}', { 'content-type': 'application/json' });
    if (path.includes('/manifests/')) return manifest(res);
    if (path.includes('/blobs/')) return blob(res);
    send(res, 404, '');
  };
}

const servesAmd64 = (res: ServerResponse): void => send(res, 200, AMD64, { 'content-type': MEDIA.manifest });

const candidate = (url: string): MirrorCandidate => ({ url, sources: ['user'] });

const OPTIONS: ProbeOptions = { image: 'library/busybox:latest', timeoutMs: 2000, deadlineMs: 5000 };

async function probeOne(url: string, options: Partial<ProbeOptions> = {}): Promise<ProbeResult> {
  const { results } = await probeMirrors([candidate(url)], { ...OPTIONS, ...options });
  expect(results).toHaveLength(1);
  return ProbeResultSchema.parse(results[0]);
}

afterAll(async () => {
  await Promise.all(doubles.map((double) => double.close()));
});

describe('probeMirrors against registry test doubles (local node:http servers)', () => {
  let cdn: Double;
  let mirror: Double;

  beforeAll(async () => {
    cdn = await httpDouble((_req, res, path) => (path === `/cdn/${digestOf(SMALL_LAYER)}` ? send(res, 200, SMALL_LAYER) : send(res, 404, '')));
    mirror = await httpDouble(bearerMirror((res) => res.writeHead(307, { location: `${cdn.url}cdn/${digestOf(SMALL_LAYER)}?signature=abc` }).end()));
  });

  it('finds a Docker Hub mirror usable through an anonymous token: index, amd64 manifest, smallest layer from a CDN after a 307', async () => {
    const result = await probeOne(mirror.url);
    expect(result).toMatchObject({ url: mirror.url, sources: ['user'], status: 'usable', usable: true });
    expect(said(result)).toMatch(/anonymous pull token/);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.throughputKBps).toBeGreaterThan(0);

    const token = mirror.requests.find((r) => r.path === '/token');
    expect(token?.authorization).toBeUndefined();
    expect(Object.fromEntries(token?.query ?? [])).toEqual({ service: 'mirror.test', scope: 'repository:library/busybox:pull' });
    const manifest = mirror.requests.find((r) => r.path.endsWith('/manifests/latest'));
    expect(manifest?.accept).toContain('application/vnd.oci.image.index.v1+json');
    expect(manifest?.accept).toContain('application/vnd.docker.distribution.manifest.list.v2+json');
    expect(mirror.requests.some((r) => r.path.endsWith(digestOf(AMD64)))).toBe(true);
    expect(mirror.requests.some((r) => r.path.endsWith(ARM64_DIGEST) || r.path.endsWith(BIG_LAYER_DIGEST))).toBe(false);
    // Three latency samples of /v2/ after the first ping.
    expect(mirror.requests.filter((r) => r.path === '/v2/')).toHaveLength(4);
    // The CDN got the blob request without the registry's token.
    expect(cdn.requests).toHaveLength(1);
    expect(cdn.requests[0]?.authorization).toBeUndefined();
  });

  it('normalises a bare image name to library/<name>:latest', async () => {
    const before = mirror.requests.length;
    expect((await probeOne(mirror.url, { image: 'busybox' })).usable).toBe(true);
    expect(mirror.requests.slice(before).some((r) => r.path === '/v2/library/busybox/manifests/latest')).toBe(true);
  });

  it('emits started, each step, then the result, all valid events', async () => {
    const events: ProbeEvent[] = [];
    await probeMirrors([candidate(mirror.url)], { ...OPTIONS, onEvent: (event) => events.push(ProbeEventSchema.parse(event)) });
    expect(events.map((e) => (e.type === 'step' ? `step:${e.step}` : e.type))).toEqual([
      'started',
      'step:registry',
      'step:token',
      'step:manifest',
      'step:latency',
      'step:throughput',
      'result',
    ]);
    expect(events[0]).toEqual({ type: 'started', url: mirror.url, total: 1 });
    expect(events.at(-1)).toMatchObject({ type: 'result', done: 1, total: 1, result: { url: mirror.url, status: 'usable' } });
  });

  it('calls a registry answering "manifest unknown" not a mirror, quoting it and saying why', async () => {
    const hosted = await httpDouble(openRegistry((res) => registryError(res, 404, 'MANIFEST_UNKNOWN', 'manifest unknown')));
    const result = await probeOne(hosted.url);
    expect(result).toMatchObject({ status: 'not-a-mirror', usable: false, latencyMs: null, throughputKBps: null });
    expect(said(result)).toContain('"manifest unknown"');
    expect(said(result)).toMatch(/hosted repository/);
    expect(said(result)).toMatch(/registry-1\.docker\.io/);
  });

  it('calls NAME_UNKNOWN (a repository the registry does not have) "manifest unknown" too', async () => {
    const empty = await httpDouble(openRegistry((res) => registryError(res, 404, 'NAME_UNKNOWN', 'repository name not known to registry')));
    const result = await probeOne(empty.url);
    expect(result.status).toBe('not-a-mirror');
    expect(said(result)).toMatch(/manifest unknown.*NAME_UNKNOWN/);
  });

  it('calls a Basic-auth registry auth-required: mirrors are reached without credentials', async () => {
    const basic = await httpDouble((_req, res) => {
      res.setHeader('www-authenticate', 'Basic realm="Sonatype Nexus Repository Manager"');
      registryError(res, 401, 'UNAUTHORIZED', 'access to the requested resource is not authorized');
    });
    const result = await probeOne(basic.url);
    expect(result).toMatchObject({ status: 'auth-required', usable: false });
    expect(said(result)).toMatch(/without credentials/);
    expect(said(result)).toMatch(/anonymous/);
    expect(basic.requests).toHaveLength(1);
  });

  it('calls a token service that refuses anonymous tokens auth-required', async () => {
    const closed = await httpDouble((req, res, path) => {
      if (path === '/token') return registryError(res, 401, 'UNAUTHORIZED', 'authentication required');
      res.setHeader('www-authenticate', `Bearer realm="http://${req.headers.host}/token",service="nexus"`);
      registryError(res, 401, 'UNAUTHORIZED', 'authentication required');
    });
    const result = await probeOne(closed.url);
    expect(result.status).toBe('auth-required');
    expect(said(result)).toMatch(/refused an anonymous token.*Allow anonymous docker pull/);
  });

  it('calls a Nexus port answering HTML 400 "Not a Docker request" not a registry, saying which port to use', async () => {
    const nexusUi = await httpDouble((_req, res) =>
      res.writeHead(400, { 'content-type': 'text/html' }).end('<html><body><h2>HTTP ERROR 400 Not a Docker request</h2></body></html>'),
    );
    const result = await probeOne(nexusUi.url);
    expect(result).toMatchObject({ status: 'not-a-registry', usable: false });
    expect(said(result)).toContain('HTTP 400');
    expect(said(result)).toContain('Not a Docker request');
    expect(said(result)).toMatch(/connector port/);
  });

  it('calls a web server answering 200 without the registry header not a registry', async () => {
    const web = await httpDouble((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>It works!</html>'));
    const result = await probeOne(web.url);
    expect(result.status).toBe('not-a-registry');
    expect(said(result)).toMatch(/HTTP 200 with a web page without the Docker-Distribution-API-Version header/);
  });

  it('calls a closed port unreachable', async () => {
    const result = await probeOne(`http://127.0.0.1:${await freePort()}/`);
    expect(result).toMatchObject({ status: 'unreachable', usable: false });
    expect(said(result)).toMatch(/connection refused/);
  });

  it('gives up on a redirect loop after 3 hops, as an error naming the redirects', async () => {
    const loop = await httpDouble((req, res) => res.writeHead(302, { location: req.url ?? '/' }).end());
    const result = await probeOne(loop.url);
    expect(result).toMatchObject({ status: 'error', usable: false });
    expect(said(result)).toMatch(/redirected 3 times/);
    expect(loop.requests).toHaveLength(4);
  });

  it('times a silent host out at its timeout, not before and not much after', async () => {
    const silent = await silentDouble();
    const started = performance.now();
    const result = await probeOne(silent.url, { timeoutMs: 500 });
    const wall = performance.now() - started;
    expect(result).toMatchObject({ status: 'timeout', usable: false });
    expect(said(result)).toMatch(/No answer .* within 500 ms while asking \/v2\//);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(495);
    expect(wall).toBeLessThan(700);
  });

  it('ends a candidate at the overall deadline when that comes first, and reports the ones never started', async () => {
    const [a, b, c] = [await silentDouble(), await silentDouble(), await silentDouble()];
    const started = performance.now();
    const { results } = await probeMirrors([candidate(a.url), candidate(b.url), candidate(c.url)], { ...OPTIONS, timeoutMs: 300, deadlineMs: 450, concurrency: 1 });
    const wall = performance.now() - started;
    expect(results.map((r) => r.status)).toEqual(['timeout', 'timeout', 'timeout']);
    expect(said(results[0] as ProbeResult)).toMatch(/within 300 ms/);
    expect(said(results[1] as ProbeResult)).toMatch(/overall deadline \(450 ms\)/);
    expect(said(results[2] as ProbeResult)).toMatch(/^Not probed/);
    expect(wall).toBeLessThan(650);
  });

  it('probes six candidates with a 2 s timeout at once, in under 2.5 s, each with its status', async () => {
    const hosted = await httpDouble(openRegistry((res) => registryError(res, 404, 'MANIFEST_UNKNOWN', 'manifest unknown')));
    const silent = await silentDouble();
    const web = await httpDouble((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>'));
    const open = await httpDouble(openRegistry(servesAmd64));
    const closedPort = `http://127.0.0.1:${await freePort()}/`;
    const urls = [silent.url, closedPort, web.url, hosted.url, open.url, mirror.url];
    const events: ProbeEvent[] = [];
    const started = performance.now();
    const { results, elapsedMs } = await probeMirrors(urls.map(candidate), { ...OPTIONS, timeoutMs: 2000, deadlineMs: 2300, onEvent: (e) => events.push(e) });
    expect(performance.now() - started).toBeLessThan(2500);
    expect(elapsedMs).toBeLessThan(2500);
    expect(results.map((r) => r.url)).toEqual(urls);
    expect(results.map((r) => r.status)).toEqual(['timeout', 'unreachable', 'not-a-registry', 'not-a-mirror', 'usable', 'usable']);
    const silentResult = results[0] as ProbeResult;
    expect(silentResult.elapsedMs).toBeGreaterThanOrEqual(1995);
    expect(silentResult.elapsedMs).toBeLessThan(2200);
    for (const result of results) expect(said(result).length).toBeGreaterThan(20);

    // One started and one result per candidate, started first; done counts up to the total.
    for (const url of urls) {
      const own = events.filter((e) => (e.type === 'result' ? e.result.url : e.url) === url).map((e) => e.type);
      expect(own[0]).toBe('started');
      expect(own.filter((t) => t === 'started')).toHaveLength(1);
      expect(own.at(-1)).toBe('result');
      expect(own.filter((t) => t === 'result')).toHaveLength(1);
    }
    expect(events.flatMap((e) => (e.type === 'result' ? [e.done] : []))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  describe('capped bodies', () => {
    // Loopback moves GBs a second: without the caps these would grow the process by far more.
    it('stops reading an endless manifest and an endless blob; the process does not grow past a few MB', async () => {
      const endlessManifest = await httpDouble(openRegistry((res) => endless(res, MEDIA.manifest)));
      const endlessBlob = await httpDouble(openRegistry(servesAmd64, (res) => endless(res, 'application/octet-stream')));
      const run = (): ReturnType<typeof probeMirrors> => probeMirrors([candidate(endlessManifest.url), candidate(endlessBlob.url)], { ...OPTIONS, timeoutMs: 5000 });
      await run(); // warm-up: code and buffers loaded once
      const rssBefore = process.memoryUsage().rss;
      const started = performance.now();
      const { results } = await run();
      expect(performance.now() - started).toBeLessThan(2000);
      expect(process.memoryUsage().rss - rssBefore).toBeLessThan(10 * 1024 * 1024);

      const [manifest, blob] = results as [ProbeResult, ProbeResult];
      expect(manifest).toMatchObject({ status: 'error', usable: false });
      expect(said(manifest)).toMatch(/longer than 64 KiB/);
      expect(blob).toMatchObject({ status: 'usable', usable: true });
      expect(blob.throughputKBps).toBeGreaterThan(0);
      expect(said(blob)).toMatch(/over 2048 KB of a blob/);
    });
  });

  it('times a blob that stalls half-way out at the candidate timeout, still usable, without throughput', async () => {
    const stalling = await httpDouble(openRegistry(servesAmd64, (res) => res.writeHead(200, { ...API, 'content-length': '1000000' }).write(Buffer.alloc(1000))));
    const started = performance.now();
    const result = await probeOne(stalling.url, { timeoutMs: 600 });
    expect(performance.now() - started).toBeLessThan(800);
    expect(result).toMatchObject({ status: 'usable', usable: true, throughputKBps: null });
    expect(result.latencyMs).not.toBeNull();
    expect(said(result)).toMatch(/Throughput not measured: the time was up/);
  });
});

describe('probeMirrors over TLS against a registry test double (local node:https server)', () => {
  let tmp: TempDir;
  let caPem: string;
  let tlsMirror: Double;

  beforeAll(async () => {
    tmp = makeTempDir('mirrors-probe');
    const ca = await createCa(tmp.path, { commonName: 'Mirror Probe Test CA' });
    caPem = ca.pem;
    const leaf = await issueCert(ca, tmp.path, { commonName: '127.0.0.1', ipAddresses: ['127.0.0.1'] });
    const server = createHttpsServer({ cert: readFileSync(leaf.chainPath), key: readFileSync(leaf.keyPath) });
    tlsMirror = await serve(server, openRegistry(servesAmd64), 'https');
  });

  afterAll(() => tmp?.remove());

  it('calls an unknown CA a tls-error and says how to trust it', async () => {
    const result = await probeOne(tlsMirror.url);
    expect(result).toMatchObject({ status: 'tls-error', usable: false });
    expect(said(result)).toContain('x509: certificate signed by unknown authority');
    expect(said(result)).toContain(`dockside trust add ${tlsMirror.hostPort}`);
  });

  it('trusts the extra CA it is given', async () => {
    const result = await probeOne(tlsMirror.url, { ca: [caPem] });
    expect(result).toMatchObject({ status: 'usable', usable: true });
  });

  it('tells an https:// URL on a plain-HTTP port to be written as http://', async () => {
    const plain = await httpDouble(openRegistry(servesAmd64));
    const result = await probeOne(plain.url.replace('http:', 'https:'));
    expect(result.status).toBe('tls-error');
    expect(said(result)).toContain(`http://${plain.hostPort}/`);
  });
});

describe('rankResults', () => {
  const result = (url: string, status: ProbeResult['status'], latencyMs: number | null = null, throughputKBps: number | null = null): ProbeResult => ({
    url,
    sources: ['user'],
    status,
    usable: status === 'usable',
    reason: msg('probe.invalid.not-a-url'),
    latencyMs,
    throughputKBps,
    elapsedMs: 1,
  });

  it('puts usable mirrors first by latency then throughput, unmeasured last, then the rest by closeness, stable within a status', () => {
    const ranked = rankResults([
      result('error', 'error'),
      result('unreachable', 'unreachable'),
      result('timeout-1', 'timeout'),
      result('slow', 'usable', 80, 900),
      result('tls', 'tls-error'),
      result('unmeasured', 'usable', null, null),
      result('not-a-registry', 'not-a-registry'),
      result('fast-thin', 'usable', 10, 100),
      result('auth', 'auth-required'),
      result('fast-wide', 'usable', 10, 5000),
      result('not-a-mirror', 'not-a-mirror'),
      result('timeout-2', 'timeout'),
    ]);
    expect(ranked.map((r) => r.url)).toEqual([
      'fast-wide',
      'fast-thin',
      'slow',
      'unmeasured',
      'not-a-mirror',
      'auth',
      'not-a-registry',
      'tls',
      'timeout-1',
      'timeout-2',
      'unreachable',
      'error',
    ]);
  });

  it('leaves its input alone', () => {
    const input = [result('b', 'error'), result('a', 'usable', 1)];
    rankResults(input);
    expect(input.map((r) => r.url)).toEqual(['b', 'a']);
  });
});

describe('the test image', () => {
  it.each([
    ['busybox', 'library/busybox', 'latest'],
    ['busybox:1', 'library/busybox', '1'],
    ['library/busybox:latest', 'library/busybox', 'latest'],
    ['docker.io/library/alpine:3.20', 'library/alpine', '3.20'],
    ['index.docker.io/bitnami/redis', 'bitnami/redis', 'latest'],
    [`busybox@sha256:${'a'.repeat(64)}`, 'library/busybox', `sha256:${'a'.repeat(64)}`],
  ])('%s is %s at %s', (image, repository, reference) => {
    expect(hubImage(image)).toMatchObject({ repository, reference });
  });

  it.each(['ghcr.io/org/app:1', 'localhost:5000/app', 'BusyBox', 'busybox:bad tag'])('refuses %s', (image) => {
    expect(thrownBy(() => hubImage(image)).code).toBe('bad-image');
  });

  it('is checked before anything is probed', async () => {
    expect(english(await rejectionOf(probeMirrors([], { ...OPTIONS, image: 'quay.io/org/app' })))).toMatch(/only Docker Hub/);
  });
});
