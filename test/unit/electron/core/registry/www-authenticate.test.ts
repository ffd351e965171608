import { describe, expect, it } from 'vitest';
import { parseWwwAuthenticate } from '../../../../../electron/core/registry/www-authenticate';

describe('parseWwwAuthenticate', () => {
  it('reads the Basic challenge of Distribution and Nexus (scheme in any case)', () => {
    expect(parseWwwAuthenticate('Basic realm="Registry Realm"')).toEqual([{ scheme: 'basic', params: { realm: 'Registry Realm' } }]);
    expect(parseWwwAuthenticate('BASIC realm="Sonatype Nexus Repository Manager"')).toEqual([
      { scheme: 'basic', params: { realm: 'Sonatype Nexus Repository Manager' } },
    ]);
  });

  it('reads a Bearer challenge with commas inside quoted values', () => {
    expect(parseWwwAuthenticate('Bearer realm="https://x/token",service="a,b",scope="repository:team/app:pull,push"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://x/token', service: 'a,b', scope: 'repository:team/app:pull,push' } },
    ]);
  });

  it('lower-cases parameter names, keeps values as sent and unescapes quoted pairs', () => {
    expect(parseWwwAuthenticate('Bearer Realm="https://X/Token", SERVICE = "say \\"hi\\" \\\\ there"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://X/Token', service: 'say "hi" \\ there' } },
    ]);
  });

  it('reads token values and bare URLs without quotes', () => {
    expect(parseWwwAuthenticate('Bearer realm=https://nexus:8083/v2/token,service=nexus,error=invalid_token')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://nexus:8083/v2/token', service: 'nexus', error: 'invalid_token' } },
    ]);
  });

  it('splits several challenges in one header value', () => {
    expect(parseWwwAuthenticate('Basic realm="x", Bearer realm="y",service="s"')).toEqual([
      { scheme: 'basic', params: { realm: 'x' } },
      { scheme: 'bearer', params: { realm: 'y', service: 's' } },
    ]);
  });

  it('reads every header line undici gives as an array', () => {
    expect(parseWwwAuthenticate(['Negotiate', 'Basic realm="r"'])).toEqual([
      { scheme: 'negotiate', params: {} },
      { scheme: 'basic', params: { realm: 'r' } },
    ]);
  });

  it('keeps schemes without parameters and skips a token68 credential blob', () => {
    expect(parseWwwAuthenticate('Negotiate, NTLM TlRMTVNTUAACAAAA==, Basic realm="r"')).toEqual([
      { scheme: 'negotiate', params: {} },
      { scheme: 'ntlm', params: {} },
      { scheme: 'basic', params: { realm: 'r' } },
    ]);
  });

  it('tolerates empty list elements and blanks around "="', () => {
    expect(parseWwwAuthenticate(' ,Bearer realm = "y" ,, service="s",  ')).toEqual([{ scheme: 'bearer', params: { realm: 'y', service: 's' } }]);
  });

  it('keeps the first of a repeated parameter', () => {
    expect(parseWwwAuthenticate('Basic realm="first", realm="second"')).toEqual([{ scheme: 'basic', params: { realm: 'first' } }]);
  });

  it('treats __proto__ as an ordinary parameter name', () => {
    const [challenge] = parseWwwAuthenticate('Basic __proto__="x", constructor="y"');
    expect(Object.getPrototypeOf(challenge?.params)).toBe(Object.prototype);
    expect(Object.entries(challenge?.params ?? {})).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
  });

  it('returns nothing for a missing or empty header', () => {
    expect(parseWwwAuthenticate(undefined)).toEqual([]);
    expect(parseWwwAuthenticate('')).toEqual([]);
    expect(parseWwwAuthenticate([])).toEqual([]);
  });

  it('skips what does not parse without throwing', () => {
    expect(parseWwwAuthenticate('"quoted", Basic realm="r"')).toEqual([{ scheme: 'basic', params: { realm: 'r' } }]);
    expect(parseWwwAuthenticate('Bearer service="s", =x, "y", realm="r"')).toEqual([{ scheme: 'bearer', params: { service: 's', realm: 'r' } }]);
    expect(parseWwwAuthenticate('Bearer service="s", realm=')).toEqual([{ scheme: 'bearer', params: { service: 's' } }]);
    expect(parseWwwAuthenticate('Bearer service="s", realm="never closed')).toEqual([{ scheme: 'bearer', params: { service: 's' } }]);
    expect(parseWwwAuthenticate('=== ,,, @@@ "')).toEqual([]);
  });

  it('survives arbitrary input', () => {
    // Deterministic pseudo-random strings (a Lehmer generator), so a failure reproduces.
    const alphabet = ' ,="\\\t\n@Basicrealm=x';
    for (let seed = 1; seed <= 500; seed++) {
      let text = '';
      for (let i = 0, n = seed; i < 24; i++, n = (n * 48271) % 2147483647) text += alphabet[n % alphabet.length];
      expect(() => parseWwwAuthenticate(text)).not.toThrow();
    }
  });
});
