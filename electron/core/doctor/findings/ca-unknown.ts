import type { EvidenceItem } from '../../../../shared/doctor';
import type { TrustInspectJson, TrustProblem } from '../../../../shared/trust';
import type { Detector } from './finding';
import { finding } from './registry-common';

const UNKNOWN_AUTHORITY = 'x509: certificate signed by unknown authority';

/** A TLS judgement as evidence: where, which problem, what Docker says. */
export function tlsItem(tls: TrustInspectJson, problem: TrustProblem): EvidenceItem {
  const cert = problem.certificate === null ? undefined : tls.chain[problem.certificate];
  const about = cert ? `; certificate ${problem.certificate}: subject ${cert.subject.replace(/\n/g, ', ')}, issuer ${cert.issuer.replace(/\n/g, ', ')}` : '';
  return { kind: 'tls', source: `TLS ${tls.address}`, detail: `${problem.code}: ${problem.dockerError ?? problem.explanation}${about}` };
}

/**
 * Docker does not trust the CA behind the registry's certificate: not in certs.d, not in the
 * system store (`unknown-authority`), or the server does not even send it (`ca-not-sent`).
 * When the CA is known (sent by the server), `dockside trust add --fingerprint` installs it.
 */
export const caUnknown: Detector = {
  id: 'ca-unknown',
  detect(evidence) {
    const registry = evidence.registry;
    const tls = registry?.tls;
    if (!registry || !tls) return null;
    const problems = tls.problems.filter((problem) => problem.code === 'unknown-authority' || problem.code === 'ca-not-sent');
    if (problems.length === 0) return null;
    const ca = tls.ca?.certificate ?? null;
    const top = tls.chain[tls.chain.length - 1];
    const issuer = (top?.issuer ?? '').replace(/\n/g, ', ');
    const items: EvidenceItem[] = problems.map((problem) => tlsItem(tls, problem));
    if (ca) items.push({ kind: 'tls', source: `TLS ${tls.address}`, detail: `CA: ${ca.subject.replace(/\n/g, ', ')}, sha256 fingerprint ${ca.fingerprintSha256} (${tls.ca?.source === 'server' ? 'sent by the server' : 'from a file'})` });
    const command = ca ? `dockside trust add ${tls.registry} --fingerprint sha256:${ca.fingerprintSha256.replace(/:/g, '')}` : null;
    return finding({
      id: 'ca-unknown',
      severity: 'error',
      title: {
        en: `Docker does not trust the CA of ${tls.registry}`,
        'zh-CN': `Docker 不信任 ${tls.registry} 的 CA 证书`,
      },
      explanation: {
        en: `The certificate of ${tls.address} is issued by ${issuer ? `"${issuer}"` : 'a CA'} that is neither in ${tls.caPath} nor in the system's CA store, so docker login, pull and push fail with "${UNKNOWN_AUTHORITY}".${ca ? '' : ' The server does not send that CA, so it must come from its administrator as a file.'}`,
        'zh-CN': `${tls.address} 的证书由 ${issuer ? `"${issuer}"` : '某个 CA'} 签发，而该 CA 既不在 ${tls.caPath} 中，也不在系统的 CA 证书库中，因此 docker login、pull 和 push 都会报错 "${UNKNOWN_AUTHORITY}"。${ca ? '' : '服务器没有发送该 CA 证书，需要向管理员索取证书文件。'}`,
      },
      evidence: items,
      fix: ca
        ? {
            en: `Compare the fingerprint ${ca.fingerprintSha256} with the one your registry's administrator gives you, then install the CA into ${tls.caPath} (no Docker restart needed on Linux).`,
            'zh-CN': `先将指纹 ${ca.fingerprintSha256} 与仓库管理员提供的指纹核对，然后把该 CA 安装到 ${tls.caPath}（Linux 上无需重启 Docker）。`,
          }
        : {
            en: `Ask the registry's administrator for the CA certificate (a .crt or .pem file) and run: dockside trust add ${tls.registry} --ca-file <file>`,
            'zh-CN': `向仓库管理员索取 CA 证书文件（.crt 或 .pem），然后执行：dockside trust add ${tls.registry} --ca-file <文件>`,
          },
      command,
      action: ca ? { kind: 'trust-add', registry: tls.registry, fingerprint: ca.fingerprintSha256 } : null,
    });
  },
};
