import type { EvidenceItem } from '../../../../shared/doctor';
import { msg } from '../../../../shared/message';
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
      const items: EvidenceItem[] = [
        {
          kind: 'tls',
          source: `TLS ${tls.address}`,
          detail: '',
          text: msg('doctor.evidence.leaf-certificate', { subject, notBefore: leaf.notBefore, notAfter: leaf.notAfter, fingerprint: leaf.fingerprintSha256 }),
        },
      ];
      if (expiredProblem) items.push({ kind: 'tls', source: `TLS ${tls.address}`, detail: expiredProblem.dockerError === null ? expiredProblem.code : `${expiredProblem.code}: ${expiredProblem.dockerError}` });
      const dockerError = expiredProblem?.dockerError ?? 'x509: certificate has expired or is not yet valid'; // verbatim: Go's crypto/x509 error
      const count = Math.max(0, Math.floor(daysLeft));
      const params = { registry: tls.registry, address: tls.address, notAfter: leaf.notAfter, error: dockerError, count };
      const state = expired ? 'expired' : 'expiring';
      return finding({
        id: 'certificate-expiring',
        severity: expired ? 'error' : 'warning',
        title: msg(`doctor.certificate-expiring.title.${state}`, params),
        explanation: msg(`doctor.certificate-expiring.explanation.${state}`, params),
        evidence: items,
        fix: msg(`doctor.certificate-expiring.fix.${state}`, params),
        command: null,
      });
    },
  };
}

export const certificateExpiringDetector: Detector = certificateExpiring(() => new Date());
export default certificateExpiringDetector;
