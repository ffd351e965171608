import { msg } from '../../../../shared/message';
import type { Detector } from './finding';
import { mirrorItems, mirrorsWithStatus } from './hosted-as-mirror';
import { finding } from './registry-common';

/**
 * A configured mirror that asks for login: Docker reaches mirrors without the user's
 * credentials (never sends a registry's login to a mirror), so it never gets an image from it.
 */
export const mirrorRefusesAnonymous: Detector = {
  id: 'mirror-refuses-anonymous',
  detect(evidence) {
    const bad = mirrorsWithStatus(evidence, ['auth-required']);
    if (bad.length === 0) return null;
    const urls = bad.map((result) => result.url);
    return finding({
      id: 'mirror-refuses-anonymous',
      severity: 'error',
      title: msg('doctor.mirror-refuses-anonymous.title', { urls: urls.join(', ') }),
      explanation: msg('doctor.mirror-refuses-anonymous.explanation', { urls: urls.join(', ') }),
      evidence: bad.flatMap((result) => mirrorItems(evidence, result)),
      fix: msg('doctor.mirror-refuses-anonymous.fix'),
      command: null,
    });
  },
};
