import { describe, expect, it } from 'vitest';
import { realmSchemeMismatch } from '../../../../../../electron/core/doctor/findings/realm-scheme-mismatch';
import { bearer, evidenceWith, exchange, failedExchange, REGISTRY } from '../evidence-builder';
import { allText, evidenceEnglish, expectFinding } from './expect-finding';
import { chinese, english } from '../../../../../harness/english';

/** A registry reached over https whose challenge names `realm`. */
function withRealm(realm: string, pingUrl = `https://${REGISTRY}/v2/`) {
  const challenge = bearer(realm);
  return evidenceWith({
    registry: {
      ping: exchange('GET', pingUrl, { status: 401, headers: { 'www-authenticate': challenge.header } }),
      challenges: [challenge.challenge],
      anonymousToken: failedExchange('GET', `${realm}?service=${REGISTRY}`, 'connection-refused', 'Nothing accepts connections on registry.test:80 (connection refused).'),
    },
  });
}

describe('realm-scheme-mismatch', () => {
  it('reports an https registry whose Bearer realm is http:// (nginx sending X-Forwarded-Proto http) as an error', () => {
    const finding = expectFinding(realmSchemeMismatch, withRealm('http://registry.test:5000/token'));
    expect(finding.severity).toBe('error');
    expect(finding.evidence[0]).toEqual({
      kind: 'http',
      source: 'GET https://registry.test:5000/v2/',
      detail: '401 Unauthorized; www-authenticate: Bearer realm="http://registry.test:5000/token",service="registry.test:5000"',
    });
    expect(evidenceEnglish(finding.evidence[1])).toMatch(/^connection-refused — .*Nothing accepts connections/);
    for (const lang of ['en', 'zh-CN'] as const) {
      expect(allText(finding, lang)).toContain('unauthorized: access to the requested resource is not authorized');
      expect((lang === 'en' ? english : chinese)(finding.fix.text)).toContain('proxy_set_header X-Forwarded-Proto https');
      expect((lang === 'en' ? english : chinese)(finding.fix.text)).toContain('Base URL');
      // The same problem login refuses: said with its code, so the two can be matched.
      expect((lang === 'en' ? english : chinese)(finding.explanation)).toContain('token-realm-not-https');
    }
    expect(english(finding.explanation)).toContain('password to it in clear');
    expect(chinese(finding.explanation)).toContain('明文');
  });

  it('reports the Nexus-shaped challenge (realm and service both the http token URL) on an https endpoint', () => {
    const realm = 'http://nexus.test:8083/v2/token';
    const evidence = evidenceWith({
      registry: {
        registry: 'nexus.test',
        ping: exchange('GET', 'https://nexus.test/v2/', { status: 401, headers: { 'www-authenticate': `Bearer realm="${realm}",service="${realm}",scope="repository:*:pull"` } }),
        challenges: [{ scheme: 'bearer', params: { realm, service: realm, scope: 'repository:*:pull' } }],
      },
    });
    expect(english(expectFinding(realmSchemeMismatch, evidence).title)).toContain('nexus.test');
  });

  it('leaves alone an https realm, an http registry with an http realm, and a Basic challenge', () => {
    expect(realmSchemeMismatch.detect(withRealm('https://registry.test:5000/token'))).toBeNull();
    expect(realmSchemeMismatch.detect(withRealm('http://registry.test:5000/token', `http://${REGISTRY}/v2/`))).toBeNull();
    expect(realmSchemeMismatch.detect(evidenceWith({ registry: { challenges: [{ scheme: 'basic', params: { realm: 'http://registry.test' } }] } }))).toBeNull();
    expect(realmSchemeMismatch.detect(evidenceWith({ registry: {} }))).toBeNull();
  });
});
