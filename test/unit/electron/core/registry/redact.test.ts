import { describe, expect, it } from 'vitest';
import { BLANK, redactSecrets, secretForms } from '../../../../../electron/core/registry/redact';

const PASSWORD = 'S3cret Pa55:w/rd!';

describe('secretForms', () => {
  it('lists the secret as it is, URL-encoded both ways, JSON-escaped, upper- and lower-cased', () => {
    const forms = secretForms(PASSWORD);
    for (const form of [
      PASSWORD,
      encodeURIComponent(PASSWORD),
      'S3cret+Pa55%3Aw%2Frd%21',
      PASSWORD.toUpperCase(),
      PASSWORD.toLowerCase(),
      encodeURIComponent(PASSWORD).toUpperCase(),
      encodeURIComponent(PASSWORD).toLowerCase(),
    ]) {
      expect(forms).toContain(form);
    }
    expect(secretForms('say "hi"\\')).toContain('say \\"hi\\"\\\\');
    expect(secretForms('')).toEqual([]);
  });
});

describe('redactSecrets', () => {
  it('blanks the secret in every form a server may echo it, ignoring case', () => {
    const echoes = [
      PASSWORD,
      encodeURIComponent(PASSWORD),
      new URLSearchParams({ password: PASSWORD }).toString(),
      PASSWORD.toUpperCase(),
      PASSWORD.toLowerCase(),
      encodeURIComponent(PASSWORD).toLowerCase(),
      'S3CRET%20pa55%3aW%2FRD!',
      JSON.stringify({ message: `bad password ${PASSWORD}` }),
    ];
    for (const echo of echoes) {
      const text = redactSecrets(`the server said: ${echo} (end)`, [PASSWORD]);
      expect(text, echo).toContain(BLANK);
      expect(text.toLowerCase()).not.toContain('s3cret');
      expect(text).toMatch(/^the server said: /);
      expect(text).toMatch(/ \(end\)$/);
    }
  });

  it('blanks a form whose length changes with its case (ß upper-cased is SS)', () => {
    expect(redactSecrets('MASSE and maße', ['maße'])).toBe(`${BLANK} and ${BLANK}`);
  });

  it('treats regular-expression characters in a secret literally', () => {
    expect(redactSecrets('a.*b and aXXb', ['a.*b'])).toBe(`${BLANK} and aXXb`);
    expect(redactSecrets('(x|y) [z] {1} ^$ \\ /', ['(x|y)', '[z]', '{1}', '^$', '\\', '/'])).toBe(`${BLANK} ${BLANK} ${BLANK} ${BLANK} ${BLANK} ${BLANK}`);
  });

  it('blanks several secrets, the longest form first, and leaves other text alone', () => {
    const base64 = Buffer.from(`dev:${PASSWORD}`).toString('base64');
    expect(redactSecrets(`Basic ${base64} for ${PASSWORD}`, [PASSWORD, base64])).toBe(`Basic ${BLANK} for ${BLANK}`);
    expect(redactSecrets('nothing secret here', [PASSWORD])).toBe('nothing secret here');
    expect(redactSecrets('nothing secret here', ['', ''])).toBe('nothing secret here');
  });
});
