import { freePort } from './ports';

/** Loopback only: the tests never touch another interface. */
export type LoopbackHost = '::1' | '127.0.0.1';

export interface ListenOptions {
  host: LoopbackHost;
  /** A free port is picked when omitted. */
  port?: number;
}

export interface BoundAddress {
  host: LoopbackHost;
  port: number;
  /** `[::1]:5000` or `127.0.0.1:5000`, the form used in URLs, image names and nginx `listen`. */
  hostPort: string;
}

export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export async function resolveListen(listen: ListenOptions): Promise<BoundAddress> {
  const port = listen.port ?? (await freePort(listen.host));
  return { host: listen.host, port, hostPort: formatHostPort(listen.host, port) };
}
