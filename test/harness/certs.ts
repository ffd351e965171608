import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runOk } from './run';
import { uniqueSuffix } from './tmp';

/**
 * Certificates made on the fly with the openssl CLI, so every test gets its own CA and the
 * exact defects it needs (no SAN, expired, not yet valid, wrong usage) without fixtures that
 * rot when their dates pass.
 */

export interface CertificateAuthority {
  readonly certPath: string;
  readonly keyPath: string;
  readonly pem: string;
  /** `AB:CD:...`, as `openssl x509 -noout -fingerprint -sha256` prints it after `=`. */
  readonly fingerprintSha256: string;
}

export interface IssuedCert {
  readonly certPath: string;
  readonly keyPath: string;
  readonly pem: string;
  /** Leaf then CA: what a server presents so clients that only trust the CA can build the chain. */
  readonly chainPath: string;
}

export type ExtKeyUsage = 'serverAuth' | 'clientAuth' | 'codeSigning' | 'emailProtection';

export interface IssueOptions {
  commonName: string;
  dnsNames?: string[];
  /** IPv4 or IPv6 literals, e.g. `::1`. */
  ipAddresses?: string[];
  /** Defaults to one hour ago, so small clock differences never make a fresh cert "not yet valid". */
  notBefore?: Date;
  /** Defaults to 30 days from now. */
  notAfter?: Date;
  /** No subjectAltName at all, only the CN: Go clients reject such certs for any host. */
  noSan?: boolean;
  /** Defaults to serverAuth. */
  extKeyUsage?: ExtKeyUsage;
  /** Authority Information Access caIssuers URI: where a client may fetch the issuer (`http://…/ca.der`). */
  caIssuersUrl?: string;
}

// A config of our own so the system openssl.cnf (or OPENSSL_CONF) never changes what we issue.
const REQ_SECTION = '[ req ]\ndistinguished_name = req_dn\n[ req_dn ]\n';

export async function createCa(dir: string, options: { commonName: string }): Promise<CertificateAuthority> {
  const base = join(dir, `${slug(options.commonName)}-${uniqueSuffix()}`);
  const configPath = `${base}.ca.cnf`;
  writeFileSync(
    configPath,
    `${REQ_SECTION}[ ca_ext ]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\n`,
  );
  const certPath = `${base}.crt`;
  const keyPath = `${base}.key`;
  await runOk('openssl', [
    'req', '-x509', '-config', configPath, '-extensions', 'ca_ext',
    '-newkey', 'rsa:2048', '-noenc', '-keyout', keyPath, '-out', certPath,
    '-days', '3650', '-subj', `/CN=${options.commonName}`,
  ]);
  const pem = readFileSync(certPath, 'utf8');
  // Node formats the SHA-256 fingerprint exactly like openssl: upper-case hex pairs joined by ':'.
  return { certPath, keyPath, pem, fingerprintSha256: new X509Certificate(pem).fingerprint256 };
}

/**
 * Signs a fresh RSA key with the CA. `openssl x509 -req` cannot set arbitrary start and end
 * dates, so this uses `openssl ca` with a throwaway database per certificate (which also keeps
 * parallel issuance from racing on a shared index.txt).
 */
export async function issueCert(ca: CertificateAuthority, dir: string, options: IssueOptions): Promise<IssuedCert> {
  const base = join(dir, `${slug(options.commonName)}-${uniqueSuffix()}`);
  const work = `${base}.openssl`;
  mkdirSync(join(work, 'issued'), { recursive: true });
  writeFileSync(join(work, 'index.txt'), '');
  // Positive 128-bit serial (top bit clear): Go rejects negative serials.
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  writeFileSync(join(work, 'serial'), `${serial.toString('hex')}\n`);
  const configPath = join(work, 'openssl.cnf');
  writeFileSync(configPath, caConfig(work, options));

  const keyPath = `${base}.key`;
  const csrPath = join(work, 'request.csr');
  const certPath = `${base}.crt`;
  await runOk('openssl', [
    'req', '-new', '-config', configPath, '-newkey', 'rsa:2048', '-noenc',
    '-keyout', keyPath, '-out', csrPath, '-subj', `/CN=${options.commonName}`,
  ]);
  const notBefore = options.notBefore ?? new Date(Date.now() - 3600_000);
  const notAfter = options.notAfter ?? new Date(Date.now() + 30 * 86400_000);
  await runOk('openssl', [
    'ca', '-config', configPath, '-batch', '-notext', '-extensions', 'leaf_ext',
    '-cert', ca.certPath, '-keyfile', ca.keyPath, '-in', csrPath, '-out', certPath,
    '-startdate', asn1Time(notBefore), '-enddate', asn1Time(notAfter),
  ]);
  const pem = readFileSync(certPath, 'utf8');
  const chainPath = `${base}.chain.crt`;
  writeFileSync(chainPath, pem + ca.pem);
  return { certPath, keyPath, pem, chainPath };
}

function caConfig(work: string, options: IssueOptions): string {
  const lines = [
    REQ_SECTION,
    '[ ca ]',
    'default_ca = test_ca',
    '[ test_ca ]',
    `database = ${join(work, 'index.txt')}`,
    `new_certs_dir = ${join(work, 'issued')}`,
    `serial = ${join(work, 'serial')}`,
    'default_md = sha256',
    'policy = policy_anything',
    // Only the extensions below end up in the cert, never what the request asked for.
    'copy_extensions = none',
    'unique_subject = no',
    '[ policy_anything ]',
    'commonName = supplied',
    '[ leaf_ext ]',
    'basicConstraints = critical,CA:FALSE',
    'keyUsage = critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage = ${options.extKeyUsage ?? 'serverAuth'}`,
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid,issuer',
    ...(options.caIssuersUrl === undefined ? [] : [`authorityInfoAccess = caIssuers;URI:${options.caIssuersUrl}`]),
  ];
  if (options.noSan) {
    if (options.dnsNames?.length || options.ipAddresses?.length) throw new Error('issueCert: noSan contradicts dnsNames/ipAddresses');
  } else {
    const entries = [
      ...(options.dnsNames ?? []).map((name, i) => `DNS.${i + 1} = ${name}`),
      ...(options.ipAddresses ?? []).map((ip, i) => `IP.${i + 1} = ${ip}`),
    ];
    if (entries.length === 0) throw new Error('issueCert: give dnsNames or ipAddresses, or set noSan for a CN-only cert');
    lines.push('subjectAltName = @alt_names', '[ alt_names ]', ...entries);
  }
  return `${lines.join('\n')}\n`;
}

/** YYYYMMDDHHMMSSZ; openssl stores dates before 2050 as UTCTime as RFC 5280 requires. */
function asn1Time(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9.-]+/g, '_').slice(0, 40) || 'cert';
}
