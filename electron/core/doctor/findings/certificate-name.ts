import type { TrustProblem } from '../../../../shared/trust';
import { tlsItem } from './ca-unknown';
import type { Detector } from './finding';
import { finding, hostOf } from './registry-common';

const NAME_PROBLEMS = new Set<TrustProblem['code']>(['legacy-common-name', 'name-mismatch', 'no-dns-names', 'no-ip-sans']);

/**
 * The certificate does not name the host Docker connects to: no subjectAltName at all (only a
 * CN, refused since Go 1.15), SANs for other names, no DNS SANs, or no IP SANs for an IP.
 * Trusting a CA does not fix any of these: the certificate must be issued again.
 */
export const certificateName: Detector = {
  id: 'certificate-name',
  detect(evidence) {
    const registry = evidence.registry;
    const tls = registry?.tls;
    if (!registry || !tls) return null;
    const problems = tls.problems.filter((problem) => NAME_PROBLEMS.has(problem.code));
    const first = problems[0];
    if (!first) return null;
    const dockerError = first.dockerError ?? first.explanation;
    const host = hostOf(tls.registry);
    const san = /^[0-9.]+$/.test(host) || host.includes(':') ? `IP:${host}` : `DNS:${host}`;
    const cnOnly = first.code === 'legacy-common-name';
    return finding({
      id: 'certificate-name',
      severity: 'error',
      title: {
        en: cnOnly ? `The certificate of ${tls.registry} has only a Common Name, no subjectAltName` : `The certificate of ${tls.registry} does not name ${host}`,
        'zh-CN': cnOnly ? `${tls.registry} 的证书只有 CN，没有 subjectAltName` : `${tls.registry} 的证书不包含 ${host}`,
      },
      explanation: {
        en: `Docker checks the host name only against the certificate's subjectAltName entries (never the CN, since Go 1.15), so it refuses ${tls.address} with "${dockerError}". Trusting the CA does not help: the certificate itself must name ${host}.`,
        'zh-CN': `Docker 只用证书的 subjectAltName 校验主机名（自 Go 1.15 起不再使用 CN），因此访问 ${tls.address} 时报错 "${dockerError}"。信任 CA 无法解决这个问题：证书本身必须包含 ${host}。`,
      },
      evidence: problems.map((problem) => tlsItem(tls, problem)),
      fix: {
        en: `Ask the registry's administrator to issue the certificate again with subjectAltName=${san} (openssl: -addext "subjectAltName=${san}") and install it in the registry or its reverse proxy. Or connect with a name the certificate carries.`,
        'zh-CN': `请仓库管理员重新签发证书，加上 subjectAltName=${san}（openssl 参数：-addext "subjectAltName=${san}"），并部署到仓库或其反向代理上。或者改用证书中已有的名称访问。`,
      },
      command: null,
    });
  },
};
