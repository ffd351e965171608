/**
 * WWW-Authenticate parsing (RFC 7235 §4.1): one header value may hold several challenges and
 * a server may send several header lines, so every challenge of every value is returned.
 * Registries and the proxies in front of them send sloppy headers, so anything that does not
 * parse is skipped rather than thrown: the caller decides what a missing challenge means.
 */

export interface Challenge {
  /** Lower-case: 'basic' | 'bearer' | other. */
  scheme: string;
  /** Parameter names lower-case; values unquoted. */
  params: Record<string, string>;
}

/** Every challenge in one or more WWW-Authenticate header values (undici gives a string or string[]). */
export function parseWwwAuthenticate(header: string | string[] | undefined): Challenge[] {
  if (header === undefined) return [];
  const values = Array.isArray(header) ? header : [header];
  return values.flatMap((value) => new ChallengeReader(value).readAll());
}

// RFC 7230 tchar: what a scheme or a parameter name is made of.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;
// RFC 7235 token68 (Negotiate, NTLM blobs): carries no parameters, so it is skipped.
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/;
// An unquoted value: a token by the RFC, but servers also send bare URLs (`realm=https://...`),
// which are accepted up to the next comma or blank, as lenient clients do.
const BARE_VALUE = /^[^\s,"]+/;
const BLANKS = /^[ \t]*/;

class ChallengeReader {
  private rest: string;

  constructor(value: string) {
    this.rest = value;
  }

  readAll(): Challenge[] {
    const challenges: Challenge[] = [];
    while (this.skipSeparators()) {
      const scheme = this.take(TOKEN);
      if (scheme === undefined) {
        this.skipElement();
        continue;
      }
      challenges.push({ scheme: scheme.toLowerCase(), params: this.readParams() });
    }
    return challenges;
  }

  /** The parameters after a scheme, up to the next challenge's scheme or the end. */
  private readParams(): Record<string, string> {
    // A Map, so that a parameter called `__proto__` or `constructor` is just a parameter.
    const params = new Map<string, string>();
    this.take(BLANKS);
    if (this.skipToken68()) return {};
    while (this.skipSeparators()) {
      const before = this.rest;
      const name = this.take(TOKEN);
      if (name === undefined) {
        this.skipElement();
        continue;
      }
      this.take(BLANKS);
      if (!this.rest.startsWith('=')) {
        // A token without "=" is the scheme of the next challenge.
        this.rest = before;
        break;
      }
      this.rest = this.rest.slice(1);
      this.take(BLANKS);
      const value = this.readValue();
      if (value === undefined) this.skipElement();
      // The RFC forbids repeating a parameter; the first one counts.
      else if (!params.has(name.toLowerCase())) params.set(name.toLowerCase(), value);
    }
    return Object.fromEntries(params);
  }

  /** `Negotiate abc==`: a token68 stands alone, then a comma or the end. */
  private skipToken68(): boolean {
    const match = TOKEN68.exec(this.rest);
    if (!match) return false;
    const after = this.rest.slice(match[0].length).replace(BLANKS, '');
    const standsAlone = after === '' || after.startsWith(',');
    // `realm=x` also matches TOKEN68 ("realm="), but a value follows it: not a token68.
    if (!standsAlone) return false;
    this.rest = after;
    return true;
  }

  private readValue(): string | undefined {
    if (this.rest.startsWith('"')) return this.readQuoted();
    return this.take(BARE_VALUE);
  }

  /** A quoted-string with `\` escapes; undefined when the closing quote is missing. */
  private readQuoted(): string | undefined {
    let value = '';
    for (let i = 1; i < this.rest.length; i++) {
      const char = this.rest[i];
      if (char === '"') {
        this.rest = this.rest.slice(i + 1);
        return value;
      }
      if (char === '\\' && i + 1 < this.rest.length) i++;
      value += this.rest[i];
    }
    this.rest = '';
    return undefined;
  }

  /** Skips blanks and commas (lists may hold empty elements); false at the end. */
  private skipSeparators(): boolean {
    this.rest = this.rest.replace(/^[\s,]*/, '');
    return this.rest !== '';
  }

  /** Drops an element that does not parse: everything up to the next comma outside quotes. */
  private skipElement(): void {
    const match = /^(?:[^,"]|"(?:[^"\\]|\\.)*"?)*/.exec(this.rest);
    this.rest = this.rest.slice(match?.[0].length ?? this.rest.length);
  }

  private take(pattern: RegExp): string | undefined {
    const match = pattern.exec(this.rest);
    if (!match || match[0] === '') return undefined;
    this.rest = this.rest.slice(match[0].length);
    return match[0];
  }
}
