import { describe, expect, it } from 'vitest';
import { decodeOid, expectTag, readChildren, readElement, readOnly, TAG } from '../../../../../electron/core/trust/der';

const bytes = (hex: string): Buffer => Buffer.from(hex.replace(/\s+/g, ''), 'hex');

describe('readElement', () => {
  it('reads a primitive universal element', () => {
    const element = readElement(bytes('02 02 01 00'));
    expect(element).toMatchObject({ tag: 0x02, tagClass: 'universal', constructed: false, tagNumber: 2 });
    expect(element.value).toEqual(bytes('01 00'));
    expect(element.encoded).toEqual(bytes('02 02 01 00'));
  });

  it.each([
    ['30', 'universal', true, 16],
    ['41', 'application', false, 1],
    ['82', 'context', false, 2],
    ['a3', 'context', true, 3],
    ['c5', 'private', false, 5],
    ['fe', 'private', true, 30],
  ] as const)('splits tag 0x%s into class, constructed and number', (hex, tagClass, constructed, tagNumber) => {
    expect(readElement(bytes(`${hex} 00`))).toMatchObject({ tag: parseInt(hex, 16), tagClass, constructed, tagNumber });
  });

  it('reads at an offset and stops at the element end', () => {
    const data = bytes('05 00 04 01 aa 04 00');
    const element = readElement(data, 2);
    expect(element.value).toEqual(bytes('aa'));
    expect(element.encoded).toEqual(bytes('04 01 aa'));
  });

  it.each([
    ['short form, 127 bytes', '7f', 127],
    ['long form, one byte', '81 80', 128],
    ['long form, two bytes', '82 01 00', 256],
    ['long form, three bytes', '83 01 00 00', 65536],
    ['long form, non-minimal (OpenSSL accepts it)', '82 00 03', 3],
  ])('reads the length: %s', (_name, length, expected) => {
    const data = Buffer.concat([bytes(`04 ${length}`), Buffer.alloc(expected, 0xaa)]);
    expect(readElement(data).value).toHaveLength(expected);
  });

  it('reads a four-byte length and checks it against the data', () => {
    expect(() => readElement(bytes('04 84 01 00 00 00 aa'))).toThrow(/length 16777216 at offset 0 runs past the end of the data \(1 bytes left\)/);
    expect(readElement(Buffer.concat([bytes('04 84 00 00 00 02'), bytes('aa bb')])).value).toEqual(bytes('aa bb'));
  });

  it('makes value and encoded views of the data, not copies', () => {
    const data = bytes('04 01 aa');
    expect(readElement(data).value.buffer).toBe(data.buffer);
  });
});

describe('readElement (hostile input)', () => {
  it.each([
    ['an empty buffer', '', /no tag at offset 0/],
    ['a tag without a length', '30', /no length at offset 1/],
    ['a multi-byte tag number', '1f 81 00 00', /multi-byte tag/],
    ['a multi-byte context tag number', 'bf 1f 00', /multi-byte tag/],
    ['an indefinite length', '30 80 00 00', /indefinite length at offset 1 is not DER/],
    ['a length of five bytes', '04 85 00 00 00 00 01 aa', /length of 5 bytes/],
    ['a length of 127 bytes', '04 ff', /length of 127 bytes/],
    ['a long-form length cut short', '04 82 01', /length at offset 1 is cut short/],
    ['a long-form length with no bytes left', '04 81', /length at offset 1 is cut short/],
    ['a length beyond the buffer', '04 05 aa bb', /length 5 at offset 0 runs past the end/],
    ['a long length beyond the buffer', '30 82 ff ff 00', /length 65535 at offset 0 runs past the end/],
  ])('refuses %s', (_name, hex, message) => {
    expect(() => readElement(bytes(hex))).toThrow(message);
  });

  it('refuses an offset past the end', () => {
    expect(() => readElement(bytes('05 00'), 2)).toThrow(/no tag at offset 2/);
    expect(() => readElement(bytes('05 00'), 100)).toThrow(/no tag at offset 100/);
  });

  it('throws plain Errors', () => {
    expect(() => readElement(Buffer.alloc(0))).toThrow(Error);
  });
});

describe('readOnly', () => {
  it('reads an element that spans the data', () => {
    expect(readOnly(bytes('05 00')).tag).toBe(0x05);
  });

  it('refuses bytes after the element', () => {
    expect(() => readOnly(bytes('05 00 00'))).toThrow('1 bytes follow the element');
  });
});

describe('readChildren', () => {
  it('lists the elements inside a SEQUENCE, nested ones as single elements', () => {
    const [integer, nested, octets, ...rest] = readChildren(readOnly(bytes('30 09 02 01 05 30 02 05 00 04 00')));
    expect([integer?.tag, nested?.tag, octets?.tag, rest]).toEqual([0x02, 0x30, 0x04, []]);
    expect(nested?.encoded).toEqual(bytes('30 02 05 00'));
  });

  it('gives no children for an empty SEQUENCE', () => {
    expect(readChildren(readOnly(bytes('30 00')))).toEqual([]);
  });

  it('reads children of a constructed context-specific element', () => {
    expect(readChildren(readOnly(bytes('a3 03 02 01 02')))).toHaveLength(1);
  });

  it('refuses a primitive element', () => {
    expect(() => readChildren(readOnly(bytes('04 02 05 00')))).toThrow('element with tag 0x04 is not constructed');
  });

  it.each([
    ['a child running past its parent', '30 03 04 05 aa', /length 5 at offset 0 runs past the end/],
    ['a child cut short', '30 01 04', /no length at offset 1/],
    ['an indefinite child', '30 04 30 80 00 00', /indefinite length/],
  ])('refuses %s', (_name, hex, message) => {
    // The outer length covers only the parent's value, so a child can never read past it.
    expect(() => readChildren(readElement(bytes(hex)))).toThrow(message);
  });
});

describe('expectTag', () => {
  it('returns the element when its tag matches', () => {
    const element = readOnly(bytes('30 00'));
    expect(expectTag(element, TAG.SEQUENCE, 'thing')).toBe(element);
  });

  it('names what is missing or wrong', () => {
    expect(() => expectTag(undefined, TAG.SEQUENCE, 'issuer')).toThrow('issuer is missing');
    expect(() => expectTag(readOnly(bytes('31 00')), TAG.SEQUENCE, 'issuer')).toThrow('issuer has tag 0x31, expected 0x30');
  });
});

describe('decodeOid', () => {
  it.each([
    ['55 04 03', '2.5.4.3'],
    ['55 1d 11', '2.5.29.17'],
    ['2a 86 48 86 f7 0d 01 01 0b', '1.2.840.113549.1.1.11'],
    ['2a 86 48 ce 3d 04 03 02', '1.2.840.10045.4.3.2'],
    ['2b 65 70', '1.3.101.112'],
    ['00', '0.0'],
    ['27', '0.39'],
    ['28', '1.0'],
    ['4f', '1.39'],
    ['50', '2.0'],
    ['88 37', '2.999'],
    ['69 83 ab 9f 40', '2.25.7000000'],
    // A 2.25 UUID arc is 128 bits: more than a Number holds exactly.
    ['69 83 ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff 7f', '2.25.340282366920938463463374607431768211455'],
  ])('decodes %s as %s', (hex, dotted) => {
    expect(decodeOid(bytes(hex))).toBe(dotted);
  });

  it.each([
    ['empty', '', 'empty object identifier'],
    ['cut short in the first subidentifier', '86', 'object identifier is cut short'],
    ['cut short in a later subidentifier', '2a 86 48 86', 'object identifier is cut short'],
    ['non-minimal (leading 0x80)', '2a 80 01', 'object identifier has a non-minimal subidentifier'],
    ['non-minimal first subidentifier', '80 55', 'object identifier has a non-minimal subidentifier'],
  ])('refuses an OID %s', (_name, hex, message) => {
    expect(() => decodeOid(bytes(hex))).toThrow(message);
  });
});
