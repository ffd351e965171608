import { decodeOid, type DerElement, expectTag, readChildren, readOnly, TAG } from './der';

/**
 * What Node's X509Certificate does not tell, or not the way Go (Docker) reads it: the last CN,
 * the subjectAltName entries as Go prints them, and the signature algorithm's OpenSSL name.
 */
export interface X509Fields {
  commonName: string | null;
  dnsNames: string[];
  ipAddresses: string[];
  hasSubjectAltName: boolean;
  signatureAlgorithm: string;
  /** 1 to 3, as written in the certificate (v1 has no extensions). */
  version: number;
  /** basicConstraints' cA flag; null when the extension is absent. */
  basicConstraintsCa: boolean | null;
  /** keyUsage's keyCertSign bit; null when the extension is absent (any use allowed). */
  keyCertSign: boolean | null;
}

/** The issuer and subject Names as encoded (tag and length included), like Go's RawIssuer and RawSubject. */
export interface RawNames {
  issuer: Buffer;
  subject: Buffer;
}

interface Certificate {
  version: number;
  issuer: DerElement;
  subject: DerElement;
  /** The explicit [3] around the extensions; null when there are none. */
  extensions: DerElement | null;
  signatureAlgorithm: DerElement;
}

const VERSION = 0xa0;
const EXTENSIONS = 0xa3;
const DNS_NAME = 0x82;
const IP_ADDRESS = 0x87;
const OID_COMMON_NAME = '2.5.4.3';
const OID_SUBJECT_ALT_NAME = '2.5.29.17';
const OID_BASIC_CONSTRAINTS = '2.5.29.19';
const OID_KEY_USAGE = '2.5.29.15';
const BOOLEAN = 0x01;
/** keyUsage is a BIT STRING; keyCertSign is bit 5, counted from the first byte's high bit. */
const KEY_CERT_SIGN_MASK = 0x80 >> 5;
const IPV4_MAPPED_PREFIX = Buffer.from('00000000000000000000ffff', 'hex');

/** OpenSSL's long names, as `openssl x509 -text` prints them after "Signature Algorithm:". */
const SIGNATURE_ALGORITHMS: ReadonlyMap<string, string> = new Map([
  ['1.2.840.113549.1.1.4', 'md5WithRSAEncryption'],
  ['1.2.840.113549.1.1.5', 'sha1WithRSAEncryption'],
  ['1.2.840.113549.1.1.10', 'rsassaPss'],
  ['1.2.840.113549.1.1.11', 'sha256WithRSAEncryption'],
  ['1.2.840.113549.1.1.12', 'sha384WithRSAEncryption'],
  ['1.2.840.113549.1.1.13', 'sha512WithRSAEncryption'],
  ['1.2.840.10045.4.1', 'ecdsa-with-SHA1'],
  ['1.2.840.10045.4.3.2', 'ecdsa-with-SHA256'],
  ['1.2.840.10045.4.3.3', 'ecdsa-with-SHA384'],
  ['1.2.840.10045.4.3.4', 'ecdsa-with-SHA512'],
  ['1.3.101.112', 'ED25519'],
  ['1.3.101.113', 'ED448'],
]);

const latin1 = (value: Buffer): string => value.toString('latin1');
const STRING_DECODERS: ReadonlyMap<number, (value: Buffer) => string> = new Map([
  [TAG.UTF8_STRING, (value: Buffer) => value.toString('utf8')],
  [TAG.PRINTABLE_STRING, latin1],
  [TAG.IA5_STRING, latin1],
  [TAG.NUMERIC_STRING, latin1],
  [TAG.T61_STRING, latin1],
  [TAG.BMP_STRING, decodeUtf16be],
  [TAG.UNIVERSAL_STRING, decodeUtf32be],
]);

/** Reads a certificate's DER; throws an Error with a short reason when it is malformed. */
export function readX509Fields(der: Buffer): X509Fields {
  const certificate = readCertificate(der);
  const subjectAltName = findExtension(certificate.extensions, OID_SUBJECT_ALT_NAME);
  const names = subjectAltName ? readSubjectAltName(subjectAltName) : { dnsNames: [], ipAddresses: [] };
  return {
    commonName: lastCommonName(certificate.subject),
    ...names,
    hasSubjectAltName: subjectAltName !== null,
    signatureAlgorithm: algorithmName(certificate.signatureAlgorithm),
    version: certificate.version,
    basicConstraintsCa: readBasicConstraintsCa(findExtension(certificate.extensions, OID_BASIC_CONSTRAINTS)),
    keyCertSign: readKeyCertSign(findExtension(certificate.extensions, OID_KEY_USAGE)),
  };
}

/** BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL } */
function readBasicConstraintsCa(extnValue: DerElement | null): boolean | null {
  if (extnValue === null) return null;
  const [first] = readChildren(expectTag(readOnly(extnValue.value), TAG.SEQUENCE, 'basicConstraints'));
  return first?.tag === BOOLEAN && first.value.length === 1 && first.value[0] !== 0;
}

function readKeyCertSign(extnValue: DerElement | null): boolean | null {
  if (extnValue === null) return null;
  const bits = expectTag(readOnly(extnValue.value), TAG.BIT_STRING, 'keyUsage').value;
  return ((bits[1] ?? 0) & KEY_CERT_SIGN_MASK) !== 0;
}

/** Reads a certificate's DER for its Names; throws an Error with a short reason when it is malformed. */
export function readRawNames(der: Buffer): RawNames {
  const { issuer, subject } = readCertificate(der);
  return { issuer: issuer.encoded, subject: subject.encoded };
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature } */
function readCertificate(der: Buffer): Certificate {
  const [tbs, algorithm, signature, ...extra] = readChildren(expectTag(readOnly(der), TAG.SEQUENCE, 'Certificate'));
  if (extra.length > 0) throw new Error('Certificate has more than three fields'); // verbatim: DER reader diagnostic, quoted as a message's detail
  const tbsCertificate = expectTag(tbs, TAG.SEQUENCE, 'tbsCertificate');
  const signatureAlgorithm = expectTag(algorithm, TAG.SEQUENCE, 'signatureAlgorithm');
  expectTag(signature, TAG.BIT_STRING, 'signature');
  return { ...readTbsCertificate(tbsCertificate), signatureAlgorithm };
}

/** Version, serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, then optional fields. */
function readTbsCertificate(tbsCertificate: DerElement): Omit<Certificate, 'signatureAlgorithm'> {
  const fields = readChildren(tbsCertificate);
  const explicitVersion = fields[0]?.tag === VERSION ? fields[0] : undefined;
  // Version ::= INTEGER { v1(0), v2(1), v3(2) }, inside [0]; absent means v1.
  const version = explicitVersion ? (expectTag(readOnly(explicitVersion.value), TAG.INTEGER, 'version').value.at(-1) ?? 0) + 1 : 1;
  const [serialNumber, signature, issuerName, validity, subjectName, publicKey, ...optional] = fields.slice(explicitVersion ? 1 : 0);
  expectTag(serialNumber, TAG.INTEGER, 'serialNumber');
  expectTag(signature, TAG.SEQUENCE, 'tbsCertificate signature');
  const issuer = expectTag(issuerName, TAG.SEQUENCE, 'issuer');
  expectTag(validity, TAG.SEQUENCE, 'validity');
  const subject = expectTag(subjectName, TAG.SEQUENCE, 'subject');
  expectTag(publicKey, TAG.SEQUENCE, 'subjectPublicKeyInfo');
  return { version, issuer, subject, extensions: optional.find((field) => field.tag === EXTENSIONS) ?? null };
}

/** The extnValue OCTET STRING of the first extension with this OID. */
function findExtension(extensions: DerElement | null, oid: string): DerElement | null {
  if (extensions === null) return null;
  const [list, ...extra] = readChildren(extensions);
  if (extra.length > 0) throw new Error('extensions [3] holds more than one element'); // verbatim: DER reader diagnostic, quoted as a message's detail
  for (const extension of readChildren(expectTag(list, TAG.SEQUENCE, 'extensions'))) {
    // Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
    const fields = readChildren(expectTag(extension, TAG.SEQUENCE, 'extension'));
    const id = decodeOid(expectTag(fields[0], TAG.OBJECT_IDENTIFIER, 'extension id').value);
    if (id === oid) return expectTag(fields.at(-1), TAG.OCTET_STRING, `extension ${oid} value`);
  }
  return null;
}

function readSubjectAltName(extnValue: DerElement): Pick<X509Fields, 'dnsNames' | 'ipAddresses'> {
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  for (const name of readChildren(expectTag(readOnly(extnValue.value), TAG.SEQUENCE, 'subjectAltName'))) {
    if (name.tag === DNS_NAME) dnsNames.push(latin1(name.value));
    else if (name.tag === IP_ADDRESS) ipAddresses.push(formatIp(name.value));
  }
  return { dnsNames, ipAddresses };
}

/** As Go's net.IP.String(): an IPv4-mapped IPv6 address prints as IPv4, other IPv6 per RFC 5952. */
function formatIp(bytes: Buffer): string {
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.length !== 16) throw new Error(`subjectAltName iPAddress has ${bytes.length} bytes, expected 4 or 16`); // verbatim: DER reader diagnostic, quoted as a message's detail
  if (bytes.subarray(0, 12).equals(IPV4_MAPPED_PREFIX)) return bytes.subarray(12).join('.');
  return formatIpv6(bytes);
}

function formatIpv6(bytes: Buffer): string {
  const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16));
  const run = longestZeroRun(groups);
  // RFC 5952 4.2.2: "::" never stands for a single zero group.
  if (run.length < 2) return groups.join(':');
  return `${groups.slice(0, run.start).join(':')}::${groups.slice(run.start + run.length).join(':')}`;
}

/** The first of the longest runs of "0" groups. */
function longestZeroRun(groups: string[]): { start: number; length: number } {
  let best = { start: 0, length: 0 };
  let start = -1;
  groups.forEach((group, i) => {
    if (group !== '0') {
      start = -1;
      return;
    }
    if (start < 0) start = i;
    if (i - start + 1 > best.length) best = { start, length: i - start + 1 };
  });
  return best;
}

/** The last CN of the Name, as Go's pkix.Name keeps it. */
function lastCommonName(name: DerElement): string | null {
  let commonName: string | null = null;
  for (const rdn of readChildren(name)) {
    for (const attribute of readChildren(expectTag(rdn, TAG.SET, 'RelativeDistinguishedName'))) {
      const [type, value] = readChildren(expectTag(attribute, TAG.SEQUENCE, 'AttributeTypeAndValue'));
      const oid = decodeOid(expectTag(type, TAG.OBJECT_IDENTIFIER, 'attribute type').value);
      if (oid !== OID_COMMON_NAME) continue;
      if (value === undefined) throw new Error('commonName has no value'); // verbatim: DER reader diagnostic, quoted as a message's detail
      // A CN of a type that is no string names nothing, so it is skipped.
      commonName = STRING_DECODERS.get(value.tag)?.(value.value) ?? commonName;
    }
  }
  return commonName;
}

function decodeUtf16be(value: Buffer): string {
  if (value.length % 2 !== 0) throw new Error(`BMPString of odd length ${value.length}`); // verbatim: DER reader diagnostic, quoted as a message's detail
  return Buffer.from(value).swap16().toString('utf16le');
}

function decodeUtf32be(value: Buffer): string {
  if (value.length % 4 !== 0) throw new Error(`UniversalString of length ${value.length}, not a multiple of 4`); // verbatim: DER reader diagnostic, quoted as a message's detail
  const codePoints = Array.from({ length: value.length / 4 }, (_, i) => value.readUInt32BE(i * 4));
  const invalid = codePoints.find((codePoint) => codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff));
  if (invalid !== undefined) throw new Error(`UniversalString holds the invalid code point 0x${invalid.toString(16)}`); // verbatim: DER reader diagnostic, quoted as a message's detail
  return String.fromCodePoint(...codePoints);
}

function algorithmName(algorithm: DerElement): string {
  const [oid] = readChildren(algorithm);
  const dotted = decodeOid(expectTag(oid, TAG.OBJECT_IDENTIFIER, 'signatureAlgorithm algorithm').value);
  return SIGNATURE_ALGORITHMS.get(dotted) ?? dotted;
}
