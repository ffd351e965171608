import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocksideError } from '../../../../../electron/core/errors';
import { fetchCaFromUrl } from '../../../../../electron/core/trust/fetch-ca-url';
import { CERT_FETCH_MAX_BYTES } from '../../../../../electron/core/trust/fetch-untrusted';
import { type CertificateAuthority, createCa, issueCert, type IssuedCert } from '../../../../harness/certs';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';

// A real https server on 127.0.0.1 whose certificate nobody trusts (a self-signed CA serving as
// its own server certificate): the fetcher must read it anyway and let the pin decide.

let dir: TempDir;
let ca: CertificateAuthority;
let other: CertificateAuthority;
let leaf: IssuedCert;
let server: Server;
let base: string;
let port: number;

const ROUTES: Record<string, (res: ServerResponse) => void> = {};

async function refusal(url: string, pin: string, timeoutMs?: number, now?: Date): Promise<DocksideError> {
  const error: unknown = await fetchCaFromUrl(url, pin, { timeoutMs, now }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocksideError);
  return error as DocksideError;
}

beforeAll(async () => {
  dir = makeTempDir('fetch-ca-url');
  ca = await createCa(dir.path, { commonName: 'Fetch CA' });
  other = await createCa(dir.path, { commonName: 'Other CA' });
  leaf = await issueCert(ca, dir.path, { commonName: 'reg.example', dnsNames: ['reg.example'] });
  const send = (body: string | Buffer, type = 'application/x-x509-ca-cert') => (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  };
  const redirect = (to: string) => (res: ServerResponse) => {
    res.writeHead(302, { location: to });
    res.end();
  };
  Object.assign(ROUTES, {
    '/ca.pem': send(ca.pem),
    '/ca.der': send(new X509Certificate(ca.pem).raw),
    '/bundle.pem': send(`${other.pem}${ca.pem}`),
    '/leaf.pem': send(leaf.pem),
    '/page': send('<!DOCTYPE html><html><body>Sign in</body></html>', 'text/html'),
    '/key': send(readFileSync(ca.keyPath)),
    '/cert-and-key': send(`${ca.pem}${readFileSync(ca.keyPath, 'utf8')}`),
    '/big': send(`${ca.pem}${' '.repeat(CERT_FETCH_MAX_BYTES)}`),
    '/big-chunked': (res: ServerResponse) => {
      res.writeHead(200);
      for (let i = 0; i < 80; i++) res.write(Buffer.alloc(1024, 0x20));
      res.end();
    },
    '/r3': redirect('/r2'),
    '/r2': redirect('/r1'),
    '/r1': redirect('/ca.pem'),
    '/r4': redirect('/r3'),
    '/missing': (res: ServerResponse) => {
      res.writeHead(404);
      res.end('no');
    },
    '/slow': () => undefined,
  });
  server = createServer({ cert: ca.pem, key: readFileSync(ca.keyPath) }, (req, res) => {
    if (req.url === '/away') return redirect(`https://localhost:${port}/ca.pem`)(res);
    const route = ROUTES[req.url ?? ''];
    if (route) return route(res);
    res.writeHead(500);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `https://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  dir.remove();
});

describe('fetchCaFromUrl', () => {
  it('fetches a PEM CA from a server whose certificate is not trusted, when the pin matches', async () => {
    const cert = await fetchCaFromUrl(`${base}/ca.pem`, ca.fingerprintSha256);
    expect(cert.fingerprint256).toBe(ca.fingerprintSha256);
  });

  it('reads a DER body', async () => {
    expect((await fetchCaFromUrl(`${base}/ca.der`, ca.fingerprintSha256)).fingerprint256).toBe(ca.fingerprintSha256);
  });

  it('picks the pinned certificate out of a PEM bundle, whichever it is', async () => {
    expect((await fetchCaFromUrl(`${base}/bundle.pem`, ca.fingerprintSha256)).fingerprint256).toBe(ca.fingerprintSha256);
    expect((await fetchCaFromUrl(`${base}/bundle.pem`, other.fingerprintSha256)).fingerprint256).toBe(other.fingerprintSha256);
  });

  it('refuses a wrong pin, naming what the server sends', async () => {
    const error = await refusal(`${base}/bundle.pem`, 'AB:'.repeat(31) + 'AB');
    expect(error).toMatchObject({ code: 'fingerprint-mismatch', key: 'tls.error.ca-url.pin-not-found' });
    expect(error.params.fingerprints).toBe(`${other.fingerprintSha256}, ${ca.fingerprintSha256}`);
  });

  it('refuses an HTML page and a private key by name', async () => {
    expect(await refusal(`${base}/page`, ca.fingerprintSha256)).toMatchObject({ code: 'ca-url-not-certificate', key: 'tls.error.ca-url.html' });
    expect(await refusal(`${base}/key`, ca.fingerprintSha256)).toMatchObject({ code: 'ca-url-private-key', key: 'tls.error.ca-url.private-key' });
    expect(await refusal(`${base}/cert-and-key`, ca.fingerprintSha256)).toMatchObject({ code: 'ca-url-private-key' });
  });

  it('refuses a pinned server certificate (neither a CA nor self-signed) as the CA', async () => {
    const pin = new X509Certificate(leaf.pem).fingerprint256;
    expect(await refusal(`${base}/leaf.pem`, pin)).toMatchObject({ code: 'ca-url-not-ca', key: 'tls.error.ca-url.not-ca', params: { fingerprint: pin, subject: 'CN=reg.example' } });
  });

  it('refuses a CA that is expired or not yet valid', async () => {
    const later = new Date(Date.now() + 20 * 365 * 86400_000);
    expect(await refusal(`${base}/ca.pem`, ca.fingerprintSha256, undefined, later)).toMatchObject({ code: 'ca-url-expired', key: 'tls.error.ca-url.expired' });
    expect(await refusal(`${base}/ca.pem`, ca.fingerprintSha256, undefined, new Date('2000-01-01T00:00:00Z'))).toMatchObject({ code: 'ca-url-not-yet-valid' });
  });

  it('refuses a body over 64 KiB, declared or streamed', async () => {
    for (const path of ['/big', '/big-chunked']) {
      expect(await refusal(`${base}${path}`, ca.fingerprintSha256)).toMatchObject({ code: 'ca-url-too-big', key: 'tls.error.ca-url.too-big', params: { max: 64 } });
    }
  });

  it('follows up to 3 redirects on the same host, not 4', async () => {
    expect((await fetchCaFromUrl(`${base}/r3`, ca.fingerprintSha256)).fingerprint256).toBe(ca.fingerprintSha256);
    expect(await refusal(`${base}/r4`, ca.fingerprintSha256)).toMatchObject({ code: 'ca-url-redirects', params: { max: 3 } });
  });

  it('refuses a redirect to another host, naming both', async () => {
    expect(await refusal(`${base}/away`, ca.fingerprintSha256)).toMatchObject({ code: 'ca-url-redirect-host', params: { from: '127.0.0.1', to: 'localhost' } });
  });

  it('refuses an HTTP error status, a silent server and a URL that is not http(s)', async () => {
    expect(await refusal(`${base}/missing`, ca.fingerprintSha256)).toMatchObject({ code: 'ca-url-status', params: { status: 404 } });
    expect(await refusal(`${base}/slow`, ca.fingerprintSha256, 300)).toMatchObject({ code: 'ca-url-timeout' });
    expect(await refusal('ftp://127.0.0.1/ca.pem', ca.fingerprintSha256)).toMatchObject({ code: 'invalid-ca-url' });
  });
});
