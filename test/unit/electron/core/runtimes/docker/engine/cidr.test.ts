import { describe, expect, it } from 'vitest';
import { canonicalCidr, networkContains, parseCidr } from '../../../../../../../electron/core/runtimes/docker/engine/cidr';

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
  it.each(['host:5000', 'registry.example.com', '10.0.0.0', '10.0.0.0/33', '10.0.0.0/x', '10.0.0.0/', '10.0.0.0/-1', '10.0.0.0/+8', '10.0.0.0/ 8', '2001:db8::/129', '256.0.0.0/8', 'host/8', '10.0.0.0/8/8', ''])(
    '%j is not a CIDR',
    (text) => {
      expect(canonicalCidr(text)).toBeUndefined();
    },
  );
});

describe('parseCidr: Go\'s grammar, where ipaddr.js alone is looser', () => {
  it.each(['10.1/8', '010.0.0.1/8', '0x0a.0.0.1/8', '::ffff:010.0.0.1/120', '::ffff:0x0a.0.0.1/104', 'fe80::1%eth0/64', '[fd00::]/8', ' 10.0.0.0/8'])('%j is not a CIDR dockerd accepts', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  it('gives the network and prefix, an IPv4-mapped network as IPv4', () => {
    const v4 = parseCidr('10.1.2.3/8');
    expect(v4?.address.toString()).toBe('10.0.0.0');
    expect(v4?.prefix).toBe(8);
    const mapped = parseCidr('::ffff:10.0.0.1/120');
    expect(mapped?.address.kind()).toBe('ipv4');
    expect(mapped?.prefix).toBe(24);
    expect(parseCidr('fd00::/8')?.address.kind()).toBe('ipv6');
  });
});

describe('networkContains (Go\'s IPNet.Contains)', () => {
  const network = (text: string) => {
    const parsed = parseCidr(text);
    if (parsed === undefined) throw new Error(`${text} did not parse`);
    return parsed;
  };

  it('matches addresses inside the network only', () => {
    expect(networkContains(network('10.0.0.0/8'), '10.200.3.4')).toBe(true);
    expect(networkContains(network('10.0.0.0/8'), '11.0.0.1')).toBe(false);
    expect(networkContains(network('fd00::/8'), 'fd12::5')).toBe(true);
    expect(networkContains(network('fd00::/8'), 'fe80::1')).toBe(false);
  });

  it('never matches across families, and counts an IPv4-mapped address or network as IPv4', () => {
    expect(networkContains(network('10.0.0.0/8'), 'fd00::1')).toBe(false);
    expect(networkContains(network('::/0'), '10.0.0.1')).toBe(false);
    expect(networkContains(network('10.0.0.0/8'), '::ffff:10.0.0.1')).toBe(true);
    expect(networkContains(network('::ffff:10.0.0.0/104'), '10.9.9.9')).toBe(true);
  });

  it('is false for what is not an IP address', () => {
    expect(networkContains(network('0.0.0.0/0'), 'registry.example')).toBe(false);
    expect(networkContains(network('0.0.0.0/0'), '10.1')).toBe(false);
  });
});
