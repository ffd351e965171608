import { isIP } from 'node:net';
import { connect } from 'node:tls';

/** How a TLS connection judged against one CA bundle ended. */
export type TlsValidation = { kind: 'valid' } | { kind: 'refused'; reason: string } | { kind: 'unreachable'; reason: string };

/** A host that did not answer: nothing was judged, so nothing is said about trust. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET']);
const TIMEOUT_MS = 10_000;

export type TlsValidator = (registry: string, ca: string) => Promise<TlsValidation>;

/**
 * Does a TLS connection to the registry validate against `ca` (the platform bundle's text, read
 * explicitly: Node 20 has no API for the system store), host name included?
 */
export const tlsValidates: TlsValidator = (registry, ca) => {
  const { host, port } = hostAndPort(registry);
  return new Promise((resolve) => {
    const socket = connect({ host, port, ca, rejectUnauthorized: true, ...(isIP(host) === 0 ? { servername: host } : {}) });
    const done = (result: TlsValidation): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(TIMEOUT_MS, () => done({ kind: 'unreachable', reason: 'ETIMEDOUT' }));
    socket.once('secureConnect', () => done({ kind: 'valid' }));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code ?? error.message;
      done(UNREACHABLE.has(reason) ? { kind: 'unreachable', reason } : { kind: 'refused', reason });
    });
  });
};

/** `host`, `host:port`, `[v6]:port` as certs.d names a registry; 443 when no port is given. */
export function hostAndPort(registry: string): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(registry);
  if (bracketed) return { host: bracketed[1] ?? '', port: Number(bracketed[2] ?? 443) };
  const colon = registry.lastIndexOf(':');
  if (colon === -1 || registry.indexOf(':') !== colon) return { host: registry, port: 443 };
  return { host: registry.slice(0, colon), port: Number(registry.slice(colon + 1)) };
}
