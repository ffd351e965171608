import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCertificate, isSelfSigned, issued, parseCertificates, toPem } from '../../../../../electron/core/trust/certificate-info';
import { CertificateInfoSchema } from '../../../../../shared/trust';
import { type CertificateAuthority, createCa, type IssuedCert, issueCert } from '../../../../harness/certs';
import { runOk } from '../../../../harness/run';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { thrownBy } from '../../../dockside-error';
import { english } from '../../../../harness/english';

const CONFIG = `[ req ]
distinguished_name = dn
[ dn ]
[ server_self_signed ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
subjectAltName = DNS:self.example
[ bad_ip ]
subjectAltName = DER:30:07:87:05:0a:00:00:01:01
`;
const NOT_BEFORE = new Date('2024-01-02T03:04:05Z');
// After 2049, so openssl writes it as GeneralizedTime rather than UTCTime.
const NOT_AFTER = new Date('2051-06-07T08:09:10Z');

let tmp: TempDir;
let configPath: string;
let ca: CertificateAuthority;
let otherCa: CertificateAuthority;
let leaf: IssuedCert;
const certs = new Map<string, X509Certificate>();

function cert(name: string): X509Certificate {
  const found = certs.get(name);
  if (found === undefined) throw new Error(`no certificate ${name} was made`);
  return found;
}

async function openssl(args: string[], input?: string): Promise<string> {
  return (await runOk('openssl', args, input === undefined ? {} : { input })).stdout;
}

/** A self-signed certificate with a fresh key made by `openssl req -newkey <newkey>`. */
async function selfSigned(name: string, newkey: string[], args: string[] = []): Promise<void> {
  const path = tmp.join(`${name}.pem`);
  await openssl(['req', '-x509', '-config', configPath, ...newkey, '-noenc', '-keyout', tmp.join(`${name}.key`), '-days', '1', '-out', path, '-subj', `/CN=${name}`, ...args]);
  certs.set(name, new X509Certificate(readFileSync(path)));
}

const ec = (curve: string): string[] => ['-newkey', 'ec', '-pkeyopt', `ec_paramgen_curve:${curve}`];

beforeAll(async () => {
  tmp = makeTempDir('certificate-info');
  configPath = tmp.join('req.cnf');
  writeFileSync(configPath, CONFIG);
  const dsaParams = tmp.join('dsa.params');
  const keysAndCas = Promise.all([
    createCa(tmp.path, { commonName: 'Info Test CA' }),
    // The same name with another key: names match, the signature does not.
    createCa(tmp.path, { commonName: 'Info Test CA' }),
    openssl(['genpkey', '-genparam', '-algorithm', 'DSA', '-pkeyopt', 'dsa_paramgen_bits:1024', '-out', dsaParams]),
  ]);
  await Promise.all([
    keysAndCas.then(async ([first, second]) => {
      [ca, otherCa] = [first, second];
      certs.set('ca', new X509Certificate(ca.pem));
      certs.set('other-ca', new X509Certificate(otherCa.pem));
      leaf = await issueCert(ca, tmp.path, {
        commonName: 'registry.example',
        dnsNames: ['registry.example'],
        ipAddresses: ['10.0.0.5', 'fd00::5'],
        notBefore: NOT_BEFORE,
        notAfter: NOT_AFTER,
      });
      certs.set('leaf', new X509Certificate(leaf.pem));
    }),
    keysAndCas.then(() => selfSigned('dsa', ['-newkey', `dsa:${dsaParams}`])),
    selfSigned('self-signed-server', ec('prime256v1'), ['-extensions', 'server_self_signed']),
    selfSigned('p384', ec('secp384r1')),
    selfSigned('p521', ec('secp521r1')),
    selfSigned('ed25519', ['-newkey', 'ed25519']),
    selfSigned('ed448', ['-newkey', 'ed448']),
    selfSigned('rsa-pss', ['-newkey', 'rsa-pss', '-pkeyopt', 'rsa_keygen_bits:2048']),
    selfSigned('bad-ip', ec('prime256v1'), ['-extensions', 'bad_ip']),
  ]);
});

afterAll(() => {
  tmp?.remove();
});

/** What `openssl x509 -noout <options>` prints after "=". */
async function opensslValue(pem: string, ...options: string[]): Promise<string> {
  return (await openssl(['x509', '-noout', ...options], pem)).trim().replace(/^[^=]*=/, '');
}

describe('describeCertificate', () => {
  it('describes a leaf issued by a CA', async () => {
    const info = describeCertificate(cert('leaf'));
    expect(info).toEqual({
      subject: 'CN=registry.example',
      issuer: 'CN=Info Test CA',
      commonName: 'registry.example',
      dnsNames: ['registry.example'],
      ipAddresses: ['10.0.0.5', 'fd00::5'],
      hasSubjectAltName: true,
      notBefore: '2024-01-02T03:04:05Z',
      notAfter: '2051-06-07T08:09:10Z',
      fingerprintSha256: await opensslValue(leaf.pem, '-fingerprint', '-sha256'),
      serialNumber: await opensslValue(leaf.pem, '-serial'),
      publicKey: { type: 'rsa', bits: 2048, curve: null },
      signatureAlgorithm: 'sha256WithRSAEncryption',
      isCa: false,
      selfSigned: false,
    });
  });

  it('describes a CA', () => {
    expect(describeCertificate(cert('ca'))).toMatchObject({
      subject: 'CN=Info Test CA',
      issuer: 'CN=Info Test CA',
      commonName: 'Info Test CA',
      hasSubjectAltName: false,
      fingerprintSha256: ca.fingerprintSha256,
      isCa: true,
      selfSigned: true,
    });
  });

  it.each([
    ['ca', { type: 'rsa', bits: 2048, curve: null }],
    ['rsa-pss', { type: 'rsa-pss', bits: 2048, curve: null }],
    ['dsa', { type: 'dsa', bits: 1024, curve: null }],
    ['self-signed-server', { type: 'ec', bits: 256, curve: 'prime256v1' }],
    ['p384', { type: 'ec', bits: 384, curve: 'secp384r1' }],
    ['p521', { type: 'ec', bits: 521, curve: 'secp521r1' }],
    ['ed25519', { type: 'ed25519', bits: 256, curve: null }],
    ['ed448', { type: 'ed448', bits: 456, curve: null }],
  ])('describes the public key of %s', (name, publicKey) => {
    expect(describeCertificate(cert(name)).publicKey).toEqual(publicKey);
  });

  it('gives what CertificateInfoSchema accepts, for every kind of key', () => {
    for (const name of ['ca', 'other-ca', 'leaf', 'dsa', 'self-signed-server', 'p384', 'p521', 'ed25519', 'ed448', 'rsa-pss']) {
      const info = describeCertificate(cert(name));
      expect(CertificateInfoSchema.parse(info)).toEqual(info);
    }
  });

  it('turns a malformed extension OpenSSL let through into a DocksideError naming the certificate', () => {
    const error = thrownBy(() => describeCertificate(cert('bad-ip')));
    expect(error.code).toBe('invalid-certificate');
    expect(english(error)).toContain('"CN=bad-ip"');
    expect(english(error)).toContain(cert('bad-ip').fingerprint256);
    expect(english(error)).toContain('iPAddress has 5 bytes');
  });
});

describe('issued and isSelfSigned', () => {
  it('finds the CA that issued a leaf', () => {
    expect(issued(cert('ca'), cert('leaf'))).toBe(true);
    expect(issued(cert('leaf'), cert('ca'))).toBe(false);
  });

  it('refuses a CA with the same name but another key', () => {
    expect(cert('other-ca').subject).toBe(cert('ca').subject);
    expect(issued(cert('other-ca'), cert('leaf'))).toBe(false);
    expect(issued(cert('other-ca'), cert('ca'))).toBe(false);
  });

  it('refuses a parent of another name or key type', () => {
    expect(issued(cert('p384'), cert('leaf'))).toBe(false);
    expect(issued(cert('ca'), cert('ed25519'))).toBe(false);
  });

  it('tells self-signed certificates', () => {
    expect(isSelfSigned(cert('ca'))).toBe(true);
    expect(isSelfSigned(cert('ed448'))).toBe(true);
    expect(isSelfSigned(cert('leaf'))).toBe(false);
  });

  it('counts a self-signed server certificate without keyCertSign as self-signed, unlike checkIssued', () => {
    const server = cert('self-signed-server');
    expect(server.checkIssued(server)).toBe(false);
    expect(isSelfSigned(server)).toBe(true);
    expect(describeCertificate(server)).toMatchObject({ isCa: false, selfSigned: true, dnsNames: ['self.example'] });
  });
});

describe('parseCertificates', () => {
  const fingerprints = (list: X509Certificate[]): string[] => list.map((item) => item.fingerprint256);

  it('reads one PEM certificate', () => {
    expect(fingerprints(parseCertificates(Buffer.from(ca.pem), 'ca.crt'))).toEqual([ca.fingerprintSha256]);
  });

  it('reads a bundle in order', () => {
    const bundle = readFileSync(leaf.chainPath);
    expect(fingerprints(parseCertificates(bundle, 'chain.crt'))).toEqual([cert('leaf').fingerprint256, ca.fingerprintSha256]);
  });

  it('reads CRLF text and ignores text around the blocks', () => {
    const text = `Bag Attributes\n    friendlyName: leaf\n${leaf.pem}\nsubject=CN=Info Test CA\n${ca.pem}trailing words\n`.replaceAll('\n', '\r\n');
    expect(fingerprints(parseCertificates(Buffer.from(text), 'bundle.pem'))).toEqual([cert('leaf').fingerprint256, ca.fingerprintSha256]);
  });

  it('reads PEM whose base64 lines are wrapped differently', () => {
    const body = cert('ca').raw.toString('base64').replace(/.{1,76}/g, '$&\n');
    const pem = `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----`;
    expect(fingerprints(parseCertificates(Buffer.from(pem), 'ca.crt'))).toEqual([ca.fingerprintSha256]);
  });

  it('reads a DER certificate', async () => {
    const derPath = tmp.join('ca.der');
    await openssl(['x509', '-in', ca.certPath, '-outform', 'DER', '-out', derPath]);
    expect(fingerprints(parseCertificates(readFileSync(derPath), 'ca.der'))).toEqual([ca.fingerprintSha256]);
  });

  const base64Of = (text: string): string => Buffer.from(text).toString('base64');
  const block = (body: string): string => `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;

  it.each([
    ['an empty file', 'empty.crt', '', 'empty.crt is empty: it holds no certificate. Give the CA certificate file, usually ca.crt or ca.pem.'],
    ['garbage text', 'notes.txt', 'this is not a certificate\n', 'notes.txt holds no certificate in PEM (-----BEGIN CERTIFICATE-----) or DER form. Give the CA certificate file, usually ca.crt or ca.pem.'],
    ['blanks only', 'blank.crt', ' \n\t\r\n', 'blank.crt holds no certificate in PEM'],
    ['binary garbage', 'random.bin', '\u0001\u00ff\u0000', 'random.bin holds no certificate in PEM'],
    ['a request and a key', 'req.pem', `-----BEGIN CERTIFICATE REQUEST-----\nAA==\n-----END CERTIFICATE REQUEST-----\n-----BEGIN RSA PRIVATE KEY-----\n`, 'req.pem holds PEM blocks of type CERTIFICATE REQUEST, RSA PRIVATE KEY but no certificate'],
    ['broken base64', 'broken.crt', block('MIIB!!!notbase64'), 'The certificate in broken.crt is broken: its text is not valid base64. Copy it again in full, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----, or export the CA certificate again.'],
    ['base64 missing its padding', 'unpadded.crt', block('MIIBAA'), 'The certificate in unpadded.crt is broken: its text is not valid base64'],
    ['a PEM header', 'headers.crt', block(`Proc-Type: 4,ENCRYPTED\n\n${base64Of('x')}`), 'The certificate in headers.crt is broken: its text is not valid base64'],
    ['an empty block', 'empty-block.crt', block(''), 'The certificate in empty-block.crt is broken: it is empty.'],
    ['a block without END', 'cut.crt', `-----BEGIN CERTIFICATE-----\n${base64Of('abc')}\n`, 'The certificate in cut.crt is broken: it has no -----END CERTIFICATE----- line.'],
    ['a block holding no DER', 'text.crt', block(base64Of('hello, world')), 'The certificate in text.crt is broken: "length 101 at offset 0 runs past the end of the data (10 bytes left)".'],
  ])('refuses %s', (_name, source, content, message) => {
    const error = thrownBy(() => parseCertificates(Buffer.from(content, 'latin1'), source));
    expect(error.code).toBe('invalid-certificate');
    expect(english(error)).toContain(message);
  });

  it('refuses a private key file', () => {
    const key = readFileSync(tmp.join('ed25519.key'));
    const error = thrownBy(() => parseCertificates(key, 'ca.key'));
    expect(error.code).toBe('invalid-certificate');
    expect(english(error)).toBe(
      'ca.key holds PEM blocks of type PRIVATE KEY but no certificate (-----BEGIN CERTIFICATE-----). Give the CA certificate file, usually ca.crt or ca.pem.',
    );
  });

  it('refuses a private key between CERTIFICATE markers', () => {
    const key = readFileSync(tmp.join('ed25519.key'), 'latin1').replaceAll('PRIVATE KEY', 'CERTIFICATE');
    expect(english(thrownBy(() => parseCertificates(Buffer.from(key), 'ca.crt')))).toMatch(/^The certificate in ca\.crt is broken: "\w/);
  });

  it('names the broken block of a bundle', () => {
    const lines = ca.pem.split('\n');
    const truncated = [...lines.slice(0, 5), ...lines.slice(-2)].join('\n');
    const error = thrownBy(() => parseCertificates(Buffer.from(leaf.pem + truncated), 'bundle.crt'));
    expect(english(error)).toMatch(/^Certificate 2 of 2 in bundle\.crt is broken: "length \d+ at offset 0 runs past the end of the data/);
  });

  it('refuses DER that is cut short or followed by other bytes', () => {
    const der = cert('ca').raw;
    const truncated = thrownBy(() => parseCertificates(der.subarray(0, 100), 'ca.der'));
    expect(english(truncated)).toMatch(/^ca\.der looks like a DER certificate but cannot be read: "length \d+ at offset 0 runs past the end/);
    expect(english(truncated)).toContain('export the CA certificate again, in PEM (-----BEGIN CERTIFICATE-----) or DER form.');
    const trailing = thrownBy(() => parseCertificates(Buffer.concat([der, Buffer.from('\n')]), 'ca.der'));
    expect(english(trailing)).toContain('1 bytes follow the element');
  });

  it('refuses DER that has the shape of a certificate but that OpenSSL cannot read', () => {
    // version, serial, algorithm, issuer, then empty validity, subject and public key
    const tbs = '3017 a003020102 020101 300506032b6570 3000 3000 3000 3000';
    const der = Buffer.from(`3023 ${tbs} 300506032b6570 030100`.replaceAll(' ', ''), 'hex');
    expect(english(thrownBy(() => parseCertificates(der, 'odd.der')))).toBe(
      'odd.der looks like a DER certificate but cannot be read: OpenSSL cannot read it as an X.509 certificate. The file is damaged or holds something else; export the CA certificate again, in PEM (-----BEGIN CERTIFICATE-----) or DER form.',
    );
  });
});

describe('toPem', () => {
  it('writes PEM exactly as openssl does: LF, 64-character lines, a final newline', async () => {
    for (const name of ['ca', 'leaf', 'ed25519', 'p521']) {
      const pem = toPem(cert(name));
      expect(pem).toBe(await openssl(['x509'], cert(name).toString()));
      expect(pem.endsWith('-----END CERTIFICATE-----\n')).toBe(true);
      expect(pem).not.toContain('\r');
    }
    expect(toPem(cert('ca'))).toBe(ca.pem);
  });

  it('round-trips through parseCertificates', () => {
    const [again] = parseCertificates(Buffer.from(toPem(cert('leaf'))), 'leaf.pem');
    expect(again?.raw.equals(cert('leaf').raw)).toBe(true);
  });
});
