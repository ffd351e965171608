import { X509Certificate } from 'node:crypto';
import type { CaSummary } from '../../../shared/ca-summary';
import type { CertificateInfo } from '../../../shared/trust';
import { DocksideError } from '../errors';
import { TAG } from './der';
import { readRawNames, readX509Fields } from './x509-fields';

const CODE = 'invalid-certificate';
const BEGIN = '-----BEGIN CERTIFICATE-----';
const END = '-----END CERTIFICATE-----';
const PEM_LINE = /.{1,64}/g;
const PEM_TYPE = /-----BEGIN ([^-\r\n]+)-----/g;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const MODULUS_KEY_TYPES: ReadonlySet<string> = new Set(['rsa', 'rsa-pss', 'dsa']);
const EC_CURVE_BITS: ReadonlyMap<string, number> = new Map([
  ['prime256v1', 256],
  ['P-256', 256],
  ['secp384r1', 384],
  ['P-384', 384],
  ['secp521r1', 521],
  ['P-521', 521],
]);
const FIXED_KEY_BITS: ReadonlyMap<string, number> = new Map([
  ['ed25519', 256],
  ['ed448', 456],
]);

/** Everything `dockside trust` shows about a certificate. */
export function describeCertificate(cert: X509Certificate): CertificateInfo {
  const fields = readFrom(cert, readX509Fields);
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    commonName: fields.commonName,
    dnsNames: fields.dnsNames,
    ipAddresses: fields.ipAddresses,
    hasSubjectAltName: fields.hasSubjectAltName,
    notBefore: rfc3339(new Date(cert.validFrom)),
    notAfter: rfc3339(new Date(cert.validTo)),
    fingerprintSha256: cert.fingerprint256,
    serialNumber: cert.serialNumber,
    publicKey: describePublicKey(cert),
    signatureAlgorithm: fields.signatureAlgorithm,
    // basicConstraints itself: OpenSSL's notion (cert.ca) also looks at keyUsage.
    isCa: fields.basicConstraintsCa === true,
    selfSigned: isSelfSigned(cert),
  };
}

/** What a person checks of a CA before it is installed: never its PEM. */
export function summarizeCa(cert: X509Certificate): CaSummary {
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    fingerprintSha256: cert.fingerprint256,
    notBefore: rfc3339(new Date(cert.validFrom)),
    notAfter: rfc3339(new Date(cert.validTo)),
  };
}

function describePublicKey(cert: X509Certificate): CertificateInfo['publicKey'] {
  const key = cert.publicKey;
  const type = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails ?? {};
  return {
    type,
    bits: keyBits(type, details.modulusLength, details.namedCurve),
    curve: type === 'ec' ? (details.namedCurve ?? null) : null,
  };
}

function keyBits(type: string, modulusLength: number | undefined, namedCurve: string | undefined): number | null {
  if (MODULUS_KEY_TYPES.has(type)) return modulusLength ?? null;
  if (type === 'ec') return EC_CURVE_BITS.get(namedCurve ?? '') ?? null;
  return FIXED_KEY_BITS.get(type) ?? null;
}

/**
 * parent issued child: names match AND parent's key verifies child's signature.
 *
 * The names are compared byte for byte, as Go (so Docker) finds a certificate's issuer.
 * X509Certificate.checkIssued is not used: it also refuses a parent whose keyUsage lacks
 * keyCertSign or whose key identifier differs, so a self-signed server certificate with
 * keyUsage digitalSignature would not count as issued by itself.
 */
export function issued(parent: X509Certificate, child: X509Certificate): boolean {
  const issuer = readFrom(child, readRawNames).issuer;
  return issuer.equals(readFrom(parent, readRawNames).subject) && child.verify(parent.publicKey);
}

export function isSelfSigned(cert: X509Certificate): boolean {
  return issued(cert, cert);
}

/** Node (OpenSSL) has read `cert`; this turns a field our reader refuses into a DocksideError. */
function readFrom<T>(cert: X509Certificate, read: (der: Buffer) => T): T {
  try {
    return read(cert.raw);
  } catch (error) {
    throw new DocksideError(CODE, 'tls.error.invalid-certificate.unreadable', { name: cert.subject.replaceAll('\n', ', '), fingerprint: cert.fingerprint256, detail: detailOf(error) });
  }
}

/**
 * Every certificate in PEM text (one or many BEGIN CERTIFICATE blocks, CRLF or LF, text around
 * blocks ignored), or a single DER certificate. Throws DocksideError('invalid-certificate',
 * message) naming `source` when none can be read or a block is broken.
 */
export function parseCertificates(data: Buffer, source: string): X509Certificate[] {
  const text = data.toString('latin1');
  if (text.includes(BEGIN)) return parsePem(text, source);
  if (data.length === 0) throw new DocksideError(CODE, 'tls.error.invalid-certificate.empty-file', { source });
  const otherTypes = [...new Set(Array.from(text.matchAll(PEM_TYPE), (match) => match[1]))];
  if (otherTypes.length > 0) throw new DocksideError(CODE, 'tls.error.invalid-certificate.other-pem', { source, types: otherTypes.join(', ') });
  if (data[0] !== TAG.SEQUENCE) throw new DocksideError(CODE, 'tls.error.invalid-certificate.not-certificate', { source });
  return [parseDer(data, source)];
}

function parsePem(text: string, source: string): X509Certificate[] {
  const blocks = text.split(BEGIN).slice(1);
  return blocks.map((block, i) => {
    try {
      return certificateFromDer(decodePemBody(block));
    } catch (error) {
      const failure = failureOf(error);
      // "The certificate in …" for a single block, "Certificate 2 of 3 in …" in a bundle.
      const key = blocks.length === 1 ? (`tls.error.invalid-certificate.pem.${failure.reason}` as const) : (`tls.error.invalid-certificate.pem.${failure.reason}.of` as const);
      throw new DocksideError(CODE, key, { source, block: i + 1, total: blocks.length, detail: failure.detail });
    }
  });
}

/** The DER inside one block: the text after BEGIN up to END, in strict base64 once blanks are removed. */
function decodePemBody(block: string): Buffer {
  const end = block.indexOf(END);
  if (end < 0) throw new ReadFailure('no-end');
  const body = block.slice(0, end).replace(/\s+/g, '');
  if (body.length === 0) throw new ReadFailure('empty');
  if (body.length % 4 !== 0 || !BASE64.test(body)) throw new ReadFailure('base64');
  return Buffer.from(body, 'base64');
}

function parseDer(data: Buffer, source: string): X509Certificate {
  try {
    return certificateFromDer(data);
  } catch (error) {
    const failure = failureOf(error);
    throw new DocksideError(CODE, failure.reason === 'openssl' ? 'tls.error.invalid-certificate.der.openssl' : 'tls.error.invalid-certificate.der', { source, detail: failure.detail });
  }
}

/** Read by our DER reader first: its reasons say more than OpenSSL's, and what it refuses describeCertificate could not describe. */
function certificateFromDer(der: Buffer): X509Certificate {
  readX509Fields(der);
  try {
    return new X509Certificate(der);
  } catch {
    throw new ReadFailure('openssl');
  }
}

/** Why a block cannot be read, as the catalog words it; `der`: the DER reader's own diagnostic, quoted as `detail`. */
type ReadReason = 'no-end' | 'empty' | 'base64' | 'openssl' | 'der';

class ReadFailure extends Error {
  constructor(
    readonly reason: ReadReason,
    readonly detail = '',
  ) {
    super(reason);
  }
}

function failureOf(error: unknown): ReadFailure {
  return error instanceof ReadFailure ? error : new ReadFailure('der', detailOf(error));
}

/** PEM text of one certificate, LF line endings, ending in a newline */
export function toPem(cert: X509Certificate): string {
  const lines = cert.raw.toString('base64').match(PEM_LINE) ?? [];
  return `${BEGIN}\n${lines.join('\n')}\n${END}\n`;
}

function detailOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** RFC 3339 in UTC to the second, as Go writes certificate times in its errors (certificates hold no milliseconds). */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
