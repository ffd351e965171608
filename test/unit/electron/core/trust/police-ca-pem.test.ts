import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policeCaPem } from '../../../../../electron/core/trust/police-ca-pem';
import { CA_PEM_MAX_BYTES } from '../../../../../shared/privileged';
import { type CertificateAuthority, createCa, type IssuedCert, issueCert } from '../../../../harness/certs';
import { runOk } from '../../../../harness/run';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { thrownBy } from '../../../dockside-error';
import { english } from '../../../../harness/english';

const LABEL = 'nexus.example:8443';

let tmp: TempDir;
let ca: CertificateAuthority;
let otherCa: CertificateAuthority;
let leaf: IssuedCert;
/** A server certificate signing itself, CA:FALSE and keyUsage without keyCertSign, as the seed registries serve. */
let selfSignedLeaf: string;
let privateKey: string;

beforeAll(async () => {
  tmp = makeTempDir('police-ca-pem');
  [ca, otherCa] = await Promise.all([createCa(tmp.path, { commonName: 'Police Test CA' }), createCa(tmp.path, { commonName: 'Other Test CA' })]);
  leaf = await issueCert(ca, tmp.path, { commonName: 'registry.example', dnsNames: ['registry.example'] });
  const config = tmp.join('self.cnf');
  writeFileSync(
    config,
    '[ req ]\ndistinguished_name = dn\n[ dn ]\n[ server ]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature\nsubjectAltName = DNS:self.example\n',
  );
  await runOk('openssl', [
    'req', '-x509', '-config', config, '-extensions', 'server', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-noenc', '-keyout', tmp.join('self.key'), '-out', tmp.join('self.crt'), '-days', '1', '-subj', '/CN=self.example',
  ]);
  selfSignedLeaf = readFileSync(tmp.join('self.crt'), 'utf8');
  privateKey = readFileSync(ca.keyPath, 'utf8');
});

afterAll(() => tmp?.remove());

/** A line from the middle of a PEM body: a message must never carry any of it. */
const bodyLine = (pem: string): string => pem.split('\n')[3] ?? '';

describe('policeCaPem accepts', () => {
  it('one CA certificate, returning the text unchanged', () => {
    const policed = policeCaPem(ca.pem, LABEL);
    expect(policed.pem).toBe(ca.pem);
    expect(policed.certificates.map((cert) => cert.fingerprint256)).toEqual([ca.fingerprintSha256]);
  });

  it('a bundle, parsing every block (not only the first)', () => {
    const bundle = `${ca.pem}\n\n${otherCa.pem}`;
    const policed = policeCaPem(bundle, LABEL);
    expect(policed.pem).toBe(bundle);
    expect(policed.certificates.map((cert) => cert.fingerprint256)).toEqual([ca.fingerprintSha256, otherCa.fingerprintSha256]);
  });

  it('CRLF line endings and surrounding blank lines, byte for byte', () => {
    const crlf = `\r\n  ${ca.pem.replaceAll('\n', '\r\n')}\r\n\t\r\n`;
    expect(policeCaPem(crlf, LABEL).pem).toBe(crlf);
  });

  it('a self-signed server certificate (CA:FALSE, no keyCertSign), as judge-chain picks one for ca.crt', () => {
    expect(policeCaPem(selfSignedLeaf, LABEL).certificates).toHaveLength(1);
  });

  it('exactly the size limit', () => {
    const padded = ca.pem + ' '.repeat(CA_PEM_MAX_BYTES - Buffer.byteLength(ca.pem));
    expect(() => policeCaPem(padded, LABEL)).not.toThrow();
  });
});

describe('policeCaPem refuses', () => {
  const refusal = (text: string): string => {
    const error = thrownBy(() => policeCaPem(text, LABEL));
    expect(error.code).toBe('invalid-ca');
    expect(english(error)).toMatch(new RegExp(`^The CA certificate for ${LABEL} was refused: `));
    return english(error);
  };

  it('a private key, naming its type but none of its content', () => {
    for (const text of [privateKey, `${ca.pem}${privateKey}`, `${privateKey}${ca.pem}`]) {
      const message = refusal(text);
      expect(message).toContain('a PEM block of type PRIVATE KEY');
      expect(message).toContain('a private key must never leave its server');
      expect(message).not.toContain(bodyLine(privateKey));
    }
  });

  it('any other block type', () => {
    expect(refusal('-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n')).toContain('type X509 CRL (line 1)');
  });

  it('a BEGIN line that is not PEM, without repeating it', () => {
    const message = refusal('-----BEGIN secret words here-----\nAAAA\n');
    expect(message).toContain('line 1 is not a valid PEM BEGIN line');
    expect(message).not.toContain('secret');
  });

  it('more than 64 KiB', () => {
    const message = refusal(ca.pem + ' '.repeat(CA_PEM_MAX_BYTES + 1 - Buffer.byteLength(ca.pem)));
    expect(message).toContain(`it is ${CA_PEM_MAX_BYTES + 1} bytes`);
  });

  it('text outside the blocks, naming its line only', () => {
    const message = refusal(`subject=CN = Police Test CA\n${ca.pem}`);
    expect(message).toContain('text outside the PEM blocks (line 1)');
    expect(message).not.toContain('Police Test CA');
    expect(refusal(`${ca.pem}\ntrailing words\n`)).toContain(`(line ${ca.pem.split('\n').length + 1})`);
    expect(refusal('not a certificate')).toContain('text outside the PEM blocks (line 1)');
  });

  it('nothing but blanks', () => {
    expect(refusal(' \n\t\n')).toContain('it holds no certificate');
    expect(refusal('')).toContain('it holds no certificate');
  });

  it('a block without its END line', () => {
    expect(refusal(ca.pem.replace('-----END CERTIFICATE-----', ''))).toContain('has no -----END CERTIFICATE----- line');
  });

  it('a damaged certificate, naming which one of a bundle', () => {
    const lines = otherCa.pem.split('\n');
    lines[3] = `${lines[3]?.slice(0, -4)}!!!!`;
    const message = refusal(`${ca.pem}${lines.join('\n')}`);
    expect(message).toContain('certificate 2 of 2 (line');
    expect(message).toContain('not valid base64');
    expect(message).not.toContain(bodyLine(otherCa.pem));
    const truncated = `-----BEGIN CERTIFICATE-----\n${Buffer.from(ca.pem.split('\n').slice(1, -2).join(''), 'base64').subarray(0, 300).toString('base64')}\n-----END CERTIFICATE-----\n`;
    expect(refusal(truncated)).toContain('the certificate (line 1) is not a readable X.509 certificate');
    expect(refusal('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n')).toContain('it is empty');
  });

  it('a leaf that is neither a CA nor self-signed, by fingerprint', () => {
    const message = refusal(leaf.pem);
    expect(message).toContain('is neither a CA (basicConstraints CA:TRUE) nor self-signed');
    expect(message).toContain('SHA-256 ');
    expect(refusal(`${ca.pem}${leaf.pem}`)).toContain('certificate 2 of 2');
  });
});
