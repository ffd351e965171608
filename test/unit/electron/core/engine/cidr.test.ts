import { describe, expect, it } from 'vitest';
import { canonicalCidr } from '../../../../../electron/core/engine/cidr';

// Expected values are what Go's net.ParseCIDR + (*net.IPNet).String print, which is what
// dockerd reports in `docker info` .RegistryConfig.InsecureRegistryCIDRs.
describe('canonicalCidr (IPv4)', () => {
  it('keeps only the network part of the address', () => {
    expect(canonicalCidr('10.1.2.3/8')).toBe('10.0.0.0/8');
    expect(canonicalCidr('192.168.1.77/24')).toBe('192.168.1.0/24');
    expect(canonicalCidr('172.16.200.9/12')).toBe('172.16.0.0/12');
    expect(canonicalCidr('192.168.1.77/26')).toBe('192.168.1.64/26');
  });

  it('handles the extreme prefixes /0 and /32', () => {
    expect(canonicalCidr('10.1.2.3/0')).toBe('0.0.0.0/0');
    expect(canonicalCidr('10.1.2.3/32')).toBe('10.1.2.3/32');
  });

  it('accepts a prefix written with a leading zero, as Go does', () => {
    expect(canonicalCidr('10.1.2.3/08')).toBe('10.0.0.0/8');
  });
});

describe('canonicalCidr (IPv6, RFC 5952 like Go)', () => {
  it('masks and compresses the longest zero run', () => {
    expect(canonicalCidr('2001:db8::1/32')).toBe('2001:db8::/32');
    expect(canonicalCidr('fd00:1:2:3::/64')).toBe('fd00:1:2:3::/64');
    expect(canonicalCidr('fd00:1:2:3:4:5:6:7/64')).toBe('fd00:1:2:3::/64');
    expect(canonicalCidr('::1/128')).toBe('::1/128');
    expect(canonicalCidr('::/0')).toBe('::/0');
    expect(canonicalCidr('2001:db8:1234:5678::9/0')).toBe('::/0');
  });

  it('writes lower case without leading zeros', () => {
    expect(canonicalCidr('FD00::/8')).toBe('fd00::/8');
    expect(canonicalCidr('2001:0DB8:0000:0000:0000:0000:0000:0001/128')).toBe('2001:db8::1/128');
    expect(canonicalCidr('2001:0db8:0000::0001/64')).toBe('2001:db8::/64');
  });

  it('leaves a single zero group uncompressed and compresses the first of two equal runs', () => {
    expect(canonicalCidr('2001:db8:0:1:1:1:1:1/128')).toBe('2001:db8:0:1:1:1:1:1/128');
    expect(canonicalCidr('2001:db8:0:0:1:0:0:1/128')).toBe('2001:db8::1:0:0:1/128');
    expect(canonicalCidr('1:0:0:2:0:0:0:3/128')).toBe('1:0:0:2::3/128');
  });

  it('masks inside a group', () => {
    expect(canonicalCidr('2001:db8:abcd::/24')).toBe('2001:d00::/24');
    expect(canonicalCidr('2001:db8:abcd::/20')).toBe('2001::/20');
  });

  it('prints an IPv4-mapped network the way Go does: as IPv4 with the prefix minus 96', () => {
    // Go: ParseCIDR("::ffff:10.0.0.1/120") -> IPNet{::ffff:10.0.0.0, 120 ones}; IPNet.String()
    // takes IP.To4() and the last 4 mask bytes (networkNumberAndMask), so dockerd reports 10.0.0.0/24.
    expect(canonicalCidr('::ffff:10.0.0.1/120')).toBe('10.0.0.0/24');
    expect(canonicalCidr('::ffff:10.0.0.1/128')).toBe('10.0.0.1/32');
    expect(canonicalCidr('::ffff:10.0.0.1/96')).toBe('0.0.0.0/0');
  });
});

describe('canonicalCidr (not a CIDR)', () => {
  it.each(['host:5000', 'registry.example.com', '10.0.0.0', '10.0.0.0/33', '10.0.0.0/x', '10.0.0.0/', '10.0.0.0/-1', '2001:db8::/129', '256.0.0.0/8', 'host/8', '10.0.0.0/8/8', ''])(
    '%j is not a CIDR',
    (text) => {
      expect(canonicalCidr(text)).toBeUndefined();
    },
  );
});
