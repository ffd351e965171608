import { PROBE_BLOB_DIGEST } from '../../../../../electron/core/doctor/evidence/push-probe';
import type { Evidence, HttpExchange, LocalEvidence, PushProbe, RegistryEvidence } from '../../../../../electron/core/doctor/evidence/types';
import type { CertificateInfo, TrustInspectJson, TrustProblem } from '../../../../../shared/trust';
import { msg } from '../../../../../shared/message';

/**
 * Evidence built by hand for the detectors' unit tests. Every default is the HEALTHY machine
 * and registry (engine running, daemon.json valid, a Bearer registry that serves anonymous
 * pulls, a trusted TLS chain valid for years, a push probe answered 202 then 204), so a test
 * states only the fault it plays. Objects given are merged one level deep over the defaults.
 */

export const REGISTRY = 'registry.test:5000';
export const REPOSITORY = 'team/app';
/** The fixed "now" of the defaults: certificates are valid from a year before to ten years after. */
export const NOW = new Date('2025-06-01T12:00:00.000Z');

type LocalPartial = {
  [K in keyof LocalEvidence]?: LocalEvidence[K] extends Record<string, unknown> ? Partial<LocalEvidence[K]> : LocalEvidence[K];
};

export interface EvidencePartial {
  local?: LocalPartial;
  /** null: no registry examined; an object: merged over healthyRegistry(). */
  registry?: Partial<RegistryEvidence> | null;
  mirrors?: Evidence['mirrors'];
  image?: string | null;
  skipped?: Evidence['skipped'];
}

/** An HTTP exchange; the status defaults to 200, headers and body to none. */
export function exchange(method: string, url: string, partial: Partial<Omit<HttpExchange, 'method' | 'url'>> = {}): HttpExchange {
  return { method, url, status: 200, headers: {}, body: '', error: null, ...partial };
}

/** An exchange that got no answer: a connection error. */
export function failedExchange(method: string, url: string, code: string, message: string): HttpExchange {
  return { method, url, status: null, headers: {}, body: '', error: { code, key: 'common.error.internal', params: { detail: message } } };
}

export function certificate(partial: Partial<CertificateInfo> = {}): CertificateInfo {
  return {
    subject: 'CN=registry.test',
    issuer: 'O=Dockside Test\nCN=Dockside Test CA',
    commonName: 'registry.test',
    dnsNames: ['registry.test'],
    ipAddresses: [],
    hasSubjectAltName: true,
    notBefore: '2024-06-01T00:00:00.000Z',
    notAfter: '2035-06-01T00:00:00.000Z',
    fingerprintSha256: fingerprint('AB'),
    serialNumber: '01',
    publicKey: { type: 'rsa', bits: 2048, curve: null },
    signatureAlgorithm: 'sha256WithRSAEncryption',
    isCa: false,
    selfSigned: false,
    ...partial,
  };
}

export function caCertificate(partial: Partial<CertificateInfo> = {}): CertificateInfo {
  return certificate({
    subject: 'O=Dockside Test\nCN=Dockside Test CA',
    issuer: 'O=Dockside Test\nCN=Dockside Test CA',
    commonName: 'Dockside Test CA',
    dnsNames: [],
    hasSubjectAltName: false,
    fingerprintSha256: fingerprint('CD'),
    isCa: true,
    selfSigned: true,
    ...partial,
  });
}

/** A valid fingerprint made of one repeated hex pair: `AB:AB:...` (32 pairs). */
export function fingerprint(pair: string): string {
  return Array.from({ length: 32 }, () => pair).join(':');
}

export function trustProblem(code: TrustProblem['code'], partial: Partial<Omit<TrustProblem, 'code'>> = {}): TrustProblem {
  return { code, certificate: null, explanation: msg('tls.problem.unknown-authority'), dockerError: null, fix: msg('tls.fix.chain-incomplete'), ...partial };
}

/** A trusted chain (leaf then CA, trusted by certs.d) for `registry`, without problems. */
export function tlsEvidence(partial: Partial<TrustInspectJson> = {}, registry = REGISTRY): TrustInspectJson {
  const ca = caCertificate();
  return {
    registry,
    address: registry,
    tlsVersion: 'TLSv1.3',
    chain: [certificate(), ca],
    ca: { source: 'server', certificate: ca },
    caPath: `/etc/docker/certs.d/${registry}/ca.crt`,
    trustedBy: 'certs.d',
    problems: [],
    ...partial,
  };
}

/** `Bearer realm="<realm>",service="<service>"` as a registry sends it, and its parsed form. */
export function bearer(realm: string, service = REGISTRY): { header: string; challenge: RegistryEvidence['challenges'][number] } {
  return { header: `Bearer realm="${realm}",service="${service}"`, challenge: { scheme: 'bearer', params: { realm, service } } };
}

export function basic(realm = 'Registry'): { header: string; challenge: RegistryEvidence['challenges'][number] } {
  return { header: `Basic realm="${realm}"`, challenge: { scheme: 'basic', params: { realm } } };
}

/**
 * A push probe: the answer to the invalid manifest PUT (by default 400 MANIFEST_INVALID: push
 * allowed), the upload session (by default 202 then cancelled 204) and the probe blob (by
 * default already there: HEAD 200).
 */
export function pushProbe(start: Partial<HttpExchange>, registry = REGISTRY, repository = REPOSITORY, rest: Partial<Omit<PushProbe, 'start'>> = {}): PushProbe {
  const url = `https://${registry}/v2/${repository}/manifests/dockside-push-probe`;
  const uploads = `https://${registry}/v2/${repository}/blobs/uploads/`;
  const session = `${uploads}0f1e2d3c-4b5a-6978-8a9b-acbdcedf0102?_state=***`;
  return {
    start: exchange('PUT', url, { status: 400, body: '{"errors":[{"code":"MANIFEST_INVALID","message":"manifest invalid","detail":{}}]}', ...start }),
    upload: { open: exchange('POST', uploads, { status: 202, headers: { location: session } }), cancel: exchange('DELETE', session, { status: 204 }) },
    blob: { before: exchange('HEAD', `https://${registry}/v2/${repository}/blobs/${PROBE_BLOB_DIGEST}`), stored: [], after: null },
    ...rest,
  };
}

/** A registry behind TLS with Bearer token auth that serves anonymous pulls and lets the user push. */
export function healthyRegistry(registry = REGISTRY, repository: string | null = REPOSITORY): RegistryEvidence {
  const realm = `https://${registry}/token`;
  const challenge = bearer(realm, registry);
  return {
    registry,
    repository,
    ping: exchange('GET', `https://${registry}/v2/`, {
      status: 401,
      headers: { 'www-authenticate': challenge.header, 'docker-distribution-api-version': 'registry/2.0', 'content-type': 'application/json' },
      body: '{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}\n',
    }),
    challenges: [challenge.challenge],
    anonymousToken: exchange('GET', `${realm}?service=${encodeURIComponent(registry)}&scope=repository%3A${encodeURIComponent(repository ?? '')}%3Apull`, {
      headers: { 'content-type': 'application/json' },
      body: '{"token":"***","expires_in":300}',
    }),
    anonymousRepository:
      repository === null
        ? null
        : // Asked with the anonymous token, which grants pull here.
          exchange('GET', `https://${registry}/v2/${repository}/tags/list`, {
            headers: { 'content-type': 'application/json' },
            body: `{"name":"${repository}","tags":["1"]}\n`,
          }),
    tls: tlsEvidence({}, registry),
    push: repository === null ? null : pushProbe({}, registry, repository),
  };
}

export function healthyLocal(): LocalEvidence {
  return {
    daemonJson: { path: '/etc/docker/daemon.json', exists: true, settings: { mirrors: [], insecureRegistries: [] }, keys: ['log-driver'], error: null },
    engine: {
      running: true,
      active: { mirrors: [], insecureRegistries: ['127.0.0.0/8'] },
      error: null,
      socket: { path: '/var/run/docker.sock', exists: true, accessible: true },
      flagConflicts: [],
    },
    config: { path: '/home/dev/.docker/config.json', config: { auths: {}, credsStore: 'secretservice' }, error: null },
    helpers: { secretservice: true },
    certsD: { dir: '/etc/docker/certs.d', defaultDir: false, hostsToml: [] },
  };
}

/** Healthy evidence with `partial` laid over it (see the file's comment). */
export function evidenceWith(partial: EvidencePartial = {}): Evidence {
  const local = healthyLocal();
  const given = partial.local ?? {};
  for (const key of Object.keys(given) as Array<keyof LocalEvidence>) {
    const value = given[key];
    const base = local[key];
    (local as unknown as Record<string, unknown>)[key] =
      value !== null && typeof value === 'object' && !Array.isArray(value) && base !== null && typeof base === 'object' ? { ...base, ...value } : value;
  }
  const registry = partial.registry === undefined ? null : partial.registry === null ? null : { ...healthyRegistry(partial.registry.registry, partial.registry.repository), ...partial.registry };
  return {
    local,
    registry,
    mirrors: partial.mirrors ?? null,
    image: partial.image ?? null,
    skipped: partial.skipped ?? [],
  };
}
