import { msg } from '../../../../shared/message';
import type { Detector } from './finding';
import { finding, httpItem, registryExchanges } from './registry-common';

/**
 * A 429 from the registry: Nexus 3.96 answers `429 Too many authentication attempts` after 3
 * failed logins for a username and blocks that user for 15 minutes (FACTS §6). Every further
 * attempt with a wrong password only extends the trouble, so the fix is to wait, never to retry.
 */
export const tooManyAttempts: Detector = {
  id: 'too-many-attempts',
  detect(evidence) {
    const registry = evidence.registry;
    if (!registry) return null;
    const locked = registryExchanges(evidence).filter((exchange) => exchange.status === 429);
    if (locked.length === 0) return null;
    const params = { registry: registry.registry };
    return finding({
      id: 'too-many-attempts',
      severity: 'error',
      title: msg('doctor.too-many-attempts.title', params),
      explanation: msg('doctor.too-many-attempts.explanation'),
      evidence: locked.map((exchange) => httpItem(exchange, { headers: ['retry-after'], body: true })),
      fix: msg('doctor.too-many-attempts.fix', params),
      command: null,
    });
  },
};
