import type { MessageCode, MessageParams } from '../../../shared/message';
import { DocksideError } from '../errors';

/**
 * The Docker Hub image whose manifest proves a mirror, as the Registry API names it. Mirrors
 * serve only Docker Hub (FACTS §2), so an image named with another registry's host is refused
 * rather than silently probed under the wrong name.
 */
export interface HubImage {
  /** `library/busybox`: the path between /v2/ and /manifests/. */
  repository: string;
  /** A tag (`latest`) or a digest (`sha256:...`). */
  reference: string;
  /** `library/busybox:latest` or `library/busybox@sha256:...`, for messages. */
  name: string;
}

// Distribution's reference grammar (distribution/reference regexp.go).
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** A digest safe to put in a URL path: what a manifest names is checked with this before it is requested. */
export function isDigest(value: unknown): value is string {
  return typeof value === 'string' && DIGEST.test(value);
}

/** `busybox`, `busybox:1`, `docker.io/library/busybox` or `library/busybox@sha256:...` as Docker normalises them. */
export function hubImage(image: string): HubImage {
  const quoted = JSON.stringify(image);
  const refuse = (key: MessageCode, params: MessageParams = {}): never => {
    throw new DocksideError('bad-image', key, { image: quoted, ...params });
  };
  let rest = image.trim();
  let reference = 'latest';
  let separator = ':';
  const at = rest.indexOf('@');
  if (at >= 0) {
    reference = rest.slice(at + 1);
    separator = '@';
    rest = rest.slice(0, at);
    if (!DIGEST.test(reference)) refuse('probe.error.bad-image.digest', { digest: JSON.stringify(reference) });
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      reference = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
      if (!TAG.test(reference)) refuse('probe.error.bad-image.tag', { tag: JSON.stringify(reference) });
    }
  }
  const components = rest.split('/');
  // Docker's rule: a first component with a dot or a colon, or `localhost`, is a registry host.
  const first = components[0] ?? '';
  if (components.length > 1 && (/[.:]/.test(first) || first === 'localhost')) {
    if (!HUB_HOSTS.has(first.toLowerCase())) refuse('probe.error.bad-image.other-registry', { registry: first });
    components.shift();
  }
  if (components.length === 1) components.unshift('library');
  if (!components.every((component) => PATH_COMPONENT.test(component))) refuse('probe.error.bad-image.name');
  const repository = components.join('/');
  return { repository, reference, name: `${repository}${separator}${reference}` };
}
