import { msg } from '../../../../shared/message';
import type { Detector } from './finding';
import { finding, httpItem } from './registry-common';

/** What Docker prints when a 404 carries an HTML page instead of a Distribution error. */
// verbatim: the docker CLI's error for an HTML 404 page
export const HTML_404_ERROR = `error parsing HTTP 404 response body: invalid character '<' looking for beginning of value`;

/**
 * The push target is a Nexus proxy repository: the push probe's upload was answered 404 with an
 * HTML page (Nexus's error page) instead of a Distribution JSON error. Nexus's exact answer to a
 * push to a proxy is not documented (FACTS §6); the seeds show this page, so the finding says
 * "most likely".
 */
export const pushToProxy: Detector = {
  id: 'push-to-proxy',
  detect(evidence) {
    const registry = evidence.registry;
    const start = registry?.push?.start;
    if (!registry || !start || start.status !== 404) return null;
    const html = start.body.trimStart().startsWith('<') || (start.headers['content-type'] ?? '').toLowerCase().includes('text/html');
    if (!html) return null;
    const repo = registry.repository ?? '<repository>';
    const params = { registry: registry.registry, target: `${registry.registry}/${repo}`, repo, error: HTML_404_ERROR };
    return finding({
      id: 'push-to-proxy',
      severity: 'error',
      title: msg('doctor.push-to-proxy.title', params),
      explanation: msg('doctor.push-to-proxy.explanation', params),
      evidence: [httpItem(start, { headers: ['server', 'content-type'], body: true })],
      fix: msg('doctor.push-to-proxy.fix', params),
      command: null,
    });
  },
};
