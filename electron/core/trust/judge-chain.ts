import type { X509Certificate } from 'node:crypto';
import { msg } from '../../../shared/message';
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
  /** Where `caFile` came from when not a file the user named: a URL (`--ca-url`), or a label (a profile's PEM); the mismatch names it. */
  caFileFrom?: { url: string } | { label: string };
  /** Issuers the server did not send, fetched through the leaf's AIA caIssuers URLs: they complete the path but are no member of `chain`. */
  issuers?: X509Certificate[];
  /** The command that would install the CA, for the fixes: `dockside trust add <registry>`. */
  addCommand: string;
}

export interface TrustJudgement {
  /** The certificate for ca.crt; null when the chain does not say which (and no file was given). */
  ca: { source: 'server' | 'file' | 'aia'; certificate: X509Certificate } | null;
  trustedBy: 'certs.d' | 'system' | null;
  /** Most decisive first, in the order Go checks: leaf validity, host name, then the chain. */
  problems: TrustProblem[];
}

const UNKNOWN_AUTHORITY = 'x509: certificate signed by unknown authority'; // verbatim: Go's crypto/x509 error text, quoted to the user

/**
 * Judges a registry's chain as Docker (Go's crypto/x509) would when it connects to `name`,
 * and picks the certificate that belongs in ca.crt: the self-signed root the server sends (or
 * the self-signed leaf itself), else the CA from --ca-file.
 */
export function judgeChain(input: JudgeInput): TrustJudgement {
  const { chain, name, now } = input;
  const leaf = chain[0];
  if (leaf === undefined) throw new Error('judgeChain: the chain is empty'); // verbatim: a programming error, only ever common.error.internal's detail
  const issuers = input.issuers ?? [];
  const path = issuerPath(chain, issuers);
  // A fetched issuer has no place in what the server sent: its problems concern the chain as a whole.
  const indexOf = (cert: X509Certificate): number | null => (chain.includes(cert) ? chain.indexOf(cert) : null);
  const top = path[path.length - 1] ?? leaf;
  const problems: TrustProblem[] = [];

  const leafValidity = validityProblem(leaf, 0, now);
  if (leafValidity) problems.push(leafValidity);
  const hostname = verifyHostname(readX509Fields(leaf.raw), name);
  if (!hostname.ok) problems.push(hostnameProblem(hostname.code, hostname.dockerError, leaf, name));

  path.slice(1).forEach((cert, i) => {
    const index = indexOf(cert);
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
      problems.push(caFileMismatch(top, input.caFileFrom));
    }
  } else if (isSelfSigned(top)) {
    ca = { source: issuers.includes(top) ? 'aia' : 'server', certificate: top };
  } else if (trustedBy === null) {
    const unlinked = chain.filter((cert) => !path.includes(cert));
    problems.push(unlinked.length > 0 ? chainIncomplete(top, indexOf(top), unlinked) : caNotSent(top, indexOf(top), input.addCommand));
  }
  if (trustedBy === null && !anchorValidity) problems.push(unknownAuthority(ca?.certificate ?? null, input.addCommand));
  return { ca, trustedBy, problems };
}

/** Leaf, then each issuer the server sent (in any order, as Go pools them) or AIA found, up to a self-signed one. */
function issuerPath(chain: X509Certificate[], issuers: X509Certificate[]): X509Certificate[] {
  const [leaf, ...sent] = chain;
  const pool = [...sent, ...issuers];
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

type SigningRefusal = 'ca-false' | 'no-basic-constraints' | 'no-key-cert-sign';

/**
 * Why Go would not accept `cert`'s signature on another certificate, or null. CheckSignatureFrom
 * refuses a v3 parent without basicConstraints, one with CA:FALSE, and one whose keyUsage lacks
 * keyCertSign; an intermediate (not a trusted root) must also say CA:TRUE.
 */
function signingRefusal(cert: X509Certificate, intermediate: boolean): SigningRefusal | null {
  const fields = readX509Fields(cert.raw);
  if (fields.basicConstraintsCa === false) return 'ca-false';
  if (fields.basicConstraintsCa === null && (fields.version === 3 || intermediate)) return 'no-basic-constraints';
  if (fields.keyCertSign === false) return 'no-key-cert-sign';
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

/** A certificate as the explanations name it, quoted: its CN, else its whole subject on one line. */
function label(cert: X509Certificate): string {
  return `"${readX509Fields(cert.raw).commonName ?? oneLine(cert.subject)}"`;
}

function oneLine(name: string): string {
  return name.replace(/\n/g, ', ');
}

function validityProblem(cert: X509Certificate, index: number | null, now: Date): TrustProblem | null {
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  if (now < notBefore) {
    return {
      code: 'not-yet-valid',
      certificate: index,
      explanation: msg('tls.problem.not-yet-valid', { cert: label(cert), notBefore: rfc3339(notBefore), now: rfc3339(now) }),
      dockerError: `x509: certificate has expired or is not yet valid: current time ${goLocalTime(now)} is before ${rfc3339(notBefore)}`, // verbatim: Go's crypto/x509 error text
      fix: msg('tls.fix.check-clock'),
    };
  }
  if (now > notAfter) {
    return {
      code: 'expired',
      certificate: index,
      explanation: msg('tls.problem.expired', { cert: label(cert), notAfter: rfc3339(notAfter) }),
      dockerError: `x509: certificate has expired or is not yet valid: current time ${goLocalTime(now)} is after ${rfc3339(notAfter)}`, // verbatim: Go's crypto/x509 error text
      fix: msg('tls.fix.renew'),
    };
  }
  return null;
}

function hostnameProblem(code: Extract<TrustProblem['code'], 'legacy-common-name' | 'no-ip-sans' | 'name-mismatch' | 'no-dns-names'>, dockerError: string, leaf: X509Certificate, name: RegistryName): TrustProblem {
  const fields = readX509Fields(leaf.raw);
  const host = name.host;
  const explanations: Record<typeof code, TrustProblem['explanation']> = {
    'legacy-common-name': msg('tls.problem.legacy-common-name', { host }),
    'no-ip-sans': fields.dnsNames.length > 0 ? msg('tls.problem.no-ip-sans.dns-only', { host, names: fields.dnsNames.join(', ') }) : msg('tls.problem.no-ip-sans', { host }),
    'name-mismatch': msg('tls.problem.name-mismatch', { host, names: [...fields.dnsNames, ...fields.ipAddresses].join(', ') }),
    'no-dns-names': fields.ipAddresses.length > 0 ? msg('tls.problem.no-dns-names.ip-only', { host, addresses: fields.ipAddresses.join(', ') }) : msg('tls.problem.no-dns-names', { host }),
  };
  const san = `${name.kind === 'dns' ? 'DNS' : 'IP'}:${host}`;
  const other = code === 'legacy-common-name' ? undefined : [...fields.dnsNames.filter((dns) => !dns.startsWith('*')), ...fields.ipAddresses][0];
  const fix = other === undefined ? msg('tls.fix.reissue-san', { san }) : msg('tls.fix.reissue-san-or-name', { san, name: `${other}${name.port === undefined ? '' : `:${name.port}`}` });
  return { code, certificate: 0, explanation: explanations[code], dockerError, fix };
}

function issuerNotCa(cert: X509Certificate, index: number | null, child: X509Certificate, why: SigningRefusal): TrustProblem {
  return {
    code: 'issuer-not-ca',
    certificate: index,
    explanation: msg(`tls.problem.issuer-not-ca.${why}`, { cert: label(cert), child: label(child) }),
    // verbatim: Go's crypto/x509 error text
    dockerError: `${UNKNOWN_AUTHORITY} (possibly because of "x509: invalid signature: parent certificate cannot sign this kind of certificate" while trying to verify candidate authority certificate "${goCertName(cert)}")`,
    fix: msg('tls.fix.reissue-ca'),
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

function caFileMismatch(top: X509Certificate, from: JudgeInput['caFileFrom']): TrustProblem {
  const params = { cert: label(top), issuer: oneLine(top.issuer) };
  const explanation =
    from === undefined
      ? msg('tls.problem.ca-file-mismatch', params)
      : 'url' in from
        ? msg('tls.problem.ca-file-mismatch.url', { ...params, url: from.url })
        : msg('tls.problem.ca-file-mismatch.given', { ...params, label: from.label });
  return {
    code: 'ca-file-mismatch',
    certificate: null,
    explanation,
    dockerError: UNKNOWN_AUTHORITY,
    fix: msg('tls.fix.ca-file-mismatch'),
  };
}

function chainIncomplete(top: X509Certificate, index: number | null, unlinked: X509Certificate[]): TrustProblem {
  return {
    code: 'chain-incomplete',
    certificate: index,
    explanation: msg('tls.problem.chain-incomplete', { sent: unlinked.map(label).join(', '), issuer: oneLine(top.issuer), cert: label(top) }),
    dockerError: UNKNOWN_AUTHORITY,
    fix: msg('tls.fix.chain-incomplete'),
  };
}

function caNotSent(top: X509Certificate, index: number | null, addCommand: string): TrustProblem {
  return {
    code: 'ca-not-sent',
    certificate: index,
    explanation: msg('tls.problem.ca-not-sent', { cert: label(top), issuer: oneLine(top.issuer) }),
    dockerError: null,
    fix: msg('tls.fix.ca-not-sent', { command: addCommand }),
  };
}

function unknownAuthority(ca: X509Certificate | null, addCommand: string): TrustProblem {
  return {
    code: 'unknown-authority',
    certificate: null,
    explanation: msg('tls.problem.unknown-authority'),
    dockerError: UNKNOWN_AUTHORITY,
    fix:
      ca === null
        ? msg('tls.fix.unknown-authority.ca-file', { command: addCommand })
        : msg('tls.fix.unknown-authority.fingerprint', { command: addCommand, fingerprint: ca.fingerprint256, pin: `sha256:${ca.fingerprint256.replace(/:/g, '')}` }),
  };
}
