import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MirrorsProbeJsonSchema } from '../../shared/mirrors';
import { NexusDiscoveryJsonSchema } from '../../shared/nexus';
import { startNexusFixture } from '../fixtures/nexus/server';
import { createCa, issueCert } from '../harness/certs';
import { createCleanups } from '../harness/cleanup';
import { startDockerd } from '../harness/dockerd';
import { CLI_PATH, dockside } from '../harness/dockside';
import { addHosts } from '../harness/hosts';
import { freePort } from '../harness/ports';
import { startRegistry } from '../harness/registry';
import { run } from '../harness/run';
import { seedImage } from '../harness/seed-image';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';

// Issue 6 end to end: `dockside mirrors probe` against real registries (docker-registry over
// HTTP and over TLS with a CA in the certs dir), a web server that is no registry, a socket that
// accepts and never answers, a closed port, and servers with endless bodies and redirect loops;
// and `dockside nexus discover` against the recorded fixtures of Nexus's REST answers (Nexus
// itself cannot run here).

const suffix = uniqueSuffix();
const TLS_HOST = `tlsmirror-${suffix}.dockside.test`;
const cleanups = createCleanups();
let dir: TempDir;
let certsDir: string;
const urls: Record<'hub' | 'empty' | 'web' | 'tls' | 'silent' | 'closed', string> = { hub: '', empty: '', web: '', tls: '', silent: '', closed: '' };

/** A node:http server on 127.0.0.1, closed by the cleanups. */
async function httpServer(handler: Parameters<typeof createHttpServer>[1]): Promise<string> {
  const server: Server = createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.add(() => new Promise<void>((resolve) => server.close(() => resolve())));
  server.on('connection', (socket) => cleanups.add(() => void socket.destroy()));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
}

beforeAll(async () => {
  dir = makeTempDir('mirrors-probe');
  cleanups.add(() => dir.remove());
  certsDir = dir.join('certs.d');
  const hosts = addHosts([TLS_HOST]);
  cleanups.add(() => hosts.remove());

  // Docker Hub's busybox, played by a local registry filled through a real dockerd.
  const dockerd = cleanups.track(await startDockerd());
  const hub = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } }));
  await seedImage(dockerd, 'dockside-seed:1');
  for (const args of [['tag', 'dockside-seed:1', `${hub.hostPort}/library/busybox:latest`], ['push', `${hub.hostPort}/library/busybox:latest`]]) {
    const result = await dockerd.docker(args);
    expect(result.code, result.stderr).toBe(0);
  }
  urls.hub = `${hub.url}/`;
  urls.empty = `${cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } })).url}/`;
  urls.web = await httpServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>It works!</body></html>'));

  // A TLS pull-through cache of the hub, its CA in the certs dir the probe reads (as Docker reads certs.d).
  const ca = await createCa(dir.path, { commonName: `Probe CA ${suffix}` });
  const port = await freePort('::1');
  const cert = await issueCert(ca, dir.path, { commonName: TLS_HOST, dnsNames: [TLS_HOST] });
  cleanups.track(await startRegistry({ listen: { host: '::1', port }, tls: { certPath: cert.chainPath, keyPath: cert.keyPath }, proxy: { remoteUrl: hub.url } }));
  urls.tls = `https://${TLS_HOST}:${port}/`;
  mkdirSync(join(certsDir, `${TLS_HOST}:${port}`), { recursive: true });
  writeFileSync(join(certsDir, `${TLS_HOST}:${port}`, 'ca.crt'), ca.pem);

  // Accepts connections and never says a word.
  const silent = createNetServer((socket: Socket) => cleanups.add(() => void socket.destroy()));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  cleanups.add(() => new Promise<void>((resolve) => silent.close(() => resolve())));
  const silentAddress = silent.address();
  urls.silent = `http://127.0.0.1:${typeof silentAddress === 'object' && silentAddress ? silentAddress.port : 0}/`;
  urls.closed = `http://127.0.0.1:${await freePort()}/`;
});

afterAll(() => cleanups.run());

describe('mirrors probe', () => {
  it('probes six candidates with a 2 s timeout in under 2.5 s, the real mirrors first, each with a status and a reason', async () => {
    const started = performance.now();
    const result = await dockside(['mirrors', 'probe', urls.closed, urls.silent, urls.web, urls.empty, urls.tls, urls.hub, '--timeout', '2000', '--certs-dir', certsDir, '--json'], process.env);
    const wall = performance.now() - started;
    expect(result.code, result.stderr).toBe(0);
    const probe = MirrorsProbeJsonSchema.parse(JSON.parse(result.stdout));
    expect(probe.elapsedMs).toBeLessThan(2500);
    // The CLI's own start-up (Node, the bundle, the system CAs) comes on top of the probe.
    expect(wall).toBeLessThan(4000);
    const byUrl = Object.fromEntries(probe.results.map((r) => [r.url, r]));
    expect(probe.results.slice(0, 2).map((r) => r.url).sort()).toEqual([urls.hub, urls.tls].sort());
    expect(probe.results.slice(0, 2).every((r) => r.usable && r.status === 'usable' && r.latencyMs !== null)).toBe(true);
    expect(byUrl[urls.empty]).toMatchObject({ usable: false, status: 'not-a-mirror' });
    expect(byUrl[urls.empty]?.reason).toMatchObject({ code: 'probe.verdict.not-a-mirror.manifest-unknown', message: expect.stringMatching(/manifest unknown/i) });
    expect(byUrl[urls.web]).toMatchObject({ usable: false, status: 'not-a-registry' });
    expect(byUrl[urls.silent]).toMatchObject({ usable: false, status: 'timeout' });
    expect(byUrl[urls.closed]).toMatchObject({ usable: false, status: 'unreachable' });
    // --json carries the verdict's code, its params and the rendered sentence, for scripts.
    for (const r of probe.results) expect(r.reason.message?.length).toBeGreaterThan(10);
  });

  it('without a URL probes every active mirror of the catalog the built CLI ships (resources/mirrors.json, found from out/main), not the retired ones', async () => {
    const catalog = (JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'resources', 'mirrors.json'), 'utf8')) as { url: string; status: string }[]).filter((entry) => entry.status === 'active');
    const result = await dockside(['mirrors', 'probe', '--timeout', '1000', '--certs-dir', certsDir, '--json'], process.env);
    expect(result.stderr).not.toMatch(/catalog-unreadable/);
    const probe = MirrorsProbeJsonSchema.parse(JSON.parse(result.stdout));
    expect(probe.results.map((r) => r.url).sort()).toEqual(catalog.map((entry) => `${entry.url.replace(/\/$/, '')}/`).sort());
    expect(probe.results.every((r) => r.sources.includes('catalog'))).toBe(true);
  });

  it('streams a progress line per candidate on stderr and ranks them in words on stdout', async () => {
    const result = await dockside(['mirrors', 'probe', urls.closed, urls.hub, '--timeout', '2000'], process.env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.match(/\[[12]\/2\]/g)).toHaveLength(2);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^✓ ${urls.hub} usable \\d+ ms`));
    expect(lines[1]).toMatch(new RegExp(`^✗ ${urls.closed} unreachable: `));
  });

  it('says it in Chinese under --lang zh-CN: the progress line, the status and the verdict, the host kept as it is', async () => {
    const result = await dockside(['mirrors', 'probe', urls.closed, '--timeout', '2000', '--lang', 'zh-CN'], process.env);
    expect(result.stderr).toContain(`[1/1] ${urls.closed} 无法连接`);
    expect(result.stdout).toMatch(new RegExp(`^✗ ${urls.closed} 无法连接：`));
  });

  it('caps bodies: an endless manifest and an endless blob do not grow the process past a few MB; a redirect loop stops', async () => {
    const endless = (response: ServerResponse, type: string): void => {
      response.writeHead(200, { 'content-type': type, 'docker-distribution-api-version': 'registry/2.0' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (response.write(chunk)) {
          /* keep the pipe full */
        }
      };
      response.on('drain', pump);
      pump();
    };
    const registryHeaders = { 'docker-distribution-api-version': 'registry/2.0' };
    const endlessManifest = await httpServer((request, response) => {
      if (request.url === '/v2/') return response.writeHead(200, registryHeaders).end('{}');
      endless(response, 'application/vnd.docker.distribution.manifest.v2+json');
    });
    const digest = `sha256:${'ab'.repeat(32)}`;
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: 1024, digest },
      layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 1024, digest }],
    });
    const endlessBlob = await httpServer((request, response) => {
      if (request.url === '/v2/') return response.writeHead(200, registryHeaders).end('{}');
      if (request.url?.includes('/manifests/')) return response.writeHead(200, { ...registryHeaders, 'content-type': 'application/vnd.docker.distribution.manifest.v2+json' }).end(manifest);
      endless(response, 'application/octet-stream');
    });
    const loop = await httpServer((request, response) => response.writeHead(302, { location: request.url ?? '/' }).end());
    const measure = async (args: string[]): Promise<{ kb: number; stdout: string; code: number }> => {
      const result = await run('/usr/bin/time', ['-f', '%M', process.execPath, CLI_PATH, ...args], { env: process.env, timeoutMs: 30_000 });
      const kb = Number(result.stderr.trim().split('\n').pop());
      return { kb, stdout: result.stdout, code: result.code };
    };
    // The same work without an endless body: a registry that answers "manifest unknown", and the loop.
    const baseline = await measure(['mirrors', 'probe', urls.empty, loop, '--timeout', '2000', '--json']);
    const capped = await measure(['mirrors', 'probe', endlessManifest, endlessBlob, loop, '--timeout', '2000', '--json']);
    expect(Number.isFinite(baseline.kb) && baseline.kb > 0).toBe(true);
    expect(capped.kb - baseline.kb).toBeLessThan(16 * 1024);
    const probe = MirrorsProbeJsonSchema.parse(JSON.parse(capped.stdout));
    const byUrl = Object.fromEntries(probe.results.map((r) => [r.url, r]));
    expect(byUrl[endlessManifest]?.usable).toBe(false);
    // The blob is read up to the cap and timed: the mirror is usable, the download stopped.
    expect(byUrl[endlessBlob]).toMatchObject({ usable: true, status: 'usable' });
    expect(byUrl[endlessBlob]?.throughputKBps).toBeGreaterThan(0);
    expect(byUrl[loop]?.usable).toBe(false);
    expect(byUrl[loop]?.reason.message).toMatch(/redirect/i);
  });
});

describe('nexus discover (against recorded fixtures of Nexus\'s documented REST answers)', () => {
  it('recommends the group as mirror and pull endpoint, the hosted repository for push, and flags hosted-as-mirror', async () => {
    const nexus = await startNexusFixture();
    cleanups.add(() => nexus.stop());
    const result = await dockside(['nexus', 'discover', nexus.url, '-u', nexus.adminUser, '--password-stdin', '--json'], process.env, { input: `${nexus.adminPassword}\n` });
    expect(result.code, result.stderr).toBe(0);
    const discovery = NexusDiscoveryJsonSchema.parse(JSON.parse(result.stdout));
    expect(discovery.recommended).toEqual({ mirror: 'docker-group', pull: 'docker-group', push: 'docker-hosted' });
    const byName = Object.fromEntries(discovery.repositories.map((r) => [r.name, r]));
    expect(byName['docker-proxy']?.roles).toContain('mirror');
    expect(byName['docker-hosted']?.roles).toEqual(expect.arrayContaining(['push', 'pull']));
    expect(byName['docker-hosted']?.roles).not.toContain('mirror');
    expect(byName['docker-hosted']?.notes.map((note) => note.message).join(' ')).toMatch(/registry-1\.docker\.io/);
    expect(byName['docker-group-noproxy']?.roles).not.toContain('mirror');
    expect(byName['docker-group']?.endpoints).toContain('http://127.0.0.1:8003/');
    expect(result.stdout).not.toContain(nexus.adminPassword);
  });
});
