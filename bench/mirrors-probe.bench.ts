import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { MirrorCandidate } from '../shared/mirrors';
import { probeMirrors } from '../electron/core/mirrors/probe';

// `mirrors probe` with 24 candidates of which 8 accept connections and never answer: wall time
// probing all at once versus one at a time, in the same run. The 16 that answer are small
// registry stand-ins (node:http) serving a manifest and a blob, so only the prober is measured.
const ANSWERING = 16;
const SILENT = 8;
const TIMEOUT_MS = 1_000;
const BLOB = Buffer.alloc(256 * 1024, 7);
const DIGEST = 'sha256:0000000000000000000000000000000000000000000000000000000000000001';

export async function run(): Promise<void> {
  const servers: Array<Server | NetServer> = [];
  const sockets: Socket[] = [];
  try {
    const candidates: MirrorCandidate[] = [];
    for (let i = 0; i < ANSWERING; i++) candidates.push({ url: await listen(registryStandIn(), servers), sources: ['user'] });
    for (let i = 0; i < SILENT; i++) {
      candidates.push({ url: await listen(createNetServer((socket) => sockets.push(socket)), servers), sources: ['user'] });
    }
    const options = { image: 'library/busybox:latest', timeoutMs: TIMEOUT_MS, deadlineMs: 60_000 };
    const concurrent = await probeMirrors(candidates, options);
    const sequential = await probeMirrors(candidates, { ...options, concurrency: 1 });
    const usable = concurrent.results.filter((result) => result.usable).length;
    console.log(
      `mirrors probe, ${candidates.length} candidates (${SILENT} never answer, ${TIMEOUT_MS} ms timeout; ${usable} usable): ` +
        `concurrent ${concurrent.elapsedMs.toFixed(0)} ms, one at a time ${sequential.elapsedMs.toFixed(0)} ms; ratio ${(sequential.elapsedMs / concurrent.elapsedMs).toFixed(1)}`,
    );
  } finally {
    for (const socket of sockets) socket.destroy();
    for (const server of servers) if ('closeAllConnections' in server) server.closeAllConnections();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

function registryStandIn(): Server {
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: BLOB.length, digest: DIGEST },
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: BLOB.length, digest: DIGEST }],
  });
  return createHttpServer((request, response) => {
    const headers = { 'docker-distribution-api-version': 'registry/2.0' };
    if (request.url === '/v2/') return response.writeHead(200, headers).end('{}');
    if (request.url?.includes('/manifests/')) return response.writeHead(200, { ...headers, 'content-type': 'application/vnd.docker.distribution.manifest.v2+json' }).end(manifest);
    if (request.url?.includes('/blobs/')) return response.writeHead(200, { ...headers, 'content-type': 'application/octet-stream' }).end(BLOB);
    response.writeHead(404, headers).end();
  });
}

async function listen(server: Server | NetServer, servers: Array<Server | NetServer>): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
}
