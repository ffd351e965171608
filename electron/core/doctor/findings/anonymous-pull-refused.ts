import { msg } from '../../../../shared/message';
import type { Detector } from './finding';
import { finding, httpItem, isConfiguredMirror } from './registry-common';

/**
 * A client without credentials cannot pull: the anonymous token request answered 401/403, the
 * anonymous token it gave is refused for the repository (a token that grants nothing), or the
 * /v2/ challenge is Basic only (no token realm at all). On Nexus that is the "Docker Bearer
 * Token Realm" left inactive, or "Allow anonymous docker pull" off (FACTS §6). A warning for a
 * registry the user logs in to; an error for a configured mirror, which Docker always reaches
 * without credentials.
 */
export const anonymousPullRefused: Detector = {
  id: 'anonymous-pull-refused',
  detect(evidence) {
    const registry = evidence.registry;
    if (!registry) return null;
    const token = registry.anonymousToken;
    const tokenRefused = token !== null && (token.status === 401 || token.status === 403);
    const basicOnly = registry.challenges.length > 0 && registry.challenges.some((c) => c.scheme === 'basic') && !registry.challenges.some((c) => c.scheme === 'bearer');
    const repository = registry.anonymousRepository;
    const tokenUseless = token !== null && token.status === 200 && repository !== null && (repository.status === 401 || repository.status === 403);
    if (!tokenRefused && !basicOnly && !tokenUseless) return null;

    const mirror = isConfiguredMirror(evidence.local, registry.registry);
    const items = [httpItem(registry.ping, { headers: ['www-authenticate'] })];
    if ((tokenRefused || tokenUseless) && token) items.push(httpItem(token, { headers: ['www-authenticate'], body: tokenRefused }));
    if (tokenUseless && repository) items.push(httpItem(repository, { headers: ['www-authenticate'], body: true }));
    const why = tokenRefused ? 'token-refused' : tokenUseless ? 'token-useless' : 'basic-only';
    const params = { registry: registry.registry, status: (tokenUseless ? repository?.status : token?.status) ?? '', repository: registry.repository ?? '' };
    return finding({
      id: 'anonymous-pull-refused',
      severity: mirror ? 'error' : 'warning',
      title: msg(mirror ? 'doctor.anonymous-pull-refused.title.mirror' : 'doctor.anonymous-pull-refused.title', params),
      explanation: msg(`doctor.anonymous-pull-refused.explanation.${why}${mirror ? '.mirror' : ''}` as const, params),
      evidence: items,
      fix: msg(mirror ? 'doctor.anonymous-pull-refused.fix.mirror' : 'doctor.anonymous-pull-refused.fix', params),
      command: mirror ? null : `dockside login ${registry.registry} -u USER --password-stdin`,
      action: mirror ? null : { kind: 'sign-in', registry: registry.registry },
    });
  },
};
