import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { IpcEventName } from '../../shared/ipc-channels';

/** Where the page of the UI test bridge listens to main's events (Server-Sent Events). */
export const EVENTS_PATH = '/__dockside/events';

/** Events to stream to every page: subscribe returns the function that stops. */
export interface EventStream {
  subscribe(send: (name: IpcEventName, payload: unknown) => void): () => void;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Serves the built renderer on loopback; its CSP is the meta tag the build wrote, as in the app
 * (`connect-src 'self'` admits the event stream, which comes from the same origin).
 */
export async function serveRenderer(root: string, events?: EventStream): Promise<{ url: string; close(): Promise<void> }> {
  const streams = new Set<() => void>();
  const server: Server = createServer(async (request, response) => {
    if (events && request.url === EVENTS_PATH) {
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      response.write(': connected\n\n');
      const stop = events.subscribe((name, payload) => response.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`));
      const end = (): void => {
        stop();
        streams.delete(end);
        response.end();
      };
      streams.add(end);
      request.once('close', end);
      return;
    }
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const file = join(root, path === sep ? 'index.html' : path);
    if (!file.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('renderer server has no port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => {
      for (const end of [...streams]) end();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
