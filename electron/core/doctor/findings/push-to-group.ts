import { msg } from '../../../../shared/message';
import type { Detector } from './finding';
import { finding, httpItem } from './registry-common';

/** Nexus's GroupHandler.INSUFFICIENT_LICENSE, as OSS/CE answers a write to a group repository. */
export const GROUP_DEPLOY_DENIED = 'Deploying to groups is a PRO-licensed feature'; // verbatim: Nexus's own answer

/**
 * The push target is a Nexus group: the push probe's upload was refused with Nexus's
 * `denied: Deploying to groups is a PRO-licensed feature` (400/403), or with 405 (a group's
 * handler takes only GET and HEAD). A Distribution registry in read-only mode also answers 405,
 * but with the `UNSUPPORTED` error code: that one is left alone.
 */
export const pushToGroup: Detector = {
  id: 'push-to-group',
  detect(evidence) {
    const registry = evidence.registry;
    const start = registry?.push?.start;
    if (!registry || !start) return null;
    const denied = (start.status === 400 || start.status === 403) && start.body.includes(GROUP_DEPLOY_DENIED);
    const notAllowed = start.status === 405 && start.method === 'PUT' && !start.body.includes('UNSUPPORTED');
    if (!denied && !notAllowed) return null;
    const repo = registry.repository ?? '<repository>';
    const params = { registry: registry.registry, target: `${registry.registry}/${repo}`, repo, error: GROUP_DEPLOY_DENIED };
    return finding({
      id: 'push-to-group',
      severity: 'error',
      title: msg('doctor.push-to-group.title', params),
      explanation: msg(denied ? 'doctor.push-to-group.explanation.denied' : 'doctor.push-to-group.explanation.not-allowed', params),
      evidence: [httpItem(start, { headers: ['server', 'content-type'], body: true })],
      fix: msg('doctor.push-to-group.fix', params),
      command: null,
    });
  },
};
