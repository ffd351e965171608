import { msg } from '../../../../shared/message';
import type { Detector } from './finding';
import { finding, httpItem } from './registry-common';

/**
 * Push is allowed (the upload session opened: 202) but its cancel was refused (401/403): the
 * token lacks the `delete` action, which Distribution requires for every DELETE, an upload's
 * cancel included. `docker push` never cancels, so it is not affected; only the doctor's probe
 * leaves an empty upload session for the registry to purge.
 */
export const pushCancelRefused: Detector = {
  id: 'push-cancel-refused',
  detect(evidence) {
    const registry = evidence.registry;
    const upload = registry?.push?.upload;
    const cancel = upload?.cancel;
    if (!registry || !upload || !cancel || upload.open.status !== 202 || (cancel.status !== 401 && cancel.status !== 403)) return null;
    const target = `${registry.registry}/${registry.repository ?? '<repository>'}`;
    const params = { target, status: cancel.status };
    return finding({
      id: 'push-cancel-refused',
      severity: 'info',
      title: msg('doctor.push-cancel-refused.title', params),
      explanation: msg('doctor.push-cancel-refused.explanation', params),
      evidence: [httpItem(upload.open, { headers: ['location'] }), httpItem(cancel, { headers: ['www-authenticate'], body: true })],
      fix: msg('doctor.push-cancel-refused.fix'),
      command: null,
    });
  },
};
