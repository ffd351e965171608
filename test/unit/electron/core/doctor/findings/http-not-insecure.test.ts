import { describe, expect, it } from 'vitest';
import { httpNotInsecure } from '../../../../../../electron/core/doctor/findings/http-not-insecure';
import { evidenceWith, exchange, failedExchange, healthyLocal } from '../evidence-builder';
import { allText, expectFinding } from './expect-finding';
import { chinese, english } from '../../../../../harness/english';

const NOT_TLS = 'nexus.test:8082 does not speak TLS: it looks like a plain HTTP port (http: server gave HTTP response to HTTPS client).';

function httpRegistry(registry: string, insecure: { file?: string[]; engine?: string[] } = {}) {
  const local = healthyLocal();
  return evidenceWith({
    registry: { registry, ping: failedExchange('GET', `https://${registry}/v2/`, 'not-tls', NOT_TLS), challenges: [], anonymousToken: null, anonymousRepository: null, tls: null, push: null },
    local: {
      daemonJson: { ...local.daemonJson, settings: { mirrors: [], insecureRegistries: insecure.file ?? [] } },
      engine: { ...local.engine, active: { mirrors: [], insecureRegistries: insecure.engine ?? ['127.0.0.0/8'] } },
    },
  });
}

describe('http-not-insecure', () => {
  it('reports a plain-HTTP registry missing from insecure-registries, quoting daemon.json and docker info', () => {
    const finding = expectFinding(httpNotInsecure, httpRegistry('nexus.test:8082'));
    expect(finding.severity).toBe('error');
    expect(finding.evidence).toEqual([
      { kind: 'http', source: 'GET https://nexus.test:8082/v2/', detail: 'not-tls', text: { code: 'common.error.internal', params: { detail: NOT_TLS } } },
      { kind: 'file', source: '/etc/docker/daemon.json', detail: '"insecure-registries": []' },
      { kind: 'command', source: 'docker info', detail: 'Insecure Registries: 127.0.0.0/8' },
    ]);
    for (const lang of ['en', 'zh-CN'] as const) {
      expect(allText(finding, lang)).toContain('http: server gave HTTP response to HTTPS client');
      expect((lang === 'en' ? english : chinese)(finding.fix.text)).toContain('"insecure-registries": ["nexus.test:8082"]');
    }
    expect(finding.fix.command).toBeNull();
  });

  it('reports the gatherer\'s http:// fallback evidence (the registry answering /v2/ over plain HTTP)', () => {
    const evidence = evidenceWith({
      registry: { registry: 'nexus.test:8082', ping: exchange('GET', 'http://nexus.test:8082/v2/', { status: 401, headers: { 'docker-distribution-api-version': 'registry/2.0' } }), tls: null, push: null },
    });
    const finding = expectFinding(httpNotInsecure, evidence);
    expect(finding.evidence[0]).toEqual({
      kind: 'http',
      source: 'GET http://nexus.test:8082/v2/',
      detail: '401 Unauthorized; docker-distribution-api-version: registry/2.0',
      text: { code: 'doctor.evidence.plain-http', params: {} },
    });
  });

  it('reports an IP outside every CIDR entry', () => {
    expect(httpNotInsecure.detect(httpRegistry('10.1.0.5:8082', { file: ['10.0.0.0/16'] }))).not.toBeNull();
  });

  it.each([
    ['listed in daemon.json', 'nexus.test:8082', { file: ['nexus.test:8082'] }],
    ['listed with an http:// prefix (dockerd drops it)', 'nexus.test:8082', { file: ['http://nexus.test:8082'] }],
    ['listed only by the running engine', 'nexus.test:8082', { engine: ['127.0.0.0/8', 'nexus.test:8082'] }],
    ['inside a CIDR entry', '10.0.3.7:8082', { file: ['10.0.0.0/16'] }],
    ['on 127.0.0.0/8 (insecure by default)', '127.0.0.1:5000', { engine: [] }],
    ['localhost', 'localhost:5000', { engine: [] }],
    ['an IPv6 literal inside ::1/128', '[::1]:5000', { engine: ['::1/128'] }],
  ] as Array<[string, string, { file?: string[]; engine?: string[] }]>)('leaves alone a registry %s', (_case, registry, insecure) => {
    expect(httpNotInsecure.detect(httpRegistry(registry, insecure))).toBeNull();
  });

  it('leaves alone an HTTPS registry and a connection refused', () => {
    expect(httpNotInsecure.detect(evidenceWith({ registry: {} }))).toBeNull();
    expect(httpNotInsecure.detect(evidenceWith({ registry: { ping: failedExchange('GET', 'https://nexus.test:8082/v2/', 'connection-refused', 'refused') } }))).toBeNull();
  });
});
