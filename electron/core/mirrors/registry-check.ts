import type { IncomingHttpHeaders } from 'node:http';
import { msg } from '../../../shared/message';
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
  const at = { url: safeUrl(reply.url), status: reply.status };
  const speaksV2 = reply.headers['docker-distribution-api-version'] !== undefined;
  const page = isWebPage(reply.headers, body) ? '-page' : '';

  if (reply.status === 200) {
    if (speaksV2) return undefined;
    throw new ProbeFailure('not-a-registry', msg(`probe.verdict.not-a-registry.no-api-header${page}`, at));
  }
  if (reply.status === 401) {
    const challenges = parseWwwAuthenticate(reply.headers['www-authenticate']);
    const chosen = challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
    if (chosen) return chosen;
    if (speaksV2 && challenges.length > 0) {
      const schemes = challenges.map((c) => c.scheme).join(', ');
      throw new ProbeFailure('auth-required', msg('probe.verdict.auth-required.other-scheme', { ...at, schemes }));
    }
    throw new ProbeFailure('not-a-registry', msg(`probe.verdict.not-a-registry.no-challenge${page}`, at));
  }
  const said = saidInParentheses(distributionErrors(body));
  if (reply.status === 429) throw new ProbeFailure('error', msg('probe.verdict.error.registry-rate-limited', { ...at, said }));
  if (reply.status >= 500) throw new ProbeFailure('error', msg('probe.verdict.error.registry-failed', { ...at, said }));
  // verbatim: Nexus's own answer on a port that is not a docker connector
  if (/Not a Docker request/i.test(body)) throw new ProbeFailure('not-a-registry', msg('probe.verdict.not-a-registry.nexus-web', at));
  throw new ProbeFailure('not-a-registry', msg(`probe.verdict.not-a-registry.other-status${page}`, { ...at, said }));
}

function isWebPage(headers: IncomingHttpHeaders, body: string): boolean {
  const contentType = headers['content-type'];
  return /^\s*</.test(body) || (typeof contentType === 'string' && /html/i.test(contentType));
}
