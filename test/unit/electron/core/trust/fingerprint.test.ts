import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FingerprintSha256Schema } from '../../../../../shared/trust';
import { parseFingerprint } from '../../../../../electron/core/trust/fingerprint';
import { thrownBy } from '../../../dockside-error';
import { english } from '../../../../harness/english';

// A real SHA-256 with letters and digits in it.
const HEX = createHash('sha256').update('dockside').digest('hex');
const COLONED = (HEX.match(/../g) ?? []).join(':').toUpperCase();

describe('parseFingerprint', () => {
  it('the fixture has letters to change the case of', () => {
    expect(HEX).toMatch(/^[0-9a-f]{64}$/);
    expect(HEX).toMatch(/[a-f]/);
  });

  it.each([
    ['sha256: and lower-case hex', `sha256:${HEX}`],
    ['sha256: and upper-case hex', `sha256:${HEX.toUpperCase()}`],
    ['mixed case', `sha256:${HEX.slice(0, 32).toUpperCase()}${HEX.slice(32)}`],
    ['SHA256: prefix', `SHA256:${HEX}`],
    ['Sha256: prefix', `Sha256:${HEX}`],
    ['no prefix', HEX],
    ['colons, as openssl prints it', COLONED],
    ['sha256: and colons', `sha256:${COLONED.toLowerCase()}`],
    ["openssl's whole line (sha256 Fingerprint=...)", `SHA256=${COLONED}`],
    ['blanks around it', `  sha256:${HEX}\n`],
  ])('accepts %s', (_label, text) => {
    const parsed = parseFingerprint(text);
    expect(parsed).toBe(COLONED);
    expect(parsed.split(':')).toHaveLength(32);
    expect(parsed.match(/:/g)).toHaveLength(31);
    expect(parsed).toBe(parsed.toUpperCase());
    expect(FingerprintSha256Schema.safeParse(parsed).success).toBe(true);
  });

  it.each([
    ['63 digits', `sha256:${HEX.slice(1)}`],
    ['65 digits', `sha256:${HEX}0`],
    ['a non-hex digit', `sha256:${HEX.slice(0, 63)}g`],
    ['empty', ''],
    ['blank', '   '],
    ['only the prefix', 'sha256:'],
    ['a sha1: prefix on 40 digits', `sha1:${HEX.slice(0, 40)}`],
    ['a sha1: prefix on 64 digits', `sha1:${HEX}`],
    ['md5 length (32 digits)', HEX.slice(0, 32)],
    ['md5: prefix', `md5:${HEX.slice(0, 32)}`],
    ['sha1 length with colons', (HEX.slice(0, 40).match(/../g) ?? []).join(':')],
    ['a doubled prefix', `sha256:sha256:${HEX}`],
    ['a blank inside', `sha256:${HEX.slice(0, 32)} ${HEX.slice(32)}`],
    ['base64 (as some tools print it)', createHash('sha256').update('dockside').digest('base64')],
  ])('refuses %s with invalid-fingerprint', (_label, text) => {
    const error = thrownBy(() => parseFingerprint(text));
    expect(error.code).toBe('invalid-fingerprint');
    expect(english(error)).toContain('64 hex digits');
    expect(english(error)).toContain(JSON.stringify(text));
  });

  it('quotes at most 120 characters of a long input', () => {
    const error = thrownBy(() => parseFingerprint('x'.repeat(500)));
    expect(english(error)).toContain(`"${'x'.repeat(120)}"`);
    expect(english(error)).not.toContain('x'.repeat(121));
  });
});
