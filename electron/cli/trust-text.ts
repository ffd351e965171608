import type { CertificateInfo, TrustInspectJson, TrustListJson, TrustProblem } from '../../shared/trust';
import type { Output } from './output';

/** `trust inspect` and `trust list` in words (--json prints the documents instead). */

export function printInspection(out: Output, inspection: TrustInspectJson): void {
  const m = out.messages;
  out.text(`${m.registry}: ${inspection.registry} (${m.connectedTo} ${inspection.address}${inspection.tlsVersion ? `, ${inspection.tlsVersion}` : ''})`);
  out.text(`${m.chain}:`);
  inspection.chain.forEach((cert, index) => printCertificate(out, cert, `${index}. `));
  const trusted = inspection.trustedBy === 'certs.d' ? `${m.trustedByCertsD} (${inspection.caPath})` : inspection.trustedBy === 'system' ? m.trustedBySystem : m.notTrusted;
  out.text(`${m.trusted}: ${trusted}`);
  if (inspection.ca) {
    const { certificate, source } = inspection.ca;
    out.text(`${m.caForFile}: ${oneLine(certificate.subject)} (${source === 'server' ? m.fromServer : m.fromFile})`);
    out.text(`  ${m.fingerprint}=${certificate.fingerprintSha256}`);
    if (inspection.trustedBy === null) {
      out.text(`  ${m.installWith}: dockside trust add ${inspection.registry} --fingerprint sha256:${certificate.fingerprintSha256.replace(/:/g, '')}`);
    }
  } else {
    out.text(`${m.caForFile}: ${m.noCa}`);
  }
  printProblems(out, inspection.problems);
}

export function printProblems(out: Output, problems: readonly TrustProblem[]): void {
  const m = out.messages;
  if (problems.length === 0) {
    out.text(`${m.problems}: ${m.noProblems}`);
    return;
  }
  out.text(`${m.problems}:`);
  for (const problem of problems) {
    out.text(`  - [${problem.code}] ${problem.explanation}`);
    if (problem.dockerError) out.text(`    ${m.dockerSays}: ${problem.dockerError}`);
    out.text(`    ${m.fix}: ${problem.fix}`);
  }
}

export function printList(out: Output, list: TrustListJson): void {
  const m = out.messages;
  out.text(`${m.trustedRegistries} ${list.certsDir}:${list.registries.length === 0 ? ` ${m.noTrusted}` : ''}`);
  for (const registry of list.registries) {
    out.text(`  ${registry.registry}  ${registry.path}`);
    if (registry.error) out.text(`    ${registry.error.message} [${registry.error.code}]`);
    for (const cert of registry.certificates) {
      out.text(`    ${oneLine(cert.subject)}, ${m.expires} ${cert.notAfter}, ${m.fingerprint}=${cert.fingerprintSha256}`);
    }
  }
}

function printCertificate(out: Output, cert: CertificateInfo, prefix: string): void {
  const m = out.messages;
  const role = [cert.isCa ? m.caCert : m.leaf, ...(cert.selfSigned ? [m.selfSigned] : [])].join(', ');
  const indent = ' '.repeat(prefix.length + 2);
  out.text(`  ${prefix}${oneLine(cert.subject)} (${role})`);
  out.text(`${indent}${m.issuer}: ${oneLine(cert.issuer)}`);
  const names = [...cert.dnsNames.map((name) => `DNS:${name}`), ...cert.ipAddresses.map((ip) => `IP:${ip}`)];
  out.text(`${indent}${m.names}: ${cert.hasSubjectAltName ? names.join(', ') || m.none : m.noSan}${cert.commonName ? `; ${m.commonName}: ${cert.commonName}` : ''}`);
  out.text(`${indent}${m.valid}: ${cert.notBefore} ${m.validTo} ${cert.notAfter}`);
  const key = `${cert.publicKey.type}${cert.publicKey.bits === null ? '' : ` ${cert.publicKey.bits}`}${cert.publicKey.curve ? ` (${cert.publicKey.curve})` : ''}`;
  out.text(`${indent}${m.key}: ${key}, ${m.signature} ${cert.signatureAlgorithm}`);
  out.text(`${indent}${m.fingerprint}=${cert.fingerprintSha256}`);
}

/** Node writes a distinguished name one attribute a line. */
function oneLine(name: string): string {
  return name.split('\n').join(', ');
}
