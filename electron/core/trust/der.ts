/**
 * A minimal DER (ASN.1) reader: just enough to walk an X.509 certificate. Every read is bounds
 * checked; anything out of bounds or not DER throws a plain Error with a short reason, for the
 * caller to turn into a DocksideError.
 */

export type TagClass = 'universal' | 'application' | 'context' | 'private';

export interface DerElement {
  /** The identifier octet as written, e.g. 0x30 for SEQUENCE, 0xa3 for a constructed [3]. */
  readonly tag: number;
  readonly tagClass: TagClass;
  readonly constructed: boolean;
  readonly tagNumber: number;
  /** The contents octets. */
  readonly value: Buffer;
  /** The whole encoding: identifier, length and contents. */
  readonly encoded: Buffer;
}

/** Identifier octets of the universal types a certificate uses. */
export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  OBJECT_IDENTIFIER: 0x06,
  UTF8_STRING: 0x0c,
  NUMERIC_STRING: 0x12,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  UNIVERSAL_STRING: 0x1c,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

const TAG_CLASSES: readonly TagClass[] = ['universal', 'application', 'context', 'private'];
const HIGH_TAG_NUMBER = 0x1f;
const INDEFINITE_LENGTH = 0x80;
const MAX_LENGTH_BYTES = 4;

/** The element that starts at `offset` of `data`. */
export function readElement(data: Buffer, offset = 0): DerElement {
  const tag = data[offset];
  if (tag === undefined) throw new Error(`no tag at offset ${offset}: the data ends there`); // verbatim: DER reader diagnostic, quoted as a message's detail
  if ((tag & HIGH_TAG_NUMBER) === HIGH_TAG_NUMBER) throw new Error(`multi-byte tag at offset ${offset} is not supported`); // verbatim: DER reader diagnostic, quoted as a message's detail
  const { length, valueStart } = readLength(data, offset + 1);
  const end = valueStart + length;
  if (end > data.length) throw new Error(`length ${length} at offset ${offset} runs past the end of the data (${data.length - valueStart} bytes left)`); // verbatim: DER reader diagnostic, quoted as a message's detail
  return {
    tag,
    tagClass: TAG_CLASSES[tag >> 6] as TagClass,
    constructed: (tag & 0x20) !== 0,
    tagNumber: tag & HIGH_TAG_NUMBER,
    value: data.subarray(valueStart, end),
    encoded: data.subarray(offset, end),
  };
}

function readLength(data: Buffer, offset: number): { length: number; valueStart: number } {
  const first = data[offset];
  if (first === undefined) throw new Error(`no length at offset ${offset}: the data ends there`); // verbatim: DER reader diagnostic, quoted as a message's detail
  if (first < 0x80) return { length: first, valueStart: offset + 1 };
  if (first === INDEFINITE_LENGTH) throw new Error(`indefinite length at offset ${offset} is not DER`); // verbatim: DER reader diagnostic, quoted as a message's detail
  const count = first & 0x7f;
  if (count > MAX_LENGTH_BYTES) throw new Error(`length of ${count} bytes at offset ${offset} is too long`); // verbatim: DER reader diagnostic, quoted as a message's detail
  if (offset + 1 + count > data.length) throw new Error(`length at offset ${offset} is cut short`); // verbatim: DER reader diagnostic, quoted as a message's detail
  // Non-minimal long forms are BER rather than DER, but OpenSSL accepts them; refusing them
  // would make a certificate Node has read unreadable here.
  return { length: data.readUIntBE(offset + 1, count), valueStart: offset + 1 + count };
}

/** The one element `data` holds; throws when anything follows it. */
export function readOnly(data: Buffer): DerElement {
  const element = readElement(data);
  const trailing = data.length - element.encoded.length;
  if (trailing > 0) throw new Error(`${trailing} bytes follow the element`); // verbatim: DER reader diagnostic, quoted as a message's detail
  return element;
}

/** The elements inside a constructed element, in order. */
export function readChildren(element: DerElement): DerElement[] {
  if (!element.constructed) throw new Error(`element with tag 0x${hex(element.tag)} is not constructed`); // verbatim: DER reader diagnostic, quoted as a message's detail
  const children: DerElement[] = [];
  for (let offset = 0; offset < element.value.length; ) {
    const child = readElement(element.value, offset);
    children.push(child);
    offset += child.encoded.length;
  }
  return children;
}

/** Throws unless `element` has identifier octet `tag`; `what` names it in the message. */
export function expectTag(element: DerElement | undefined, tag: number, what: string): DerElement {
  if (element === undefined) throw new Error(`${what} is missing`);
  if (element.tag !== tag) throw new Error(`${what} has tag 0x${hex(element.tag)}, expected 0x${hex(tag)}`); // verbatim: DER reader diagnostic, quoted as a message's detail
  return element;
}

/** The contents of an OBJECT IDENTIFIER as a dotted string, e.g. 2.5.4.3. */
export function decodeOid(value: Buffer): string {
  const [first, ...rest] = subidentifiers(value);
  if (first === undefined) throw new Error('empty object identifier');
  // The first subidentifier packs two arcs: 40 * a + b, where a is 0, 1 or 2 (and only 2 may have b >= 40).
  const arc0 = first < 40n ? 0n : first < 80n ? 1n : 2n;
  return [arc0, first - 40n * arc0, ...rest].join('.');
}

// BigInt because arcs may be any size (2.25 UUID arcs are 128 bits).
function subidentifiers(value: Buffer): bigint[] {
  const result: bigint[] = [];
  let current = 0n;
  let more = false;
  for (const byte of value) {
    if (!more && byte === 0x80) throw new Error('object identifier has a non-minimal subidentifier'); // verbatim: DER reader diagnostic, quoted as a message's detail
    current = (current << 7n) | BigInt(byte & 0x7f);
    more = (byte & 0x80) !== 0;
    if (!more) {
      result.push(current);
      current = 0n;
    }
  }
  if (more) throw new Error('object identifier is cut short'); // verbatim: DER reader diagnostic, quoted as a message's detail
  return result;
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
