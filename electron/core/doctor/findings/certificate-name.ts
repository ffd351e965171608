import { msg } from '../../../../shared/message';
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
    const host = hostOf(tls.registry);
    const san = /^[0-9.]+$/.test(host) || host.includes(':') ? `IP:${host}` : `DNS:${host}`;
    const params = { registry: tls.registry, address: tls.address, host, san, error: first.dockerError ?? first.code };
    return finding({
      id: 'certificate-name',
      severity: 'error',
      title: msg(first.code === 'legacy-common-name' ? 'doctor.certificate-name.title.cn-only' : 'doctor.certificate-name.title', params),
      explanation: msg('doctor.certificate-name.explanation', params),
      evidence: problems.map((problem) => tlsItem(tls, problem)),
      fix: msg('doctor.certificate-name.fix', params),
      command: null,
    });
  },
};
