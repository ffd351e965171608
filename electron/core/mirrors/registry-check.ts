import type { IncomingHttpHeaders } from 'node:http';
import { safeUrl } from '../registry/registry-client';
import { type Challenge, parseWwwAuthenticate } from '../registry/www-authenticate';
import { SMALL_BODY_CAP_BYTES } from '../registry/capped-body';
import { distributionErrors, saidInParentheses } from './distribution-errors';
import { ProbeFailure } from './probe-failure';
import type { ProbeHttp } from './probe-http';

/**
 * Step 1: is the candidate a Docker registry at all? `GET <url>v2/` answers 200 or 401 on a
 * registry, with a Docker-Distribution-API-Version header (FACTS §5) or, on a 401, the Basic or
 * Bearer challenge Docker will answer. Only /v2/ is asked, never `/`: a Nexus connector
 * answers "400 Not a Docker request" to every other path (FACTS §6).
 */

/** The challenge to answer before pulling, or undefined when /v2/ is open (200). */
export async function checkRegistry(http: ProbeHttp, base: URL): Promise<Challenge | undefined> {
  const reply = await http.get(new URL('v2/', base));
  const body = (await http.read(reply, SMALL_BODY_CAP_BYTES)).data.toString('utf8');
  const at = `${safeUrl(reply.url)} answered HTTP ${reply.status}`;
  const speaksV2 = reply.headers['docker-distribution-api-version'] !== undefined;
  const page = webPage(reply.headers, body);

  if (reply.status === 200) {
    if (speaksV2) return undefined;
    throw new ProbeFailure('not-a-registry', `${at}${page} without the Docker-Distribution-API-Version header a registry sends: it is a web server, not a Docker registry. Check the address and port.`);
  }
  if (reply.status === 401) {
    const challenges = parseWwwAuthenticate(reply.headers['www-authenticate']);
    const chosen = challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
    if (chosen) return chosen;
    if (speaksV2 && challenges.length > 0) {
      const schemes = challenges.map((c) => c.scheme).join(', ');
      throw new ProbeFailure('auth-required', `${at} and asks for ${schemes} authentication: Docker answers only Basic or Bearer, and reaches a mirror without credentials anyway. A proxy in front of the registry (single sign-on) probably asks for it; let /v2/ through.`);
    }
    throw new ProbeFailure('not-a-registry', `${at}${page} without a Basic or Bearer challenge (WWW-Authenticate): not a Docker registry, or a proxy in front of it removed the header. Check the address and port.`);
  }
  const said = saidInParentheses(distributionErrors(body));
  if (reply.status === 429 || reply.status >= 500) {
    const what = reply.status === 429 ? 'too many requests' : 'the server failed';
    throw new ProbeFailure('error', `${at} (${what})${said}. Try again later; if it persists, the registry's logs say why.`);
  }
  if (/Not a Docker request/i.test(body)) {
    throw new ProbeFailure(
      'not-a-registry',
      `${at} "Not a Docker request": a Nexus server, but not one of its docker connectors (the Nexus web port, or a path that does not reach a docker repository). Use the connector port of the Nexus proxy or group repository (for example 8001 or 8003), or the reverse proxy that passes /v2/ to it.`,
    );
  }
  throw new ProbeFailure('not-a-registry', `${at}${page}${said} where a Docker registry answers 200 or 401 at /v2/: it is not a Docker registry. Check the address and port.`);
}

function webPage(headers: IncomingHttpHeaders, body: string): string {
  const contentType = headers['content-type'];
  return /^\s*</.test(body) || (typeof contentType === 'string' && /html/i.test(contentType)) ? ' with a web page' : '';
}
