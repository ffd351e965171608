import type { CertificateInfo, TrustInspectJson, TrustListJson, TrustProblem } from '../../shared/trust';
import type { Output } from './output';

/** `trust inspect` and `trust list` in words (--json prints the documents instead). */

export function printInspection(out: Output, inspection: TrustInspectJson): void {
  const { t } = out;
  const { registry, address, tlsVersion } = inspection;
  out.text(tlsVersion ? t('cli.trust.registry-tls', { registry, address, tls: tlsVersion }) : t('cli.trust.registry', { registry, address }));
  out.text(t('cli.trust.chain'));
  inspection.chain.forEach((cert, index) => printCertificate(out, cert, `${index}. `));
  if (inspection.trustedBy === 'certs.d') out.text(t('cli.trust.trusted.certs-d', { path: inspection.caPath }));
  else out.text(t(inspection.trustedBy === 'system' ? 'cli.trust.trusted.system' : 'cli.trust.trusted.no'));
  if (inspection.ca) {
    const { certificate, source } = inspection.ca;
    const subject = oneLine(certificate.subject);
    if (source === 'aia') out.text(t('tls.aia.ca', { subject, urls: inspection.aia?.urls.join(', ') ?? '' }));
    else out.text(t(source === 'server' ? 'cli.trust.ca.server' : 'cli.trust.ca.file', { subject }));
    out.text(`  ${t('cli.trust.fingerprint', { fingerprint: certificate.fingerprintSha256 })}`);
    if (inspection.trustedBy === null) {
      out.text(`  ${t('cli.trust.install-with', { command: `dockside trust add ${registry} --fingerprint sha256:${certificate.fingerprintSha256.replace(/:/g, '')}` })}`);
    }
  } else {
    out.text(t('cli.trust.ca.none'));
    if (inspection.aia?.error) out.text(`  ${t(inspection.aia.error.key, inspection.aia.error.params)}`);
  }
  printProblems(out, inspection.problems);
}

/** Each problem: its code, the explanation, Docker's own error text quoted (users search for it), the fix. */
export function printProblems(out: Output, problems: readonly TrustProblem[]): void {
  const { t } = out;
  if (problems.length === 0) {
    out.text(t('cli.trust.problems.none'));
    return;
  }
  out.text(t('cli.trust.problems'));
  for (const problem of problems) {
    out.text(`  - [${problem.code}] ${t(problem.explanation.code, problem.explanation.params)}`);
    if (problem.dockerError) out.text(`    ${t('cli.trust.docker-says', { error: problem.dockerError })}`);
    out.text(`    ${t('cli.trust.fix', { fix: t(problem.fix.code, problem.fix.params) })}`);
  }
}

export function printList(out: Output, list: TrustListJson): void {
  const { t } = out;
  out.text(t(list.registries.length === 0 ? 'cli.trust.list.none' : 'cli.trust.list.heading', { dir: list.certsDir }));
  for (const registry of list.registries) {
    out.text(`  ${registry.registry}  ${registry.path}`);
    if (registry.error) out.text(`    ${t(registry.error.key, registry.error.params)} [${registry.error.code}]`);
    for (const cert of registry.certificates) {
      out.text(`    ${t('cli.trust.list.certificate', { subject: oneLine(cert.subject), notAfter: cert.notAfter, fingerprint: cert.fingerprintSha256 })}`);
    }
  }
}

function printCertificate(out: Output, cert: CertificateInfo, prefix: string): void {
  const { t } = out;
  const role = [t(cert.isCa ? 'cli.trust.role.ca' : 'cli.trust.role.leaf'), ...(cert.selfSigned ? [t('cli.trust.role.self-signed')] : [])].join(', ');
  const indent = ' '.repeat(prefix.length + 2);
  out.text(`  ${prefix}${oneLine(cert.subject)} (${role})`);
  out.text(`${indent}${t('cli.trust.issuer', { issuer: oneLine(cert.issuer) })}`);
  const sans = [...cert.dnsNames.map((name) => `DNS:${name}`), ...cert.ipAddresses.map((ip) => `IP:${ip}`)];
  const names = cert.hasSubjectAltName ? sans.join(', ') || t('cli.trust.names.empty') : t('cli.trust.names.no-san');
  out.text(`${indent}${cert.commonName ? t('cli.trust.names-cn', { names, cn: cert.commonName }) : t('cli.trust.names', { names })}`);
  out.text(`${indent}${t('cli.trust.valid', { from: cert.notBefore, to: cert.notAfter })}`);
  const key = `${cert.publicKey.type}${cert.publicKey.bits === null ? '' : ` ${cert.publicKey.bits}`}${cert.publicKey.curve ? ` (${cert.publicKey.curve})` : ''}`;
  out.text(`${indent}${t('cli.trust.key', { key, algorithm: cert.signatureAlgorithm })}`);
  out.text(`${indent}${t('cli.trust.fingerprint', { fingerprint: cert.fingerprintSha256 })}`);
}

/** Node writes a distinguished name one attribute a line. */
export function oneLine(name: string): string {
  return name.split('\n').join(', ');
}
