import { msg } from '../../../../shared/message';
import type { Detector } from './finding';
import { finding, httpItem } from './registry-common';

/** What `docker push` prints when the HEAD after a blob's upload is answered 404 (distribution's ErrBlobUnknown). */
export const UNKNOWN_BLOB = 'unknown blob'; // verbatim: distribution's ErrBlobUnknown text

/** nginx routing that keeps the split and sends the HEAD after an upload where the blob went (upstreams named as in Nexus). */
// verbatim: nginx configuration
export const NGINX_FIX = 'map "$request_method $uri" $backend { default nexus_hosted; "~^GET " nexus_group; "~^HEAD /v2/.+/manifests/" nexus_group; }';

/**
 * One hostname whose pushes and pulls reach different backends, and the pull side does not see
 * what the push side stored: the probe blob was uploaded (PUT 201) and the HEAD that follows,
 * as Docker's blob writer sends it after each upload, was answered 404 by the same front. That
 * is the nginx GET/HEAD-to-group, PUT/POST/PATCH/DELETE-to-hosted split whose group lacks the
 * hosted repository: every `docker push` ends with "unknown blob".
 */
export const splitPullLacksHosted: Detector = {
  id: 'split-pull-lacks-hosted',
  detect(evidence) {
    const registry = evidence.registry;
    const blob = registry?.push?.blob;
    const stored = blob?.stored.at(-1);
    if (!registry || !blob || !stored || stored.status !== 201 || blob.after?.status !== 404) return null;
    const repo = registry.repository ?? '<repository>';
    const name = registry.registry;
    const params = { registry: name, target: `${name}/${repo}`, error: UNKNOWN_BLOB, nginx: NGINX_FIX };
    return finding({
      id: 'split-pull-lacks-hosted',
      severity: 'error',
      title: msg('doctor.split-pull-lacks-hosted.title', params),
      explanation: msg('doctor.split-pull-lacks-hosted.explanation', params),
      evidence: [httpItem(stored), httpItem(blob.after, { headers: ['server', 'docker-distribution-api-version'], body: true })],
      fix: msg('doctor.split-pull-lacks-hosted.fix', params),
      command: null,
    });
  },
};
