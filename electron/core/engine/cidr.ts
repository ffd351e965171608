import { isIPv4, isIPv6 } from 'node:net';

/**
 * A CIDR as Go's net.IPNet prints it (network address, RFC 5952 for IPv6), so a daemon.json
 * entry like `10.1.2.3/8` can be compared with the `10.0.0.0/8` that `docker info` reports.
 * Undefined when the text is not a CIDR.
 */
export function canonicalCidr(text: string): string | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (isIPv4(address) && prefix <= 32) return `${formatV4(mask(parseV4(address), prefix, 8))}/${prefix}`;
  if (isIPv6(address) && prefix <= 128) {
    const network = mask(parseV6(address), prefix, 16);
    // Go prints an IPv4-mapped network (::ffff:a.b.c.d/96+) as the IPv4 network.
    if (prefix >= 96 && network.slice(0, 5).every((group) => group === 0) && network[5] === 0xffff) {
      const [high = 0, low = 0] = network.slice(6);
      return `${formatV4([high >> 8, high & 0xff, low >> 8, low & 0xff])}/${prefix - 96}`;
    }
    return `${formatV6(network)}/${prefix}`;
  }
  return undefined;
}

function mask(parts: number[], prefix: number, bitsPerPart: number): number[] {
  return parts.map((part, index) => {
    const keep = Math.min(Math.max(prefix - index * bitsPerPart, 0), bitsPerPart);
    const partMask = keep === 0 ? 0 : ((1 << bitsPerPart) - 1) & ~((1 << (bitsPerPart - keep)) - 1);
    return part & partMask;
  });
}

const parseV4 = (address: string): number[] => address.split('.').map(Number);
const formatV4 = (parts: number[]): string => parts.join('.');

function parseV6(address: string): number[] {
  let text = address.toLowerCase();
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = parseV4(v4[1]);
    text = text.slice(0, -v4[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/** RFC 5952: lower case, no leading zeros, the longest run (2+) of zero groups as `::`. */
function formatV6(parts: number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && parts[start + length] === 0) length++;
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
  }
  const hex = parts.map((part) => part.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
