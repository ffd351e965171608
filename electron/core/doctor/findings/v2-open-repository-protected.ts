import { msg } from '../../../../shared/message';
import type { Detector } from './finding';
import { finding, httpItem } from './registry-common';

/**
 * `/v2/` answers 200 while the repository asks for authentication: Docker decides which
 * credentials to send from the challenge it met at /v2/, and with none there it sends none,
 * so even after a successful docker login a pull ends with `no basic auth credentials`.
 * Typical cause: a reverse proxy routing /v2/ to an open upstream (or answering it itself).
 */
export const v2OpenRepositoryProtected: Detector = {
  id: 'v2-open-repository-protected',
  detect(evidence) {
    const registry = evidence.registry;
    const repository = registry?.anonymousRepository;
    if (!registry || !repository || registry.ping.status !== 200 || repository.status !== 401) return null;
    const params = { registry: registry.registry, repository: registry.repository ?? '' };
    return finding({
      id: 'v2-open-repository-protected',
      severity: 'error',
      title: msg('doctor.v2-open-repository-protected.title', params),
      explanation: msg('doctor.v2-open-repository-protected.explanation', params),
      evidence: [httpItem(registry.ping, { headers: ['docker-distribution-api-version', 'server'] }), httpItem(repository, { headers: ['www-authenticate'], body: true })],
      fix: msg('doctor.v2-open-repository-protected.fix', params),
      command: null,
    });
  },
};
