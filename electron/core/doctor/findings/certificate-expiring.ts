import type { EvidenceItem } from '../../../../shared/doctor';
import type { Detector } from './finding';
import { finding } from './registry-common';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A leaf that expires within this many days is a warning. */
export const EXPIRY_WARNING_DAYS = 30;

/**
 * The registry's certificate (the leaf, chain[0]) has expired (error: Docker refuses it, even
 * from a trusted CA) or expires within 30 days (warning). `now` is a parameter so that the
 * detector stays pure.
 */
export function certificateExpiring(now: () => Date): Detector {
  return {
    id: 'certificate-expiring',
    detect(evidence) {
      const tls = evidence.registry?.tls;
      const leaf = tls?.chain[0];
      if (!tls || !leaf) return null;
      const notAfter = new Date(leaf.notAfter);
      if (Number.isNaN(notAfter.getTime())) return null;
      const at = now();
      const daysLeft = (notAfter.getTime() - at.getTime()) / DAY_MS;
      const expiredProblem = tls.problems.find((problem) => problem.code === 'expired' && problem.certificate === 0);
      const expired = daysLeft <= 0 || expiredProblem !== undefined;
      if (!expired && daysLeft > EXPIRY_WARNING_DAYS) return null;

      const subject = leaf.subject.replace(/\n/g, ', ');
      const items: EvidenceItem[] = [{ kind: 'tls', source: `TLS ${tls.address}`, detail: `certificate 0: subject ${subject}, notBefore ${leaf.notBefore}, notAfter ${leaf.notAfter}, sha256 fingerprint ${leaf.fingerprintSha256}` }];
      if (expiredProblem) items.push({ kind: 'tls', source: `TLS ${tls.address}`, detail: `expired: ${expiredProblem.dockerError ?? expiredProblem.explanation}` });
      const dockerError = expiredProblem?.dockerError ?? 'x509: certificate has expired or is not yet valid';
      const days = Math.max(0, Math.floor(daysLeft));
      return finding({
        id: 'certificate-expiring',
        severity: expired ? 'error' : 'warning',
        title: expired
          ? { en: `The certificate of ${tls.registry} has expired`, 'zh-CN': `${tls.registry} 的证书已过期` }
          : { en: `The certificate of ${tls.registry} expires in ${days} day${days === 1 ? '' : 's'}`, 'zh-CN': `${tls.registry} 的证书将在 ${days} 天后过期` },
        explanation: expired
          ? {
              en: `The certificate of ${tls.address} expired on ${leaf.notAfter}. Docker refuses an expired certificate even from a CA it trusts, so login, pull and push fail with "${dockerError}". Trusting the CA again does not help.`,
              'zh-CN': `${tls.address} 的证书已于 ${leaf.notAfter} 过期。即使 CA 受信任，Docker 也会拒绝过期的证书，login、pull 和 push 都会报错 "${dockerError}"。重新信任 CA 无济于事。`,
            }
          : {
              en: `The certificate of ${tls.address} is valid until ${leaf.notAfter}. After that, Docker refuses it with "x509: certificate has expired or is not yet valid" and every pull and push to ${tls.registry} fails.`,
              'zh-CN': `${tls.address} 的证书有效期至 ${leaf.notAfter}。过期后 Docker 会以 "x509: certificate has expired or is not yet valid" 拒绝连接，所有对 ${tls.registry} 的 pull 和 push 都会失败。`,
            },
        evidence: items,
        fix: {
          en: `Ask the registry's administrator to renew the certificate and install the new one in the registry or its reverse proxy${expired ? '' : ' before it expires'}. If it is issued by a new CA, trust that CA with dockside trust add ${tls.registry}. If this computer's clock is wrong, correct it.`,
          'zh-CN': `请仓库管理员${expired ? '' : '在到期前'}续签证书，并部署到仓库或其反向代理上。如果新证书由新的 CA 签发，请用 dockside trust add ${tls.registry} 信任该 CA。如果本机时间不对，请先校正时间。`,
        },
        command: null,
      });
    },
  };
}

export const certificateExpiringDetector: Detector = certificateExpiring(() => new Date());
export default certificateExpiringDetector;
