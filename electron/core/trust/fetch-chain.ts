import { X509Certificate } from 'node:crypto';
import { connect, type PeerCertificate, rootCertificates } from 'node:tls';
import { DocksideError } from '../errors';
import type { RegistryName } from './registry-name';

export interface FetchedChain {
  /** host:port connected to ([v6]:port for IPv6). */
  address: string;
  tlsVersion: string | null;
  /** What the server sent, leaf first, each followed by its issuer where the server sent it. */
  certificates: X509Certificate[];
}

const HTTPS_PORT = 443;

/**
 * Connects with TLS as Docker would (SNI = the host name; none for an IP), without verifying
 * anything, and returns the chain the server presents. Throws DocksideError when no TLS
 * connection comes up, saying why.
 */
export function fetchChain(name: RegistryName, options: { timeoutMs: number }): Promise<FetchedChain> {
  const port = name.port ?? HTTPS_PORT;
  const address = name.kind === 'ipv6' ? `[${name.host}]:${port}` : `${name.host}:${port}`;
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: name.host,
      port,
      ...(name.kind === 'dns' ? { servername: name.host } : {}),
      rejectUnauthorized: false,
      // Node completes a chain with a root from its trusted store; a store of one unrelated public
      // root keeps the chain to what the server sent. Trust is judged separately (judge-chain).
      ca: rootCertificates.slice(0, 1),
      ALPNProtocols: ['http/1.1'],
    });
    socket.setTimeout(options.timeoutMs, () => socket.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    socket.once('secureConnect', () => {
      const certificates = chainOf(socket.getPeerCertificate(true));
      const tlsVersion = socket.getProtocol();
      socket.destroy();
      if (certificates.length === 0) {
        reject(new DocksideError('no-certificate', 'tls.error.no-certificate', { address }));
        return;
      }
      resolve({ address, tlsVersion, certificates });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => reject(connectError(address, name, error)));
  });
}

/** Node links each certificate to its issuer; a self-signed one links to itself. */
function chainOf(leaf: PeerCertificate | undefined): X509Certificate[] {
  const result: X509Certificate[] = [];
  const seen = new Set<string>();
  for (let current = leaf as (PeerCertificate & { issuerCertificate?: PeerCertificate }) | undefined; current?.raw; current = current.issuerCertificate) {
    if (seen.has(current.fingerprint256)) break;
    seen.add(current.fingerprint256);
    result.push(new X509Certificate(current.raw));
  }
  return result;
}

function connectError(address: string, name: RegistryName, error: NodeJS.ErrnoException): DocksideError {
  const code = error.code ?? '';
  const text = `${error.message} ${code}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new DocksideError('host-not-found', 'tls.error.host-not-found', { host: name.host, errno: code });
  }
  if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH') {
    return new DocksideError('host-unreachable', 'tls.error.host-unreachable', { address, errno: code });
  }
  if (code === 'ECONNREFUSED') {
    return new DocksideError('connection-refused', 'tls.error.connection-refused', { address });
  }
  if (code === 'ETIMEDOUT') {
    return new DocksideError('connect-timeout', 'tls.error.connect-timeout', { address });
  }
  if (/wrong version number|packet length too long|http request/i.test(text)) {
    return new DocksideError('not-tls', 'tls.error.not-tls', { address });
  }
  // detail: Node's (OpenSSL's) own error text, quoted in the sentence
  return new DocksideError('tls-failed', 'tls.error.tls-failed', { address, detail: error.message });
}
