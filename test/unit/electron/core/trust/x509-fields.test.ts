import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRawNames, readX509Fields } from '../../../../../electron/core/trust/x509-fields';
import { createCa, issueCert } from '../../../../harness/certs';
import { runOk } from '../../../../harness/run';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';

// ---- Certificates made by openssl, checked against what openssl itself prints ----

const CONFIG = `[ req ]
distinguished_name = dn
[ dn ]
[ mixed_san ]
subjectAltName = email:admin@example.com, DNS:Reg.Example.com, URI:https://example.com/x, IP:10.0.0.5, IP:fd00::5, IP:::1, IP:::ffff:10.0.0.1, DNS:*.wild.example, otherName:1.2.3.4;UTF8:hello, dirName:dir_sect, RID:1.2.3.4, IP:2001:db8:0:0:1:0:0:1, IP:2001:0:0:1:0:0:0:1, IP:2001:db8:0:1:1:1:1:1, IP:::, IP:1::, IP:::10.0.0.1, IP:FD00:ABCD::1
[ no_names_san ]
subjectAltName = email:admin@example.com, URI:https://example.com/
[ dir_sect ]
CN = inner
`;
// openssl's "default" mask writes Latin-1 text as T61String and wider text as BMPString.
const LEGACY_STRINGS_CONFIG = '[ req ]\ndistinguished_name = dn\nstring_mask = default\n[ dn ]\n';

/** Signature algorithm names as openssl prints them, and the key and digest options that make each. */
const SIGNATURE_CASES: ReadonlyArray<[expected: string, key: 'rsa' | 'ec' | 'ed25519' | 'ed448', options: string[]]> = [
  ['md5WithRSAEncryption', 'rsa', ['-md5']],
  ['sha1WithRSAEncryption', 'rsa', ['-sha1']],
  ['sha256WithRSAEncryption', 'rsa', ['-sha256']],
  ['sha384WithRSAEncryption', 'rsa', ['-sha384']],
  ['sha512WithRSAEncryption', 'rsa', ['-sha512']],
  ['rsassaPss', 'rsa', ['-sha256', '-sigopt', 'rsa_padding_mode:pss']],
  ['ecdsa-with-SHA1', 'ec', ['-sha1']],
  ['ecdsa-with-SHA256', 'ec', ['-sha256']],
  ['ecdsa-with-SHA384', 'ec', ['-sha384']],
  ['ecdsa-with-SHA512', 'ec', ['-sha512']],
  ['ED25519', 'ed25519', []],
  ['ED448', 'ed448', []],
];

let tmp: TempDir;
let configPath: string;
const keys = new Map<string, string>();
const pems = new Map<string, string>();

function pemOf(name: string): string {
  const pem = pems.get(name);
  if (pem === undefined) throw new Error(`no certificate ${name} was made`);
  return pem;
}

function derOf(name: string): Buffer {
  return new X509Certificate(pemOf(name)).raw;
}

async function openssl(args: string[], input?: string): Promise<string> {
  return (await runOk('openssl', args, input === undefined ? {} : { input })).stdout;
}

async function makeKey(name: string, options: string[]): Promise<void> {
  const path = tmp.join(`${name}.key`);
  await openssl(['genpkey', ...options, '-out', path]);
  keys.set(name, path);
}

async function selfSigned(name: string, key: string, args: string[], config = configPath): Promise<void> {
  const path = tmp.join(`${name}.pem`);
  await openssl(['req', '-x509', '-config', config, '-key', keys.get(key) ?? key, '-days', '1', '-out', path, ...args]);
  pems.set(name, readFileSync(path, 'utf8'));
}

beforeAll(async () => {
  tmp = makeTempDir('x509-fields');
  configPath = tmp.join('req.cnf');
  writeFileSync(configPath, CONFIG);
  const legacyConfig = tmp.join('legacy.cnf');
  writeFileSync(legacyConfig, LEGACY_STRINGS_CONFIG);
  await Promise.all([
    makeKey('rsa', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']),
    makeKey('ec', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']),
    makeKey('ed25519', ['-algorithm', 'ED25519']),
    makeKey('ed448', ['-algorithm', 'ED448']),
  ]);
  const ca = await createCa(tmp.path, { commonName: 'Fields Test CA' });
  pems.set('ca', ca.pem);
  await Promise.all([
    ...SIGNATURE_CASES.map(([expected, key, options]) => selfSigned(expected, key, ['-subj', `/CN=${expected}`, ...options])),
    selfSigned('mixed', 'ec', ['-subj', '/CN=first/O=Org/CN=last', '-extensions', 'mixed_san']),
    selfSigned('no-names-san', 'ec', ['-subj', '/CN=mail only', '-extensions', 'no_names_san']),
    selfSigned('t61', 'ed25519', ['-utf8', '-subj', '/CN=café'], legacyConfig),
    selfSigned('bmp', 'ed25519', ['-utf8', '-subj', '/CN=Ωmega'], legacyConfig),
    selfSigned('utf8', 'ed25519', ['-utf8', '-subj', '/CN=x😀y']),
    selfSigned('no-cn', 'ed25519', ['-subj', '/O=Only An Org']),
    issueCert(ca, tmp.path, { commonName: 'leaf.example', dnsNames: ['leaf.example', 'Alt.Example'], ipAddresses: ['10.1.2.3', '::1'] }).then(
      (leaf) => pems.set('leaf', leaf.pem),
    ),
    issueCert(ca, tmp.path, { commonName: 'legacy.example', noSan: true }).then((leaf) => pems.set('legacy', leaf.pem)),
  ]);
});

afterAll(() => {
  tmp?.remove();
});

/** The DNS and IP entries `openssl x509 -ext subjectAltName` prints, the IPs rewritten as Go prints them. */
async function opensslSans(name: string): Promise<{ dnsNames: string[]; ipAddresses: string[] }> {
  const out = await openssl(['x509', '-noout', '-ext', 'subjectAltName'], pemOf(name));
  const entries = out.split('\n').slice(1).join('').trim().split(/,\s*/);
  return {
    dnsNames: entries.filter((entry) => entry.startsWith('DNS:')).map((entry) => entry.slice('DNS:'.length)),
    ipAddresses: entries.filter((entry) => entry.startsWith('IP Address:')).map((entry) => goIp(entry.slice('IP Address:'.length))),
  };
}

/** openssl prints IPv6 uncompressed and upper case; the WHATWG URL serializer compresses as RFC 5952 does. */
function goIp(address: string): string {
  if (!address.includes(':')) return address;
  const compressed = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(compressed);
  if (!mapped) return compressed;
  const [high, low] = [parseInt(mapped[1] ?? '', 16), parseInt(mapped[2] ?? '', 16)];
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

describe('readX509Fields (openssl certificates)', () => {
  it('reads DNS and IP SANs of a mixed subjectAltName as Go prints them, skipping other kinds', async () => {
    const fields = readX509Fields(derOf('mixed'));
    expect(fields.dnsNames).toEqual(['Reg.Example.com', '*.wild.example']);
    expect(fields.ipAddresses).toEqual([
      '10.0.0.5',
      'fd00::5',
      '::1',
      '10.0.0.1',
      '2001:db8::1:0:0:1',
      '2001:0:0:1::1',
      '2001:db8:0:1:1:1:1:1',
      '::',
      '1::',
      '::a00:1',
      'fd00:abcd::1',
    ]);
    expect(fields.hasSubjectAltName).toBe(true);
    expect({ dnsNames: fields.dnsNames, ipAddresses: fields.ipAddresses }).toEqual(await opensslSans('mixed'));
  });

  it('reads the SANs issueCert writes, as openssl prints them', async () => {
    const fields = readX509Fields(derOf('leaf'));
    expect(fields).toMatchObject({ dnsNames: ['leaf.example', 'Alt.Example'], ipAddresses: ['10.1.2.3', '::1'], hasSubjectAltName: true });
    expect({ dnsNames: fields.dnsNames, ipAddresses: fields.ipAddresses }).toEqual(await opensslSans('leaf'));
  });

  it('tells a subjectAltName without DNS or IP entries from none at all', () => {
    expect(readX509Fields(derOf('no-names-san'))).toMatchObject({ dnsNames: [], ipAddresses: [], hasSubjectAltName: true });
    expect(readX509Fields(derOf('legacy'))).toMatchObject({ commonName: 'legacy.example', dnsNames: [], ipAddresses: [], hasSubjectAltName: false });
    expect(readX509Fields(derOf('ca'))).toMatchObject({ commonName: 'Fields Test CA', hasSubjectAltName: false });
  });

  it('reads the version, basicConstraints CA and keyUsage keyCertSign that Go checks before accepting a signature', async () => {
    expect(readX509Fields(derOf('ca'))).toMatchObject({ version: 3, basicConstraintsCa: true, keyCertSign: true });
    expect(readX509Fields(derOf('leaf'))).toMatchObject({ version: 3, basicConstraintsCa: false, keyCertSign: false });
    const text = await openssl(['x509', '-noout', '-text'], pemOf('leaf'));
    expect(text).toContain('CA:FALSE');
    expect(text).toMatch(/Key Usage: critical\n\s+Digital Signature, Key Encipherment\n/);
  });

  it('takes the last CN of the subject', () => {
    expect(readX509Fields(derOf('mixed')).commonName).toBe('last');
  });

  it('gives no commonName for a subject without CN', () => {
    expect(readX509Fields(derOf('no-cn')).commonName).toBeNull();
  });

  it.each([
    ['t61', 'T61STRING', 'café'],
    ['bmp', 'BMPSTRING', 'Ωmega'],
    ['utf8', 'UTF8STRING', 'x😀y'],
    ['leaf', 'UTF8STRING', 'leaf.example'],
  ])('decodes the CN of %s, a %s', async (name, type, expected) => {
    // Make sure openssl wrote the string type this case is about.
    expect(await openssl(['asn1parse'], pemOf(name))).toContain(type);
    expect(readX509Fields(derOf(name)).commonName).toBe(expected);
    expect(new X509Certificate(pemOf(name)).subject).toBe(`CN=${expected}`);
  });

  it.each(SIGNATURE_CASES.map(([expected]) => expected))('names the signature algorithm %s as openssl does', async (expected) => {
    const text = await openssl(['x509', '-noout', '-text'], pemOf(expected));
    const printed = /Signature Algorithm: (\S+)/.exec(text)?.[1];
    expect(printed).toBe(expected);
    expect(readX509Fields(derOf(expected)).signatureAlgorithm).toBe(expected);
  });
});

describe('readRawNames', () => {
  it('gives the encoded issuer and subject Names', () => {
    const ca = readRawNames(derOf('ca'));
    const leaf = readRawNames(derOf('leaf'));
    expect(ca.issuer.equals(ca.subject)).toBe(true);
    expect(leaf.issuer.equals(ca.subject)).toBe(true);
    expect(leaf.subject.equals(leaf.issuer)).toBe(false);
    expect(leaf.subject[0]).toBe(0x30);
    expect(leaf.subject.toString('latin1')).toContain('leaf.example');
  });
});

// ---- Certificates built by hand, for what openssl will not write ----

function tlv(tag: number, ...contents: Buffer[]): Buffer {
  const value = Buffer.concat(contents);
  const length = value.length < 0x80 ? [value.length] : value.length < 0x100 ? [0x81, value.length] : [0x82, value.length >> 8, value.length & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), value]);
}

const seq = (...contents: Buffer[]): Buffer => tlv(0x30, ...contents);
const utf8 = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'));

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  return tlv(0x06, ...[first * 40 + second, ...rest].map(base128));
}

function base128(arc: number): Buffer {
  const out = [arc & 0x7f];
  for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) out.unshift(0x80 | (rest & 0x7f));
  return Buffer.from(out);
}

/** A Name with one attribute per RDN, or several in one RDN when given as an array. */
function name(...rdns: Array<Buffer | Buffer[]>): Buffer {
  return seq(...rdns.map((rdn) => tlv(0x31, ...(Array.isArray(rdn) ? rdn : [rdn]))));
}

const cn = (value: Buffer): Buffer => seq(oid('2.5.4.3'), value);
const org = (text: string): Buffer => seq(oid('2.5.4.10'), utf8(text));
const extension = (id: string, value: Buffer, critical = false): Buffer =>
  seq(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value));
const subjectAltName = (...names: Buffer[]): Buffer => extension('2.5.29.17', seq(...names));
const ip = (hex: string): Buffer => tlv(0x87, Buffer.from(hex, 'hex'));

interface Parts {
  subject?: Buffer;
  extensions?: Buffer[];
  signatureOid?: string;
  version?: boolean;
  /** Replaces the tbsCertificate fields after the version. */
  tbsFields?: Buffer[];
  /** Replaces the three Certificate fields. */
  certificateFields?: Buffer[];
}

function certificate(parts: Parts = {}): Buffer {
  const algorithm = seq(oid(parts.signatureOid ?? '1.3.101.112'));
  const time = tlv(0x17, Buffer.from('250101000000Z'));
  const tbsFields = parts.tbsFields ?? [
    tlv(0x02, Buffer.from([0x01])),
    algorithm,
    name(cn(utf8('Hand Made CA'))),
    seq(time, time),
    parts.subject ?? name(cn(utf8('hand.example'))),
    seq(seq(oid('1.3.101.112')), tlv(0x03, Buffer.alloc(33))),
    ...(parts.extensions ? [tlv(0xa3, seq(...parts.extensions))] : []),
  ];
  const version = parts.version === false ? [] : [tlv(0xa0, tlv(0x02, Buffer.from([0x02])))];
  return seq(...(parts.certificateFields ?? [seq(...version, ...tbsFields), algorithm, tlv(0x03, Buffer.alloc(65))]));
}

describe('readX509Fields (built by hand)', () => {
  it('reads a certificate without version and extensions', () => {
    expect(readX509Fields(certificate({ version: false }))).toEqual({
      commonName: 'hand.example',
      dnsNames: [],
      ipAddresses: [],
      hasSubjectAltName: false,
      signatureAlgorithm: 'ED25519',
      version: 1,
      basicConstraintsCa: null,
      keyCertSign: null,
    });
  });

  it.each([
    ['UTF8String', utf8('ünï'), 'ünï'],
    ['PrintableString', tlv(0x13, Buffer.from('Plain Name')), 'Plain Name'],
    ['IA5String', tlv(0x16, Buffer.from('ia5.example')), 'ia5.example'],
    ['NumericString', tlv(0x12, Buffer.from('0123')), '0123'],
    ['T61String (Latin-1)', tlv(0x14, Buffer.from([0x63, 0x61, 0x66, 0xe9])), 'café'],
    ['BMPString (UTF-16BE)', tlv(0x1e, Buffer.from('03a9006d', 'hex')), 'Ωm'],
    ['UniversalString (UTF-32BE)', tlv(0x1c, Buffer.from('0001f6000000004100000020', 'hex')), '😀A '],
    ['empty UTF8String', utf8(''), ''],
  ])('decodes a CN that is a %s', (_type, value, expected) => {
    expect(readX509Fields(certificate({ subject: name(cn(value)) })).commonName).toBe(expected);
  });

  it('takes the last CN, across RDNs and within a multi-valued RDN', () => {
    expect(readX509Fields(certificate({ subject: name(cn(utf8('a')), org('O'), cn(utf8('b'))) })).commonName).toBe('b');
    expect(readX509Fields(certificate({ subject: name(cn(utf8('a')), [cn(utf8('b')), cn(utf8('c'))], org('O')) })).commonName).toBe('c');
  });

  it('skips a CN that is no string', () => {
    const octets = tlv(0x04, Buffer.from('not text'));
    expect(readX509Fields(certificate({ subject: name(cn(utf8('kept')), cn(octets)) })).commonName).toBe('kept');
    expect(readX509Fields(certificate({ subject: name(cn(octets)) })).commonName).toBeNull();
  });

  it('gives no commonName for an empty subject', () => {
    expect(readX509Fields(certificate({ subject: seq() })).commonName).toBeNull();
  });

  it('reads subjectAltName among other extensions, critical or not', () => {
    const fields = readX509Fields(
      certificate({
        extensions: [
          extension('2.5.29.19', seq(tlv(0x01, Buffer.from([0xff]))), true),
          subjectAltName(tlv(0x82, Buffer.from('UPPER.Example')), ip('c0a80001')),
          extension('2.5.29.15', tlv(0x03, Buffer.from([0x07, 0x80]))),
        ],
      }),
    );
    expect(fields).toMatchObject({ dnsNames: ['UPPER.Example'], ipAddresses: ['192.168.0.1'], hasSubjectAltName: true });
    expect(readX509Fields(certificate({ extensions: [extension('2.5.29.17', seq(ip('0a000002')), true)] })).ipAddresses).toEqual(['10.0.0.2']);
  });

  it('counts an empty subjectAltName as present', () => {
    expect(readX509Fields(certificate({ extensions: [subjectAltName()] }))).toMatchObject({ dnsNames: [], ipAddresses: [], hasSubjectAltName: true });
  });

  it('ignores extensions other than subjectAltName', () => {
    expect(readX509Fields(certificate({ extensions: [extension('2.5.29.15', tlv(0x03, Buffer.from([0x07, 0x80])))] })).hasSubjectAltName).toBe(false);
  });

  it('skips GeneralNames other than dNSName and iPAddress', () => {
    const fields = readX509Fields(
      certificate({
        extensions: [
          subjectAltName(
            tlv(0xa0, oid('1.2.3.4'), tlv(0xa0, utf8('other'))),
            tlv(0x81, Buffer.from('mail@example.com')),
            tlv(0xa4, name(cn(utf8('dir')))),
            tlv(0x86, Buffer.from('https://example.com/')),
            tlv(0x88, oid('1.2.3').subarray(2)),
            tlv(0x82, Buffer.from('only.example')),
          ),
        ],
      }),
    );
    expect(fields).toMatchObject({ dnsNames: ['only.example'], ipAddresses: [] });
  });

  it('gives the dotted OID for a signature algorithm it has no name for', () => {
    expect(readX509Fields(certificate({ signatureOid: '2.16.840.1.101.3.4.3.2' })).signatureAlgorithm).toBe('2.16.840.1.101.3.4.3.2');
  });
});

describe('readX509Fields (malformed)', () => {
  const valid = certificate();
  const tbsOf = (...fields: Buffer[]): Buffer => certificate({ tbsFields: fields });
  const int = tlv(0x02, Buffer.from([1]));
  const alg = seq(oid('1.3.101.112'));
  const emptyName = seq();
  const validity = seq();
  const spki = seq();

  it.each([
    ['an empty buffer', Buffer.alloc(0), /no tag at offset 0/],
    ['a truncated certificate', valid.subarray(0, valid.length - 10), /runs past the end/],
    ['bytes after the certificate', Buffer.concat([valid, Buffer.from([0])]), /1 bytes follow the element/],
    ['a SET instead of a SEQUENCE', Buffer.concat([Buffer.from([0x31]), valid.subarray(1)]), /Certificate has tag 0x31, expected 0x30/],
    ['a certificate without signature', certificate({ certificateFields: [seq(), alg] }), /signature is missing/],
    ['a certificate with four fields', certificate({ certificateFields: [seq(), alg, tlv(0x03, Buffer.alloc(1)), int] }), /more than three fields/],
    ['a signature that is no BIT STRING', certificate({ certificateFields: [seq(), alg, int] }), /signature has tag 0x02, expected 0x03/],
    ['a serial number that is no INTEGER', tbsOf(alg, alg, emptyName, validity, emptyName, spki), /serialNumber has tag 0x30/],
    ['a tbsCertificate without subject', tbsOf(int, alg, emptyName, validity), /subject is missing/],
    ['a tbsCertificate without public key', tbsOf(int, alg, emptyName, validity, emptyName), /subjectPublicKeyInfo is missing/],
    ['an RDN that is no SET', certificate({ subject: seq(seq(cn(utf8('x')))) }), /RelativeDistinguishedName has tag 0x30/],
    ['an attribute type that is no OID', certificate({ subject: name(seq(utf8('x'), utf8('y'))) }), /attribute type has tag 0x0c/],
    ['a CN without value', certificate({ subject: name(seq(oid('2.5.4.3'))) }), /commonName has no value/],
    ['a BMPString of odd length', certificate({ subject: name(cn(tlv(0x1e, Buffer.from('00410042ff', 'hex')))) }), /BMPString of odd length 5/],
    ['a UniversalString cut short', certificate({ subject: name(cn(tlv(0x1c, Buffer.from('000000', 'hex')))) }), /UniversalString of length 3/],
    ['a UniversalString beyond Unicode', certificate({ subject: name(cn(tlv(0x1c, Buffer.from('00110000', 'hex')))) }), /invalid code point 0x110000/],
    ['a UniversalString with a surrogate', certificate({ subject: name(cn(tlv(0x1c, Buffer.from('0000d800', 'hex')))) }), /invalid code point 0xd800/],
    ['an iPAddress of 5 bytes', certificate({ extensions: [subjectAltName(ip('0a00000101'))] }), /iPAddress has 5 bytes, expected 4 or 16/],
    ['an empty iPAddress', certificate({ extensions: [subjectAltName(ip(''))] }), /iPAddress has 0 bytes/],
    ['a subjectAltName that is no SEQUENCE', certificate({ extensions: [extension('2.5.29.17', tlv(0x31))] }), /subjectAltName has tag 0x31/],
    ['bytes after the subjectAltName', certificate({ extensions: [extension('2.5.29.17', Buffer.concat([seq(), Buffer.from([0])]))] }), /1 bytes follow/],
    ['a subjectAltName value that is no OCTET STRING', certificate({ extensions: [seq(oid('2.5.29.17'), seq())] }), /extension 2\.5\.29\.17 value has tag 0x30/],
    ['an extension id that is no OID', certificate({ extensions: [seq(utf8('x'), tlv(0x04))] }), /extension id has tag 0x0c/],
    ['an extension that is no SEQUENCE', certificate({ extensions: [tlv(0x31)] }), /extension has tag 0x31/],
    ['a broken OID', certificate({ subject: name(seq(tlv(0x06, Buffer.from([0x55, 0x84])), utf8('x'))) }), /object identifier is cut short/],
  ])('refuses %s', (_name, der, message) => {
    expect(() => readX509Fields(der)).toThrow(message);
  });

  it('refuses extensions [3] holding more than one element', () => {
    const tbs = [int, alg, emptyName, validity, emptyName, spki, tlv(0xa3, seq(), seq())];
    expect(() => readX509Fields(tbsOf(...tbs))).toThrow('extensions [3] holds more than one element');
  });

  it('refuses a truncated openssl certificate at every length', () => {
    const der = derOf('mixed');
    for (let length = 0; length < der.length; length++) {
      expect(() => readX509Fields(der.subarray(0, length))).toThrow(Error);
    }
  });
});
