import { DocksideError } from '../errors';

/**
 * The public registries whose protection a profile or a typo must not weaken (issue 17): for
 * them TLS with a publicly trusted certificate is all that stands between a developer and an
 * image served by whoever sits on the network path.
 */
const PUBLIC_HOSTS: ReadonlySet<string> = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'ghcr.io',
  'quay.io',
  'gcr.io',
  'k8s.gcr.io',
  'public.ecr.aws',
  'mcr.microsoft.com',
  'registry.k8s.io',
  'nvcr.io',
]);
/** Regional Container Registry (eu.gcr.io) and every Artifact Registry (europe-docker.pkg.dev). */
const PUBLIC_SUFFIXES = ['.gcr.io', '.pkg.dev'];

/**
 * Whether a registry name (host, host:port, as in insecure-registries or a certs.d directory)
 * is one of the public registries. Case, a port and a trailing dot do not change the host; a
 * scheme or path is ignored as dockerd ignores it in insecure-registries. IP addresses and
 * CIDRs are never public here.
 */
export function isPublicRegistry(hostOrHostPort: string): boolean {
  const host = hostOf(hostOrHostPort);
  return PUBLIC_HOSTS.has(host) || PUBLIC_SUFFIXES.some((suffix) => host.endsWith(suffix) && host.length > suffix.length);
}

function hostOf(name: string): string {
  const withoutScheme = name.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  const authority = withoutScheme.split('/')[0] ?? '';
  // A bracketed IPv6 literal is an address, not a public registry's name.
  if (authority.startsWith('[')) return authority;
  const host = authority.replace(/:[0-9]*$/, '');
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

/** The refusal for weakening a public registry; `--allow-public-registry`, typed by the user, overrides it. */
export function publicRegistryRefusal(host: string, what: 'insecure' | 'ca'): DocksideError {
  return new DocksideError('public-registry', `creds.error.public-registry.${what}`, { host });
}
