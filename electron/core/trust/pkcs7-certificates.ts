import { decodeOid, expectTag, readChildren, readOnly, TAG } from './der';

/**
 * The certificates of a certs-only PKCS#7 SignedData (RFC 5652), as AIA caIssuers URLs serve
 * them (`.p7c`); node:crypto reads no PKCS#7. Only the structure down to the certificate set is
 * walked: nothing here is signed, and each certificate is checked by what it must have issued.
 * Throws a plain Error with a short reason when `der` is not such a SignedData.
 */

const SIGNED_DATA = '1.2.840.113549.1.7.2';
/** `[0]`, constructed: ContentInfo's explicit content, and SignedData's implicit CertificateSet. */
const CONTEXT_0 = 0xa0;

/** Each certificate's DER, in the order the set holds them; other CertificateChoices are skipped. */
export function pkcs7Certificates(der: Buffer): Buffer[] {
  const [contentType, content] = readChildren(expectTag(readOnly(der), TAG.SEQUENCE, 'ContentInfo'));
  const type = decodeOid(expectTag(contentType, TAG.OBJECT_IDENTIFIER, 'contentType').value);
  if (type !== SIGNED_DATA) throw new Error(`content type ${type} is not SignedData`); // verbatim: DER reader diagnostic, quoted as a message's detail
  const signedData = expectTag(readChildren(expectTag(content, CONTEXT_0, 'content'))[0], TAG.SEQUENCE, 'SignedData');
  const set = readChildren(signedData).find((child) => child.tag === CONTEXT_0);
  if (set === undefined) return [];
  return readChildren(set)
    .filter((choice) => choice.tag === TAG.SEQUENCE)
    .map((certificate) => Buffer.from(certificate.encoded));
}

/** Whether `der` begins as a ContentInfo of SignedData would: a SEQUENCE whose first element is that OID. */
export function looksLikePkcs7(der: Buffer): boolean {
  try {
    const [contentType] = readChildren(readOnly(der));
    return contentType?.tag === TAG.OBJECT_IDENTIFIER && decodeOid(contentType.value) === SIGNED_DATA;
  } catch {
    return false;
  }
}
