import { isIPv4 } from 'node:net';
import type { TrustProblemCode } from '../../../shared/trust';
import type { RegistryName } from './registry-name';

/** The names a certificate carries, as Go's crypto/x509 reads them. */
export interface CertificateNames {
  commonName: string | null;
  dnsNames: string[];
  ipAddresses: string[];
  hasSubjectAltName: boolean;
}

export type HostnameVerdict =
  | { ok: true }
  | { ok: false; code: Extract<TrustProblemCode, 'legacy-common-name' | 'no-ip-sans' | 'name-mismatch' | 'no-dns-names'>; dockerError: string };

/**
 * Go's `Certificate.VerifyHostname` and the text of its `HostnameError`, which is what Docker
 * prints: an IP matches only IP SANs, a name only DNS SANs (a leftmost `*` matches one label),
 * and the CN is never used (Go 1.15+), only named in the error when it would have matched.
 */
export function verifyHostname(cert: CertificateNames, name: RegistryName): HostnameVerdict {
  const host = name.host;
  if (name.kind !== 'dns') {
    const wanted = canonicalIp(host);
    if (cert.ipAddresses.some((ip) => canonicalIp(ip) === wanted)) return { ok: true };
  } else if (cert.dnsNames.some((pattern) => (validHostname(pattern, true) ? matchHostnames(pattern, host) : matchExactly(pattern, host)))) {
    return { ok: true };
  }
  return { ok: false, ...hostnameError(cert, name) };
}

/** Each dockerError is Go's crypto/x509 HostnameError text, byte for byte: users search for it. */
function hostnameError(cert: CertificateNames, name: RegistryName): Omit<Extract<HostnameVerdict, { ok: false }>, 'ok'> {
  const host = name.host;
  if (!cert.hasSubjectAltName && cert.commonName !== null && matchHostnames(cert.commonName, host)) {
    return { code: 'legacy-common-name', dockerError: 'x509: certificate relies on legacy Common Name field, use SANs instead' }; // verbatim: Go's error text
  }
  if (name.kind !== 'dns') {
    if (cert.ipAddresses.length === 0) {
      return { code: 'no-ip-sans', dockerError: `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs` }; // verbatim: Go's error text
    }
    return { code: 'name-mismatch', dockerError: `x509: certificate is valid for ${cert.ipAddresses.join(', ')}, not ${host}` }; // verbatim: Go's error text
  }
  if (cert.dnsNames.length === 0) {
    return { code: 'no-dns-names', dockerError: `x509: certificate is not valid for any names, but wanted to match ${host}` }; // verbatim: Go's error text
  }
  return { code: 'name-mismatch', dockerError: `x509: certificate is valid for ${cert.dnsNames.join(', ')}, not ${host}` }; // verbatim: Go's error text
}

/** Go's matchHostnames: case-insensitive, same number of labels, `*` only as the whole first label. */
export function matchHostnames(pattern: string, host: string): boolean {
  const patternParts = pattern.toLowerCase().split('.');
  const hostParts = host.toLowerCase().replace(/\.$/, '').split('.');
  if (pattern === '' || hostParts.join('.') === '' || patternParts.length !== hostParts.length) return false;
  return patternParts.every((part, i) => (i === 0 && part === '*') || part === hostParts[i]);
}

function matchExactly(a: string, b: string): boolean {
  if (a === '' || a === '.' || b === '' || b === '.') return false;
  return a.toLowerCase() === b.toLowerCase();
}

/** Go's validHostname: letters, digits, '-' (not first), '_'; a pattern may start with a `*` label. */
function validHostname(host: string, isPattern: boolean): boolean {
  const text = isPattern ? host : host.replace(/\.$/, '');
  if (text === '' || text === '*') return false;
  return text.split('.').every((part, i) => (isPattern && i === 0 && part === '*') || /^[A-Za-z0-9_][A-Za-z0-9_-]*$/.test(part));
}

/** One spelling per address, so that 10.0.0.1 equals ::ffff:10.0.0.1 as Go's IP.Equal says. */
function canonicalIp(ip: string): string {
  const bracketed = isIPv4(ip) ? `[::ffff:${ip}]` : `[${ip}]`;
  try {
    return new URL(`http://${bracketed}/`).hostname;
  } catch {
    return ip;
  }
}
