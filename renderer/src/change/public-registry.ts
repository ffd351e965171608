import type { ErrorValue } from '../../../shared/result';
import type { DashboardChangeRequest } from '../store/dashboard';

/** The changes main refuses for a public registry unless the user allows it: a CA, or an http:// mirror marked insecure. */
export type PublicRegistryRequest = Extract<DashboardChangeRequest, { kind: 'trust-add' | 'mirrors-use' }>;

/** What the change would do to the public registry: install a CA for it, or mark it insecure. */
export type Weakening = 'ca' | 'insecure';

/**
 * A refusal the user may override with the red confirmation: main answered `public-registry` to
 * a change the user has not allowed yet. A setup is never one (a profile cannot allow it), nor a
 * change the user allowed already.
 */
export function overridablePublicRegistry(request: DashboardChangeRequest, error: ErrorValue): request is PublicRegistryRequest {
  return error.code === 'public-registry' && (request.kind === 'trust-add' || request.kind === 'mirrors-use') && request.allowPublicRegistry !== true;
}

export function weakeningOf(request: PublicRegistryRequest): Weakening {
  return request.kind === 'trust-add' ? 'ca' : 'insecure';
}

/**
 * The registries the change names as the user typed them: the one given a CA, or the host of each
 * http:// mirror (those are the ones that join insecure-registries). Which of them is public is
 * main's judgement, made again on every plan.
 */
export function namedHosts(request: PublicRegistryRequest): string[] {
  if (request.kind === 'trust-add') return [request.registry.trim()];
  const hosts = request.urls
    .map((url) => url.trim())
    .filter((url) => /^http:\/\//i.test(url))
    .map((url) => {
      try {
        return new URL(url).host;
      } catch {
        return url;
      }
    });
  return [...new Set(hosts)];
}

/** The same change, now with the user's own allowance (the CLI's --allow-public-registry): main plans it, and it still needs Apply and main's confirmation. */
export function allowPublicRegistry(request: PublicRegistryRequest): PublicRegistryRequest {
  return { ...request, allowPublicRegistry: true };
}
