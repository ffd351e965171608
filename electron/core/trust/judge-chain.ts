import type { X509Certificate } from 'node:crypto';
import type { TrustProblem } from '../../../shared/trust';
import { isSelfSigned, issued, rfc3339 } from './certificate-info';
import { verifyHostname } from './go-hostname';
import type { RegistryName } from './registry-name';
import { readX509Fields } from './x509-fields';

export interface TrustRoots {
  /** The certificates of the registry's certs.d ca.crt (and any other *.crt there). */
  certsD: X509Certificate[];
  /** The system's CA store, which Docker (Go) trusts as well. */
  system: X509Certificate[];
}

export interface JudgeInput {
  /** As the server sent it, leaf first. */
  chain: X509Certificate[];
  name: RegistryName;
  now: Date;
  roots: TrustRoots;
  /** Certificates from --ca-file, when the user gave one. */
  caFile?: X509Certificate[];
  /** The command that would install the CA, for the fixes: `dockside trust add <registry>`. */
  addCommand: string;
}

export interface TrustJudgement {
  /** The certificate for ca.crt; null when the chain does not say which (and no file was given). */
  ca: { source: 'server' | 'file'; certificate: X509Certificate } | null;
  trustedBy: 'certs.d' | 'system' | null;
  /** Most decisive first, in the order Go checks: leaf validity, host name, then the chain. */
  problems: TrustProblem[];
}

const UNKNOWN_AUTHORITY = 'x509: certificate signed by unknown authority';

/**
 * Judges a registry's chain as Docker (Go's crypto/x509) would when it connects to `name`,
 * and picks the certificate that belongs in ca.crt: the self-signed root the server sends (or
 * the self-signed leaf itself), else the CA from --ca-file.
 */
export function judgeChain(input: JudgeInput): TrustJudgement {
  const { chain, name, now } = input;
  const leaf = chain[0];
  if (leaf === undefined) throw new Error('judgeChain: the chain is empty');
  const path = issuerPath(chain);
  const top = path[path.length - 1] ?? leaf;
  const problems: TrustProblem[] = [];

  const leafValidity = validityProblem(leaf, 0, now);
  if (leafValidity) problems.push(leafValidity);
  const hostname = verifyHostname(readX509Fields(leaf.raw), name);
  if (!hostname.ok) problems.push(hostnameProblem(hostname.code, hostname.dockerError, leaf, name));

  path.slice(1).forEach((cert, i) => {
    const index = chain.indexOf(cert);
    const validity = validityProblem(cert, index, now);
    if (validity) problems.push(validity);
    const refusal = signingRefusal(cert, cert !== top || !isSelfSigned(cert));
    if (refusal) problems.push(issuerNotCa(cert, index, path[i] ?? leaf, refusal));
  });

  const anchor = anchorOf(path, input.roots);
  // Go skips a root that is not valid now: the chain ends up with that root's validity error.
  const anchorValidity = anchor && !path.some((cert) => cert.fingerprint256 === anchor.root.fingerprint256) ? validityProblem(anchor.root, null, now) : null;
  if (anchorValidity) problems.push(anchorValidity);
  const trustedBy = anchor && !anchorValidity ? anchor.by : null;
  let ca: TrustJudgement['ca'] = null;
  if (input.caFile !== undefined) {
    const fromFile = caFromFile(path, input.caFile);
    if (fromFile) {
      ca = { source: 'file', certificate: fromFile };
      const validity = validityProblem(fromFile, null, now);
      if (validity && !path.includes(fromFile)) problems.push(validity);
    } else {
      problems.push(caFileMismatch(top));
    }
  } else if (isSelfSigned(top)) {
    ca = { source: 'server', certificate: top };
  } else if (trustedBy === null) {
    const unlinked = chain.filter((cert) => !path.includes(cert));
    problems.push(unlinked.length > 0 ? chainIncomplete(top, chain.indexOf(top), unlinked) : caNotSent(top, chain.indexOf(top), input.addCommand));
  }
  if (trustedBy === null && !anchorValidity) problems.push(unknownAuthority(ca?.certificate ?? null, input.addCommand));
  return { ca, trustedBy, problems };
}

/** Leaf, then each issuer the server sent (in any order, as Go pools them), up to a self-signed one. */
function issuerPath(chain: X509Certificate[]): X509Certificate[] {
  const [leaf, ...pool] = chain;
  if (leaf === undefined) return [];
  const path = [leaf];
  for (let current = leaf; !isSelfSigned(current); ) {
    const parent = pool.find((candidate) => !path.includes(candidate) && issued(candidate, current));
    if (parent === undefined) break;
    path.push(parent);
    current = parent;
  }
  return path;
}

/** Go trusts a chain when a member is itself a root, or is issued by a root that may sign. */
function anchorOf(path: X509Certificate[], roots: TrustRoots): { root: X509Certificate; by: 'certs.d' | 'system' } | null {
  const anchorIn = (pool: X509Certificate[]): X509Certificate | undefined =>
    pool.find((root) => path.some((cert) => root.fingerprint256 === cert.fingerprint256 || (issued(root, cert) && signingRefusal(root, false) === null)));
  const fromCertsD = anchorIn(roots.certsD);
  if (fromCertsD) return { root: fromCertsD, by: 'certs.d' };
  const fromSystem = anchorIn(roots.system);
  return fromSystem ? { root: fromSystem, by: 'system' } : null;
}

/**
 * Why Go would not accept `cert`'s signature on another certificate, or null. CheckSignatureFrom
 * refuses a v3 parent without basicConstraints, one with CA:FALSE, and one whose keyUsage lacks
 * keyCertSign; an intermediate (not a trusted root) must also say CA:TRUE.
 */
function signingRefusal(cert: X509Certificate, intermediate: boolean): string | null {
  const fields = readX509Fields(cert.raw);
  if (fields.basicConstraintsCa === false) return 'it is not a CA certificate (basicConstraints CA:FALSE)';
  if (fields.basicConstraintsCa === null && (fields.version === 3 || intermediate)) return 'it has no basicConstraints extension, so it may not sign certificates';
  if (fields.keyCertSign === false) return 'its keyUsage lacks keyCertSign';
  return null;
}

/** The file's certificate that is a member of the chain (the highest) or issued its top. */
function caFromFile(path: X509Certificate[], file: X509Certificate[]): X509Certificate | null {
  for (const member of [...path].reverse()) {
    const same = file.find((cert) => cert.fingerprint256 === member.fingerprint256);
    if (same) return same;
  }
  const top = path[path.length - 1];
  return (top && file.find((cert) => issued(cert, top))) ?? null;
}

function label(cert: X509Certificate): string {
  const cn = readX509Fields(cert.raw).commonName;
  return cn === null ? `the certificate with subject "${cert.subject.replace(/\n/g, ', ')}"` : `"${cn}"`;
}

function validityProblem(cert: X509Certificate, index: number | null, now: Date): TrustProblem | null {
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  if (now < notBefore) {
    return {
      code: 'not-yet-valid',
      certificate: index,
      explanation: `${label(cert)} is valid only from ${rfc3339(notBefore)}; it is ${rfc3339(now)} now. Either the certificate was issued with a start date in the future or this computer's clock is behind.`,
      dockerError: `x509: certificate has expired or is not yet valid: current time ${goLocalTime(now)} is before ${rfc3339(notBefore)}`,
      fix: "Check this computer's date and time; if they are right, ask the registry's administrator to issue the certificate again.",
    };
  }
  if (now > notAfter) {
    return {
      code: 'expired',
      certificate: index,
      explanation: `${label(cert)} expired on ${rfc3339(notAfter)}. Docker refuses an expired certificate even from a CA it trusts, so trusting its CA does not help.`,
      dockerError: `x509: certificate has expired or is not yet valid: current time ${goLocalTime(now)} is after ${rfc3339(notAfter)}`,
      fix: "Ask the registry's administrator to renew the certificate (and to install the new one in the registry or its reverse proxy). If this computer's clock is ahead, correct it.",
    };
  }
  return null;
}

function hostnameProblem(code: Extract<TrustProblem['code'], 'legacy-common-name' | 'no-ip-sans' | 'name-mismatch' | 'no-dns-names'>, dockerError: string, leaf: X509Certificate, name: RegistryName): TrustProblem {
  const fields = readX509Fields(leaf.raw);
  const reissue = `Ask the registry's administrator to issue the certificate again with subjectAltName ${name.kind === 'dns' ? `DNS:${name.host}` : `IP:${name.host}`} (openssl: -addext "subjectAltName=${name.kind === 'dns' ? 'DNS' : 'IP'}:${name.host}").`;
  const explanations: Record<typeof code, string> = {
    'legacy-common-name': `The certificate names ${name.host} only in its Common Name (CN) and has no subjectAltName. Docker (Go 1.15 and later) ignores the CN, so it finds no name to match. Trusting the CA does not fix this.`,
    'no-ip-sans': `You connect by IP address (${name.host}), and Docker matches an IP only against the certificate's IP subjectAltNames; this certificate has none${fields.dnsNames.length > 0 ? ` (only DNS names: ${fields.dnsNames.join(', ')})` : ''}.`,
    'name-mismatch': `The certificate is for ${[...fields.dnsNames, ...fields.ipAddresses].join(', ')}, not for ${name.host}, the name you use. Docker checks the name you type against the certificate's subjectAltNames.`,
    'no-dns-names': `The certificate has no DNS name in its subjectAltName${fields.ipAddresses.length > 0 ? ` (only IP addresses: ${fields.ipAddresses.join(', ')})` : ''}, so Docker cannot match ${name.host} against it. Docker matches a host name only against DNS subjectAltNames.`,
  };
  const alternative =
    code === 'name-mismatch' || code === 'no-dns-names' || code === 'no-ip-sans'
      ? [...fields.dnsNames.filter((dns) => !dns.startsWith('*')), ...fields.ipAddresses].slice(0, 1).map((other) => ` Or use a name the certificate has, e.g. ${other}${name.port === undefined ? '' : `:${name.port}`}.`)
      : [];
  return { code, certificate: 0, explanation: explanations[code], dockerError, fix: reissue + (alternative[0] ?? '') };
}

function issuerNotCa(cert: X509Certificate, index: number, child: X509Certificate, why: string): TrustProblem {
  return {
    code: 'issuer-not-ca',
    certificate: index,
    explanation: `${label(cert)} signed ${label(child)}, but ${why}; Go refuses a signature from a certificate that may not sign others.`,
    dockerError: `${UNKNOWN_AUTHORITY} (possibly because of "x509: invalid signature: parent certificate cannot sign this kind of certificate" while trying to verify candidate authority certificate "${goCertName(cert)}")`,
    fix: "Ask the registry's administrator to issue the CA certificate again with basicConstraints=critical,CA:TRUE and keyUsage=critical,keyCertSign,cRLSign, or to serve a certificate signed by a real CA.",
  };
}

/** time.Now().Format(time.RFC3339) in Go: local time with its offset, `Z` in UTC. */
function goLocalTime(date: Date): string {
  const offset = -date.getTimezoneOffset();
  if (offset === 0) return rfc3339(date);
  const local = rfc3339(new Date(date.getTime() + offset * 60_000)).slice(0, -1);
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${local}${offset > 0 ? '+' : '-'}${hours}:${minutes}`;
}

/** How Go's UnknownAuthorityError names a candidate: its CN, else its first O, else its serial in decimal. */
function goCertName(cert: X509Certificate): string {
  const cn = readX509Fields(cert.raw).commonName;
  if (cn) return cn;
  const organization = /^O=(.*)$/m.exec(cert.subject)?.[1];
  return organization || `serial:${BigInt(`0x${cert.serialNumber}`).toString()}`;
}

function caFileMismatch(top: X509Certificate): TrustProblem {
  return {
    code: 'ca-file-mismatch',
    certificate: null,
    explanation: `The certificate in the --ca-file did not issue the registry's certificate: the chain ends at ${label(top)}, issued by "${top.issuer.replace(/\n/g, ', ')}", and no certificate of the file is that issuer or a member of the chain.`,
    dockerError: UNKNOWN_AUTHORITY,
    fix: "Get the CA certificate that issued this registry's certificate from its administrator (the issuer named above), or check that you asked the right registry.",
  };
}

function chainIncomplete(top: X509Certificate, index: number, unlinked: X509Certificate[]): TrustProblem {
  return {
    code: 'chain-incomplete',
    certificate: index,
    explanation: `The server sends ${unlinked.map(label).join(', ')} as well, but not the intermediate certificate "${top.issuer.replace(/\n/g, ', ')}" that issued ${label(top)}, so the chain does not link up. Docker does not fetch missing intermediates.`,
    dockerError: UNKNOWN_AUTHORITY,
    fix: "Ask the registry's administrator to serve the full chain (nginx: ssl_certificate with the server certificate followed by its intermediates), or give the missing intermediate or the root with --ca-file.",
  };
}

function caNotSent(top: X509Certificate, index: number, addCommand: string): TrustProblem {
  return {
    code: 'ca-not-sent',
    certificate: index,
    explanation: `The server does not send the CA that issued ${label(top)} ("${top.issuer.replace(/\n/g, ', ')}"), and neither this system nor certs.d knows it, so Dockside cannot tell which certificate belongs in ca.crt.`,
    dockerError: null,
    fix: `Ask the registry's administrator for that CA certificate (a .crt or .pem file) and run: ${addCommand} --ca-file <file>`,
  };
}

function unknownAuthority(ca: X509Certificate | null, addCommand: string): TrustProblem {
  return {
    code: 'unknown-authority',
    certificate: null,
    explanation: "Docker does not trust the CA behind this certificate: it is neither in this registry's certs.d directory nor in the system's CA store. Docker refuses such a registry.",
    dockerError: UNKNOWN_AUTHORITY,
    fix:
      ca === null
        ? `Get the CA certificate from the registry's administrator and run: ${addCommand} --ca-file <file>`
        : `Compare the fingerprint ${ca.fingerprint256} with the one your registry's administrator gives you, then run: ${addCommand} --fingerprint sha256:${ca.fingerprint256.replace(/:/g, '')}`,
  };
}
