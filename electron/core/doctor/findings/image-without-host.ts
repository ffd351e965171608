import { msg } from '../../../../shared/message';
import type { Detector } from './finding';
import { finding, isConfiguredMirror } from './registry-common';

/** Whether the first path component of an image reference names a registry host (as the docker CLI decides it). */
export function imageHasHost(image: string): boolean {
  const slash = image.indexOf('/');
  if (slash === -1) return false;
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost';
}

/** What Docker makes of a reference without a host: `app:1` -> `docker.io/library/app:1`. */
export function dockerHubName(image: string): string {
  return image.includes('/') ? `docker.io/${image}` : `docker.io/library/${image}`;
}

/**
 * The user asked about an image named without a registry host while examining a registry:
 * Docker sends it to Docker Hub, never to that registry.
 */
export const imageWithoutHost: Detector = {
  id: 'image-without-host',
  detect(evidence) {
    const image = evidence.image?.trim();
    const registry = evidence.registry;
    if (!image || registry === null || imageHasHost(image)) return null;
    // A Docker Hub name pulled through the examined registry as a mirror is right.
    if (isConfiguredMirror(evidence.local, registry.registry)) return null;
    const hub = dockerHubName(image);
    const named = `${registry.registry}/${image}`;
    const repository = (image.split('@')[0] ?? image).replace(/:[^/]*$/, '');
    // verbatim: the docker CLI's error for an image it cannot pull
    const denied = `Error response from daemon: pull access denied for ${repository}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
    const params = { image, registry: registry.registry, hub, named, error: denied };
    return finding({
      id: 'image-without-host',
      severity: 'warning',
      title: msg('doctor.image-without-host.title', params),
      explanation: msg('doctor.image-without-host.explanation', params),
      evidence: [{ kind: 'command', source: image, detail: hub, text: msg('doctor.evidence.image-without-host') }],
      fix: msg('doctor.image-without-host.fix', params),
      command: null,
    });
  },
};
