import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AIA_MAX_HOPS, caIssuersUrls, followCaIssuers, issuerCertificates } from '../../../../../electron/core/trust/aia-issuers';
import { DocksideError } from '../../../../../electron/core/errors';
import { type CertificateAuthority, createCa, issueCert } from '../../../../harness/certs';
import { runOk } from '../../../../harness/run';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';

// Real certificates (openssl), a real plain-HTTP server on 127.0.0.1 serving issuers the way AIA
// caIssuers URLs do: DER, PEM and certs-only PKCS#7 made by `openssl crl2pkcs7`.

let dir: TempDir;
let ca: CertificateAuthority;
let other: CertificateAuthority;
let server: Server;
let base: string;
let caDer: Buffer;
let p7cDer: Buffer;
let p7cPem: string;
const ROUTES: Record<string, (res: ServerResponse) => void> = {};

const send = (body: string | Buffer) => (res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/pkix-cert' });
  res.end(body);
};

async function leafNaming(url: string | undefined, issuer = ca): Promise<X509Certificate> {
  const issued = await issueCert(issuer, dir.path, { commonName: 'aia.example', dnsNames: ['aia.example'], ...(url === undefined ? {} : { caIssuersUrl: url }) });
  return new X509Certificate(issued.pem);
}

/** A self-signed certificate whose AIA is exactly `section` (an openssl config section's lines). */
async function selfSignedWithAia(section: string): Promise<X509Certificate> {
  const config = dir.join(`aia-${Date.now()}-${Math.random()}.cnf`);
  writeFileSync(config, `[ req ]\ndistinguished_name = dn\n[ dn ]\n[ ext ]\nauthorityInfoAccess = @aia\n[ aia ]\n${section}`);
  const out = `${config}.crt`;
  await runOk('openssl', ['req', '-x509', '-config', config, '-extensions', 'ext', '-newkey', 'rsa:2048', '-noenc', '-keyout', `${config}.key`, '-out', out, '-subj', '/CN=aia', '-days', '1']);
  return new X509Certificate(readFileSync(out));
}

function refusal(run: () => unknown): DocksideError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DocksideError);
    return error as DocksideError;
  }
  throw new Error('expected a refusal');
}

beforeAll(async () => {
  dir = makeTempDir('aia-issuers');
  ca = await createCa(dir.path, { commonName: 'AIA Root CA' });
  other = await createCa(dir.path, { commonName: 'AIA Other CA' });
  caDer = new X509Certificate(ca.pem).raw;
  const p7cPath = dir.join('ca.p7c');
  await runOk('openssl', ['crl2pkcs7', '-nocrl', '-certfile', ca.certPath, '-outform', 'DER', '-out', p7cPath]);
  p7cDer = readFileSync(p7cPath);
  p7cPem = (await runOk('openssl', ['crl2pkcs7', '-nocrl', '-certfile', ca.certPath])).stdout;
  Object.assign(ROUTES, {
    '/ca.der': send(caDer),
    '/ca.pem': send(ca.pem),
    '/ca.p7c': send(p7cDer),
    '/other.der': send(new X509Certificate(other.pem).raw),
    '/page': send('<html><body>Not here</body></html>'),
    '/missing': (res: ServerResponse) => {
      res.writeHead(404);
      res.end();
    },
  });
  server = createServer((req, res) => {
    const route = ROUTES[req.url ?? ''];
    if (route) return route(res);
    res.writeHead(500);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  dir.remove();
});

describe('caIssuersUrls', () => {
  it('reads the unquoted form', async () => {
    expect(caIssuersUrls(await leafNaming('http://ca.example:8080/ca.der'))).toEqual(['http://ca.example:8080/ca.der']);
  });

  it('reads JSON-quoted values (Node quotes a value with a comma or a line break), keeps the order, skips OCSP and non-http URIs', async () => {
    const cert = await selfSignedWithAia(
      'caIssuers;URI.0 = http://a.example/ca.der\nOCSP;URI.1 = http://ocsp.example/\ncaIssuers;URI.2 = http://b.example/x,y.der\ncaIssuers;URI.3 = ldap://c.example/cn=CA\n',
    );
    expect(cert.infoAccess).toContain('URI:"http://b.example/x\\u002cy.der"');
    expect(caIssuersUrls(cert)).toEqual(['http://a.example/ca.der', 'http://b.example/x,y.der']);
  });

  it('no AIA at all: none', async () => {
    expect(caIssuersUrls(new X509Certificate(ca.pem))).toEqual([]);
  });
});

describe('issuerCertificates', () => {
  it('reads DER, PEM, and certs-only PKCS#7 in DER and in PEM', () => {
    for (const body of [caDer, Buffer.from(ca.pem), p7cDer, Buffer.from(p7cPem)]) {
      expect(issuerCertificates(body, 'http://x/ca').map((cert) => cert.fingerprint256)).toEqual([ca.fingerprintSha256]);
    }
  });

  it('reads every certificate of a PKCS#7 bundle', async () => {
    const bundle = dir.join('both.p7c');
    await runOk('openssl', ['crl2pkcs7', '-nocrl', '-certfile', ca.certPath, '-certfile', other.certPath, '-outform', 'DER', '-out', bundle]);
    expect(issuerCertificates(readFileSync(bundle), 'http://x/both.p7c').map((cert) => cert.fingerprint256)).toEqual([ca.fingerprintSha256, other.fingerprintSha256]);
  });

  it('refuses by name a web page, a private key, a PKCS#7 without certificates and random bytes', async () => {
    const empty = dir.join('crl-only.p7c');
    const url = 'http://x/ca';
    expect(refusal(() => issuerCertificates(Buffer.from('<html>no</html>'), url))).toMatchObject({ code: 'aia-not-certificate', key: 'tls.error.aia.not-certificate', params: { url } });
    expect(refusal(() => issuerCertificates(readFileSync(ca.keyPath), url))).toMatchObject({ code: 'aia-private-key' });
    await runOk('openssl', ['crl2pkcs7', '-nocrl', '-outform', 'DER', '-out', empty]);
    expect(refusal(() => issuerCertificates(readFileSync(empty), url))).toMatchObject({ code: 'aia-not-certificate' });
    expect(refusal(() => issuerCertificates(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00]), url))).toMatchObject({ code: 'aia-not-certificate' });
  });
});

describe('followCaIssuers', () => {
  it('fetches the root a leaf-only chain lacks, in DER, PEM or .p7c', async () => {
    for (const path of ['/ca.der', '/ca.pem', '/ca.p7c']) {
      const followed = await followCaIssuers([await leafNaming(`${base}${path}`)]);
      expect(followed?.error).toBeNull();
      expect(followed?.urls).toEqual([`${base}${path}`]);
      expect(followed?.issuers.map((cert) => cert.fingerprint256)).toEqual([ca.fingerprintSha256]);
    }
  });

  it('nothing to follow: a leaf without AIA, a chain that already ends at its root', async () => {
    expect(await followCaIssuers([await leafNaming(undefined)])).toBeNull();
    expect(await followCaIssuers([await leafNaming(`${base}/ca.der`), new X509Certificate(ca.pem)])).toBeNull();
  });

  it('a certificate that did not issue the leaf is refused, however it is served', async () => {
    const followed = await followCaIssuers([await leafNaming(`${base}/other.der`)]);
    expect(followed?.issuers).toEqual([]);
    expect(followed?.error).toMatchObject({ code: 'aia-not-issuer', params: { url: `${base}/other.der` } });
  });

  it('says why it stopped: HTTP status, a web page, nothing listening', async () => {
    expect((await followCaIssuers([await leafNaming(`${base}/missing`)]))?.error).toMatchObject({ code: 'aia-status', params: { status: 404 } });
    expect((await followCaIssuers([await leafNaming(`${base}/page`)]))?.error).toMatchObject({ code: 'aia-not-certificate' });
    expect((await followCaIssuers([await leafNaming('http://127.0.0.1:1/ca.der')]))?.error).toMatchObject({ code: 'aia-unreachable' });
  });

  it('tries the next caIssuers URL when one fails', async () => {
    const cert = await issueCertWithTwoUrls();
    const followed = await followCaIssuers([cert]);
    expect(followed?.urls).toEqual([`${base}/missing`, `${base}/ca.der`]);
    expect(followed?.issuers.map((c) => c.fingerprint256)).toEqual([ca.fingerprintSha256]);
  });

  it(`stops after ${AIA_MAX_HOPS} fetched certificates`, async () => {
    // A chain of intermediates, each naming the next one's URL, one longer than the cap.
    const names = Array.from({ length: AIA_MAX_HOPS + 1 }, (_, i) => `/hop${i}.der`);
    let issuer = ca;
    const served: Array<[string, Buffer]> = [];
    for (const [i, path] of names.entries()) {
      const inter = await intermediate(`AIA Hop ${i}`, issuer, i === 0 ? undefined : `${base}${names[i - 1]}`);
      served.push([path, new X509Certificate(inter.pem).raw]);
      issuer = inter;
    }
    for (const [path, der] of served) ROUTES[path] = send(der);
    const followed = await followCaIssuers([await leafNaming(`${base}${names[names.length - 1]}`, issuer)]);
    expect(followed?.issuers).toHaveLength(AIA_MAX_HOPS);
    expect(followed?.error).toMatchObject({ code: 'aia-too-many-hops', params: { max: AIA_MAX_HOPS } });
  });
});

async function issueCertWithTwoUrls(): Promise<X509Certificate> {
  const csr = dir.join('two.csr');
  const key = dir.join('two.key');
  const ext = dir.join('two.ext');
  const out = dir.join('two.crt');
  writeFileSync(ext, `authorityInfoAccess = @aia\nbasicConstraints = critical,CA:FALSE\nauthorityKeyIdentifier = keyid,issuer\nsubjectAltName = DNS:aia.example\n[ aia ]\ncaIssuers;URI.0 = ${base}/missing\ncaIssuers;URI.1 = ${base}/ca.der\n`);
  await runOk('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-noenc', '-keyout', key, '-out', csr, '-subj', '/CN=aia.example']);
  await runOk('openssl', ['x509', '-req', '-in', csr, '-CA', ca.certPath, '-CAkey', ca.keyPath, '-CAcreateserial', '-days', '1', '-extfile', ext, '-out', out]);
  return new X509Certificate(readFileSync(out));
}

/** An intermediate CA issued by `issuer`, naming `aiaUrl` as where its own issuer is. */
async function intermediate(commonName: string, issuer: CertificateAuthority, aiaUrl: string | undefined): Promise<CertificateAuthority> {
  const base = dir.join(commonName.replace(/\W+/g, '_'));
  writeFileSync(
    `${base}.ext`,
    `basicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n${aiaUrl === undefined ? '' : `authorityInfoAccess = caIssuers;URI:${aiaUrl}\n`}`,
  );
  await runOk('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-noenc', '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${commonName}`]);
  await runOk('openssl', ['x509', '-req', '-in', `${base}.csr`, '-CA', issuer.certPath, '-CAkey', issuer.keyPath, '-CAcreateserial', '-days', '1', '-extfile', `${base}.ext`, '-out', `${base}.crt`]);
  const pem = readFileSync(`${base}.crt`, 'utf8');
  return { certPath: `${base}.crt`, keyPath: `${base}.key`, pem, fingerprintSha256: new X509Certificate(pem).fingerprint256 };
}
