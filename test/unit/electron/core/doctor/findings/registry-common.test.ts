import { describe, expect, it } from 'vitest';
import { isInsecureRegistry } from '../../../../../../electron/core/doctor/findings/registry-common';

describe('isInsecureRegistry', () => {
  it('matches a host entry, with or without http://', () => {
    expect(isInsecureRegistry(['nexus.example:8082'], 'nexus.example:8082')).toBe(true);
    expect(isInsecureRegistry(['http://nexus.example:8082'], 'nexus.example:8082')).toBe(true);
    expect(isInsecureRegistry(['nexus.example:8082'], 'nexus.example:8083')).toBe(false);
  });

  it('matches an IP registry inside a CIDR entry, IPv4 and IPv6', () => {
    expect(isInsecureRegistry(['10.0.0.0/8'], '10.1.2.3:5000')).toBe(true);
    expect(isInsecureRegistry(['10.0.0.0/8'], '192.168.1.5:5000')).toBe(false);
    expect(isInsecureRegistry(['fd00::/8'], '[fd00::5]:5000')).toBe(true);
    expect(isInsecureRegistry(['fd00::/8'], '10.1.2.3:5000')).toBe(false);
  });

  it('treats 127.0.0.0/8 and localhost as insecure, as dockerd does', () => {
    expect(isInsecureRegistry([], '127.0.0.1:5000')).toBe(true);
    expect(isInsecureRegistry([], 'localhost:5000')).toBe(true);
    expect(isInsecureRegistry([], '10.0.0.1:5000')).toBe(false);
  });

  it('does not resolve host names: a CIDR never covers a name', () => {
    expect(isInsecureRegistry(['0.0.0.0/0'], 'nexus.example:8082')).toBe(false);
  });

  it('ignores entries that are not CIDRs dockerd accepts instead of failing', () => {
    expect(isInsecureRegistry(['10.0.0.0/33', '10.1/8', 'fe80::1%eth0/64', ''], '10.0.0.1:5000')).toBe(false);
  });
});
