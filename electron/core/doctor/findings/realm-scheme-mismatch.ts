import { msg } from '../../../../shared/message';
import type { Detector } from './finding';
import { finding, httpItem } from './registry-common';

/**
 * The Bearer challenge points Docker at a plain-HTTP token realm while it talks to the registry
 * over HTTPS: the reverse proxy in front sends `X-Forwarded-Proto http` (or none), so the
 * registry builds its realm URL with the wrong scheme. `docker login` may still succeed, then
 * every pull or push fails with `unauthorized`; and a client that follows the realm sends the
 * password there in clear, which is why `dockside login` refuses it (token-realm-not-https).
 */
export const realmSchemeMismatch: Detector = {
  id: 'realm-scheme-mismatch',
  detect(evidence) {
    const registry = evidence.registry;
    if (!registry) return null;
    let clientScheme: string;
    try {
      clientScheme = new URL(registry.ping.url).protocol;
    } catch {
      return null;
    }
    if (clientScheme !== 'https:') return null;
    for (const challenge of registry.challenges) {
      if (challenge.scheme !== 'bearer' || challenge.params.realm === undefined) continue;
      let realm: URL;
      try {
        realm = new URL(challenge.params.realm);
      } catch {
        continue;
      }
      if (realm.protocol !== 'http:') continue;
      const items = [httpItem(registry.ping, { headers: ['www-authenticate'] })];
      if (registry.anonymousToken) items.push(httpItem(registry.anonymousToken, { body: true }));
      const params = { registry: registry.registry, realm: challenge.params.realm };
      return finding({
        id: 'realm-scheme-mismatch',
        severity: 'error',
        title: msg('doctor.realm-scheme-mismatch.title', params),
        explanation: msg('doctor.realm-scheme-mismatch.explanation', params),
        evidence: items,
        fix: msg('doctor.realm-scheme-mismatch.fix', params),
        command: null,
      });
    }
    return null;
  },
};
