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
  const refuse = (why: string): never => {
    throw new DocksideError(
      'bad-realm',
      `${hostPort} asks for a Bearer token but ${why}. Dockside did not send the password there. Fix the token realm in the registry's configuration (for Nexus behind a reverse proxy: X-Forwarded-Proto and Host).`,
    );
  };
  if (!realm) return refuse('its challenge names no realm (token service URL)');
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    return refuse(`its realm ${JSON.stringify(realm.slice(0, MAX_DETAIL_CHARS))} is not a URL`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol !== 'http:') return refuse(`its realm ${shown(url)} is not http(s)`);
  if (registry.protocol === 'https:') throw realmNotHttps(url, registry, hostPort);
  if (url.hostname === registry.hostname) return url;
  return refuse(`its realm ${shown(url)} is plain HTTP on another host`);
}

/** An https registry whose realm is http: what the password would do there, and the fix in nginx (or Nexus). */
export function realmNotHttps(realm: URL, registry: URL, hostPort: string): DocksideError {
  const sameHost = realm.hostname === registry.hostname;
  const fix = sameHost
    ? `in the nginx server block that terminates TLS for ${hostPort}, add \`proxy_set_header X-Forwarded-Proto https;\` (and \`proxy_set_header Host $host:$server_port;\`) and reload nginx, or set Nexus's Base URL to https://${hostPort}/`
    : `make the token service on ${realm.host} reachable over https and give the registry an https:// realm (for Nexus behind nginx: \`proxy_set_header X-Forwarded-Proto https;\`, or Nexus's Base URL; for a Distribution registry: auth.token.realm)`;
  return new DocksideError(
    'token-realm-not-https',
    `${hostPort} is reached over HTTPS, but its /v2/ challenge sends clients for a token to ${shown(realm)}, a plain-HTTP URL: the password would cross the network in clear. ` +
      'Dockside stopped before sending it anywhere. ' +
      'This is the reverse-proxy mistake behind "unauthorized: access to the requested resource is not authorized" right after a docker login: the proxy in front of Nexus does not tell it that clients use https, so Nexus builds an http:// token realm. ' +
      `Fix (for the registry's administrator): ${fix}; then log in again. \`dockside doctor ${hostPort}\` shows the challenge.`,
  );
}

/** A URL for a message: no user info, no query. */
function shown(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
