import { describe, expect, it } from 'vitest';
import { TrustProblemCodeSchema } from '../../../../../shared/trust';
import { type CertificateNames, matchHostnames, verifyHostname } from '../../../../../electron/core/trust/go-hostname';
import { parseRegistryName, type RegistryName } from '../../../../../electron/core/trust/registry-name';

/**
 * The cases follow Go's crypto/x509 Certificate.VerifyHostname and HostnameError.Error
 * (verify.go), whose text is what `docker pull` prints.
 */

interface Names {
  cn?: string | null;
  dns?: string[];
  ips?: string[];
  /** Defaults to "has DNS or IP SANs". */
  san?: boolean;
}

function cert({ cn = null, dns = [], ips = [], san }: Names): CertificateNames {
  return { commonName: cn, dnsNames: dns, ipAddresses: ips, hasSubjectAltName: san ?? (dns.length > 0 || ips.length > 0) };
}

const verify = (names: Names, typed: string) => verifyHostname(cert(names), parseRegistryName(typed));

const LEGACY = 'x509: certificate relies on legacy Common Name field, use SANs instead';

describe('verifyHostname: DNS names', () => {
  it('matches a DNS SAN exactly, whatever the port', () => {
    expect(verify({ dns: ['reg.example'] }, 'reg.example')).toEqual({ ok: true });
    expect(verify({ dns: ['reg.example'] }, 'reg.example:5000')).toEqual({ ok: true });
    expect(verify({ dns: ['other.example', 'reg.example'] }, 'https://reg.example:443/')).toEqual({ ok: true });
  });

  it('is case-insensitive', () => {
    expect(verify({ dns: ['Reg.EXAMPLE'] }, 'reg.example')).toEqual({ ok: true });
    expect(verify({ dns: ['reg.example'] }, 'REG.Example')).toEqual({ ok: true });
    expect(verify({ dns: ['*.EXAMPLE.com'] }, 'Nexus.example.COM')).toEqual({ ok: true });
  });

  it('a leftmost "*" label matches exactly one label', () => {
    expect(verify({ dns: ['*.example.com'] }, 'a.example.com')).toEqual({ ok: true });
    expect(verify({ dns: ['*.example.com'] }, 'nexus-01.example.com:8443')).toEqual({ ok: true });
    expect(verify({ dns: ['*.example.com'] }, 'example.com')).toEqual({
      ok: false,
      code: 'name-mismatch',
      dockerError: 'x509: certificate is valid for *.example.com, not example.com',
    });
    expect(verify({ dns: ['*.example.com'] }, 'a.b.example.com')).toEqual({
      ok: false,
      code: 'name-mismatch',
      dockerError: 'x509: certificate is valid for *.example.com, not a.b.example.com',
    });
    expect(verify({ dns: ['*.example.com'] }, 'a.example.org').ok).toBe(false);
  });

  it('a "*" that is not the whole leftmost label is no wildcard', () => {
    for (const [pattern, host] of [
      ['a*.example.com', 'ab.example.com'],
      ['a*.example.com', 'a.example.com'],
      ['*a.example.com', 'ba.example.com'],
      ['f*o.example.com', 'foo.example.com'],
      ['a.*.example.com', 'a.b.example.com'],
      ['*.*.example.com', 'a.b.example.com'],
      ['*', 'localhost'],
      ['*.', 'localhost'],
    ] as const) {
      expect(verify({ dns: [pattern] }, host), `${pattern} vs ${host}`).toEqual({
        ok: false,
        code: 'name-mismatch',
        dockerError: `x509: certificate is valid for ${pattern}, not ${host}`,
      });
    }
  });

  it('a pattern that is not a valid host name still matches its exact text (Go\'s matchExactly)', () => {
    // parseRegistryName refuses a "*" (as Docker's reference parser would), so the name is built by hand:
    // this is what Go does for a ServerName with the same literal text.
    const literal: RegistryName = { host: 'a*.example.com', port: undefined, kind: 'dns', dirName: 'a*.example.com' };
    expect(verifyHostname(cert({ dns: ['A*.Example.com'] }), literal)).toEqual({ ok: true });
    expect(verifyHostname(cert({ dns: ['b*.example.com'] }), literal).ok).toBe(false);
  });

  it('a SAN with a trailing dot is no valid pattern and so does not match the name without it', () => {
    expect(verify({ dns: ['reg.example.'] }, 'reg.example')).toEqual({
      ok: false,
      code: 'name-mismatch',
      dockerError: 'x509: certificate is valid for reg.example., not reg.example',
    });
  });

  it('a name never matches an IP SAN, nor the CN when there are SANs', () => {
    expect(verify({ cn: 'reg.example', ips: ['10.0.0.5'] }, 'reg.example').ok).toBe(false);
    expect(verify({ cn: 'reg.example', dns: ['other.example'] }, 'reg.example')).toEqual({
      ok: false,
      code: 'name-mismatch',
      dockerError: 'x509: certificate is valid for other.example, not reg.example',
    });
  });
});

describe('verifyHostname: IP addresses', () => {
  it('matches an IPv4 SAN', () => {
    expect(verify({ ips: ['10.0.0.5'] }, '10.0.0.5')).toEqual({ ok: true });
    expect(verify({ dns: ['reg.example'], ips: ['10.0.0.1', '10.0.0.5'] }, '10.0.0.5:5000')).toEqual({ ok: true });
  });

  it('compares IPv6 addresses as addresses, not as text', () => {
    expect(verify({ ips: ['fd00::5'] }, '[fd00::5]')).toEqual({ ok: true });
    expect(verify({ ips: ['fd00::5'] }, '[fd00:0:0:0:0:0:0:5]:5000')).toEqual({ ok: true });
    expect(verify({ ips: ['fd00:0000:0000:0000:0000:0000:0000:0005'] }, '[FD00::5]')).toEqual({ ok: true });
    expect(verify({ ips: ['::1'] }, '[0:0:0:0:0:0:0:1]')).toEqual({ ok: true });
    expect(verify({ ips: ['fd00::5'] }, '[fd00::6]').ok).toBe(false);
  });

  it('an IPv4 address equals its IPv4-mapped IPv6 form (Go\'s IP.Equal), but not the IPv4-compatible one', () => {
    expect(verify({ ips: ['::ffff:10.0.0.1'] }, '10.0.0.1')).toEqual({ ok: true });
    expect(verify({ ips: ['10.0.0.1'] }, '[::ffff:10.0.0.1]')).toEqual({ ok: true });
    expect(verify({ ips: ['10.0.0.1'] }, '[::ffff:a00:1]')).toEqual({ ok: true });
    expect(verify({ ips: ['::10.0.0.1'] }, '10.0.0.1').ok).toBe(false);
    expect(verify({ ips: ['10.0.0.1'] }, '[::a00:1]').ok).toBe(false);
  });

  it('an IP never matches a DNS SAN of the same text', () => {
    expect(verify({ dns: ['10.0.0.5'] }, '10.0.0.5')).toEqual({
      ok: false,
      code: 'no-ip-sans',
      dockerError: "x509: cannot validate certificate for 10.0.0.5 because it doesn't contain any IP SANs",
    });
    expect(verify({ dns: ['fd00::5'] }, '[fd00::5]')).toEqual({
      ok: false,
      code: 'no-ip-sans',
      dockerError: "x509: cannot validate certificate for fd00::5 because it doesn't contain any IP SANs",
    });
  });
});

describe('verifyHostname: the error Docker prints (HostnameError.Error)', () => {
  it('legacy-common-name: no SAN extension, and the CN would match the name', () => {
    for (const [names, typed] of [
      [{ cn: 'reg.example' }, 'reg.example'],
      [{ cn: 'reg.example' }, 'reg.example:5000'],
      [{ cn: 'REG.Example' }, 'reg.example'],
      [{ cn: '*.example' }, 'reg.example'],
      [{ cn: '10.0.0.5' }, '10.0.0.5'],
    ] as const) {
      expect(verify(names, typed), `${names.cn} vs ${typed}`).toEqual({ ok: false, code: 'legacy-common-name', dockerError: LEGACY });
    }
  });

  it('no legacy-common-name once there is a SAN extension, even one with neither DNS names nor IPs', () => {
    expect(verify({ cn: 'reg.example', san: true }, 'reg.example')).toEqual({
      ok: false,
      code: 'no-dns-names',
      dockerError: 'x509: certificate is not valid for any names, but wanted to match reg.example',
    });
    expect(verify({ cn: '10.0.0.5', dns: ['reg.example'] }, '10.0.0.5')).toMatchObject({ ok: false, code: 'no-ip-sans' });
  });

  it('no-ip-sans: an IP typed and no IP SAN (SANs with names only, or no SAN and another CN)', () => {
    const expected = { ok: false, code: 'no-ip-sans', dockerError: "x509: cannot validate certificate for 10.0.0.5 because it doesn't contain any IP SANs" };
    expect(verify({ dns: ['reg.example'] }, '10.0.0.5')).toEqual(expected);
    expect(verify({ dns: ['reg.example'] }, '10.0.0.5:5000')).toEqual(expected);
    expect(verify({ cn: 'reg.example' }, '10.0.0.5')).toEqual(expected);
    expect(verify({ cn: '10.0.0.6' }, '10.0.0.5')).toEqual(expected);
    expect(verify({}, '10.0.0.5')).toEqual(expected);
  });

  it('name-mismatch for a name: lists the DNS SANs only, comma separated, and the name without its port', () => {
    expect(verify({ dns: ['a.example', 'b.example'] }, 'c.example')).toEqual({
      ok: false,
      code: 'name-mismatch',
      dockerError: 'x509: certificate is valid for a.example, b.example, not c.example',
    });
    expect(verify({ dns: ['a.example', 'b.example'], ips: ['10.0.0.1'] }, 'c.example:5000')).toEqual({
      ok: false,
      code: 'name-mismatch',
      dockerError: 'x509: certificate is valid for a.example, b.example, not c.example',
    });
  });

  it('name-mismatch for an IP: lists the IP SANs only', () => {
    expect(verify({ ips: ['10.0.0.1'] }, '10.0.0.5')).toEqual({
      ok: false,
      code: 'name-mismatch',
      dockerError: 'x509: certificate is valid for 10.0.0.1, not 10.0.0.5',
    });
    expect(verify({ dns: ['reg.example'], ips: ['10.0.0.1', 'fd00::1'] }, '10.0.0.5:5000')).toEqual({
      ok: false,
      code: 'name-mismatch',
      dockerError: 'x509: certificate is valid for 10.0.0.1, fd00::1, not 10.0.0.5',
    });
    expect(verify({ ips: ['fd00::1'] }, '[fd00::5]')).toEqual({
      ok: false,
      code: 'name-mismatch',
      dockerError: 'x509: certificate is valid for fd00::1, not fd00::5',
    });
  });

  it('no-dns-names: a name typed, and no SAN with another CN (or none), or SANs with IPs only', () => {
    const expected = { ok: false, code: 'no-dns-names', dockerError: 'x509: certificate is not valid for any names, but wanted to match reg.example' };
    expect(verify({ cn: 'other.example' }, 'reg.example')).toEqual(expected);
    expect(verify({ cn: null }, 'reg.example')).toEqual(expected);
    expect(verify({ ips: ['10.0.0.5'] }, 'reg.example:5000')).toEqual(expected);
    // The CN is named only when there is no SAN extension at all.
    expect(verify({ cn: 'reg.example', ips: ['10.0.0.5'] }, 'reg.example')).toEqual(expected);
  });

  it('every code it gives is a trust problem code', () => {
    const verdicts = [verify({ cn: 'reg.example' }, 'reg.example'), verify({}, '10.0.0.5'), verify({ dns: ['a.example'] }, 'b.example'), verify({}, 'b.example')];
    const codes = verdicts.map((verdict) => (verdict.ok ? null : TrustProblemCodeSchema.parse(verdict.code)));
    expect(codes).toEqual(['legacy-common-name', 'no-ip-sans', 'name-mismatch', 'no-dns-names']);
  });
});

describe('matchHostnames (Go)', () => {
  it('ignores one trailing dot of the host, never of the pattern', () => {
    expect(matchHostnames('reg.example', 'reg.example.')).toBe(true);
    expect(matchHostnames('reg.example.', 'reg.example')).toBe(false);
  });

  it('matches nothing with an empty pattern or host', () => {
    expect(matchHostnames('', '')).toBe(false);
    expect(matchHostnames('', 'reg.example')).toBe(false);
    expect(matchHostnames('reg.example', '')).toBe(false);
    expect(matchHostnames('*', '.')).toBe(false);
  });
});
