import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostAndPort, tlsValidates } from '../../../../../../electron/core/trust/os-store/tls-validates';
import { type CertificateAuthority, createCa, issueCert } from '../../../../../harness/certs';
import { makeTempDir, type TempDir } from '../../../../../harness/tmp';

// "Installed means verified": a real TLS handshake against the CA text given (the platform
// bundle, read explicitly), host name or IP checked, and a host that does not answer told apart.

let tmp: TempDir;
let ca: CertificateAuthority;
let other: CertificateAuthority;
let server: Server;
let port: number;

beforeAll(async () => {
  tmp = makeTempDir('tls-validates');
  ca = await createCa(tmp.path, { commonName: 'Validates CA' });
  other = await createCa(tmp.path, { commonName: 'Some Other CA' });
  const leaf = await issueCert(ca, tmp.path, { commonName: '127.0.0.1', ipAddresses: ['127.0.0.1'] });
  server = createServer({ cert: readFileSync(leaf.certPath), key: readFileSync(leaf.keyPath) }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  tmp.remove();
});

describe('tlsValidates', () => {
  it('validates a leaf-only server against a bundle holding its CA, by IP', async () => {
    expect(await tlsValidates(`127.0.0.1:${port}`, `${other.pem}${ca.pem}`)).toEqual({ kind: 'valid' });
  });

  it('refuses when the bundle lacks the CA, naming the reason OpenSSL gives', async () => {
    expect(await tlsValidates(`127.0.0.1:${port}`, other.pem)).toEqual({ kind: 'refused', reason: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  it('tells a host that does not answer apart from a refusal', async () => {
    const closed = createNetServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await tlsValidates(`127.0.0.1:${closedPort}`, ca.pem)).toEqual({ kind: 'unreachable', reason: 'ECONNREFUSED' });
  });
});

describe('hostAndPort', () => {
  it('reads certs.d names: host, host:port, [v6]:port; 443 by default', () => {
    expect(hostAndPort('nexus.example')).toEqual({ host: 'nexus.example', port: 443 });
    expect(hostAndPort('nexus.example:8443')).toEqual({ host: 'nexus.example', port: 8443 });
    expect(hostAndPort('[::1]:5000')).toEqual({ host: '::1', port: 5000 });
    expect(hostAndPort('[::1]')).toEqual({ host: '::1', port: 443 });
  });
});
