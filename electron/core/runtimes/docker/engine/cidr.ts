import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * A network in CIDR form the way dockerd reads one from insecure-registries (Go's
 * net.ParseCIDR) and holds it (net.IPNet): the network address, with an IPv4-mapped IPv6
 * network (::ffff:a.b.c.d/96 and longer) as the IPv4 network it stands for. The arithmetic is
 * ipaddr.js's; the syntax is checked here first because ipaddr.js accepts addresses Go refuses
 * (10.1/8, 010.0.0.1/8, ::ffff:0x0a.0.0.1/104, zones), and a daemon.json entry Go refuses stops
 * dockerd.
 */
export interface IpNetwork {
  address: ipaddr.IPv4 | ipaddr.IPv6;
  prefix: number;
}

/** The network, or undefined when the text is not a CIDR Go accepts. */
export function parseCidr(text: string): IpNetwork | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const bits = text.slice(slash + 1);
  // node:net's isIP follows the same grammar as Go: four-part decimal IPv4 without leading zeros.
  const family = address.includes('%') ? 0 : isIP(address);
  // Go takes leading zeros in the prefix length (10.0.0.0/08).
  if (family === 0 || !/^\d{1,3}$/.test(bits) || Number(bits) > (family === 4 ? 32 : 128)) return undefined;
  const prefix = Number(bits);
  const cidr = `${address}/${prefix}`;
  if (family === 4) return { address: ipaddr.IPv4.networkAddressFromCIDR(cidr), prefix };
  const network = ipaddr.IPv6.networkAddressFromCIDR(cidr);
  if (prefix >= 96 && network.isIPv4MappedAddress()) return { address: network.toIPv4Address(), prefix: prefix - 96 };
  return { address: network, prefix };
}

/**
 * A CIDR as Go's net.IPNet prints it (RFC 5952 for IPv6), so a daemon.json entry like
 * `10.1.2.3/8` can be compared with the `10.0.0.0/8` that `docker info` reports. Undefined when
 * the text is not a CIDR.
 */
export function canonicalCidr(text: string): string | undefined {
  const network = parseCidr(text);
  if (network === undefined) return undefined;
  const address = network.address.kind() === 'ipv6' ? (network.address as ipaddr.IPv6).toRFC5952String() : network.address.toString();
  return `${address}/${network.prefix}`;
}

/** Whether the network holds the IP address, as Go's IPNet.Contains decides (an IPv4-mapped address counts as IPv4). */
export function networkContains(network: IpNetwork, ip: string): boolean {
  if (ip.includes('%') || isIP(ip) === 0) return false;
  const parsed = ipaddr.parse(ip);
  const address = parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address() : parsed;
  return address.kind() === network.address.kind() && address.match(network.address, network.prefix);
}
