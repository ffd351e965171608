import type { MessageCode } from '../../../shared/message';
import { DocksideError } from '../errors';

/**
 * Where a Bearer challenge sends a client for its token, and whether the password may go there.
 * Docker sends the user's password (Basic) to the realm, so it travels as securely as the realm
 * URL says: a registry reached over https with an http:// realm puts the password on the network
 * in clear. That is seed 002's nginx in front of Nexus without `X-Forwarded-Proto https`: Nexus
 * builds the realm from the scheme the proxy reports. The realm may live on another host (a
 * separate token service is normal), but with an https registry it must be https too. A
 * plain-HTTP (insecure) registry is http end to end and already warned about: its realm may be
 * http on the registry's own host, never on another one.
 */

const MAX_DETAIL_CHARS = 200;

/** The realm URL a password may be sent to, for a registry reached at `registry` (its /v2/ URL); throws when none may. */
export function tokenRealmFor(realm: string | undefined, registry: URL, hostPort: string): URL {
  const refuse = (key: MessageCode, shownRealm?: string): never => {
    throw new DocksideError('bad-realm', key, shownRealm === undefined ? { hostPort } : { hostPort, realm: shownRealm });
  };
  if (!realm) return refuse('creds.error.bad-realm.no-realm');
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    return refuse('creds.error.bad-realm.not-url', JSON.stringify(realm.slice(0, MAX_DETAIL_CHARS)));
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol !== 'http:') return refuse('creds.error.bad-realm.not-http', shown(url));
  if (registry.protocol === 'https:') throw realmNotHttps(url, registry, hostPort);
  if (url.hostname === registry.hostname) return url;
  return refuse('creds.error.bad-realm.other-host', shown(url));
}

/** An https registry whose realm is http: what the password would do there, and the fix in nginx (or Nexus), or at the other host's token service. */
export function realmNotHttps(realm: URL, registry: URL, hostPort: string): DocksideError {
  if (realm.hostname === registry.hostname) return new DocksideError('token-realm-not-https', 'creds.error.token-realm-not-https', { hostPort, realm: shown(realm) });
  return new DocksideError('token-realm-not-https', 'creds.error.token-realm-not-https.other-host', { hostPort, realm: shown(realm), realmHost: realm.host });
}

/** A URL for a message: no user info, no query. */
function shown(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
