import type { SkippedCheck } from '../../../../shared/doctor';
import { msg } from '../../../../shared/message';
import { errorMessage } from '../../errors';
import { parseWwwAuthenticate } from '../../registry/www-authenticate';
import { inspectionJson, inspectRegistry, registryPaths } from '../../trust/inspect-registry';
import { EvidenceHttp } from './http-exchange';
import { probePush, tokenOf } from './push-probe';
import type { HttpExchange, RegistryEvidence } from './types';

export interface RegistryEvidenceInput {
  /** host[:port], validated, as certs.d and config.json name it. */
  registry: string;
  /** `team/app`, or null when the user named none. */
  repository: string | null;
  scheme: 'https' | 'http';
  /** PEM CAs trusted for the registry (its certs.d CAs and the system's), as Docker trusts them. */
  ca: string[];
  timeoutMs: number;
  /** What Docker would send for this registry; null: no push probe. */
  credentials: { username: string; password: string } | null;
  /** The certs.d root the TLS judgement reads (default /etc/docker/certs.d). */
  certsDir?: string;
  now?: () => Date;
  /** Where a check that could not run says why (Evidence.skipped). */
  skipped?: SkippedCheck[];
}

const DEFAULT_CERTS_DIR = '/etc/docker/certs.d';

/**
 * What a registry shows a client without credentials (the /v2/ ping and its challenge, an
 * anonymous pull token, a repository's tags), how Docker would judge its TLS chain, and, with
 * the user's stored credentials, whether a push would be accepted (push-probe.ts). Never throws
 * for a registry's failure: each answer, or the error instead of one, is the evidence.
 */
export async function gatherRegistryEvidence(input: RegistryEvidenceInput): Promise<RegistryEvidence> {
  const skipped = input.skipped ?? [];
  const base = new URL(`${input.scheme}://${input.registry}`);
  const http = new EvidenceHttp(input.ca, input.timeoutMs);
  try {
    const [ping, tls] = await Promise.all([http.send('GET', new URL('/v2/', base)), gatherTls(input, skipped)]);
    const challenges = parseWwwAuthenticate(ping.headers['www-authenticate']);
    const bearer = challenges.find((challenge) => challenge.scheme === 'bearer');

    const anonymous = bearer ? await requestAnonymousToken(http, bearer.params, input.repository) : null;
    const anonymousToken = anonymous?.exchange ?? null;
    // As Docker pulls without credentials: with the anonymous token, which may grant nothing.
    const anonymousAuthorization = anonymous?.token ? `Bearer ${anonymous.token}` : undefined;
    const anonymousRepository =
      input.repository === null ? null : (await http.send('GET', new URL(`/v2/${input.repository}/tags/list`, base), { authorization: anonymousAuthorization })).exchange;

    let push: RegistryEvidence['push'] = null;
    const params = { registry: input.registry };
    if (input.repository === null) skipped.push({ check: 'push-probe', reason: msg('doctor.skipped.push-probe.no-repository', params) });
    else if (input.credentials === null) skipped.push({ check: 'push-probe', reason: msg('doctor.skipped.push-probe.no-credentials', params) });
    else if (ping.exchange.status === null) skipped.push({ check: 'push-probe', reason: msg('doctor.skipped.push-probe.no-answer', params) });
    else push = await probePush(http, { base, repository: input.repository, challenges, credentials: input.credentials });

    return { registry: input.registry, repository: input.repository, ping: ping.exchange, challenges, anonymousToken, anonymousRepository, tls, push };
  } finally {
    await http.close();
  }
}

/** The token a client without credentials gets (Docker asks one for every anonymous pull); its value is never recorded. */
async function requestAnonymousToken(http: EvidenceHttp, params: Record<string, string>, repository: string | null): Promise<{ exchange: HttpExchange; token: string | null }> {
  let url: URL;
  try {
    url = new URL(params.realm ?? '');
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(url.protocol);
  } catch {
    const error = { code: 'bad-realm', key: 'doctor.error.bad-realm', params: { realm: JSON.stringify((params.realm ?? '').slice(0, 200)) } } as const;
    return { exchange: { method: 'GET', url: String(params.realm ?? ''), status: null, headers: {}, body: '', error }, token: null };
  }
  if (params.service) url.searchParams.append('service', params.service);
  const scope = repository === null ? params.scope : `repository:${repository}:pull`;
  if (scope) url.searchParams.append('scope', scope);
  const reply = await http.send('GET', url);
  const token = reply.exchange.status === 200 ? tokenOf(reply.body) : null;
  if (token) http.addSecret(token);
  return { exchange: reply.exchange, token };
}

async function gatherTls(input: RegistryEvidenceInput, skipped: SkippedCheck[]): Promise<RegistryEvidence['tls']> {
  if (input.scheme !== 'https') return null;
  const certsDir = input.certsDir ?? DEFAULT_CERTS_DIR;
  try {
    const inspection = await inspectRegistry(registryPaths(certsDir, input.registry), { certsDir, now: input.now ?? (() => new Date()), timeoutMs: input.timeoutMs });
    return inspectionJson(inspection);
  } catch (error) {
    skipped.push({ check: 'tls', reason: errorMessage(error) });
    return null;
  }
}
