import { describe, expect, it } from 'vitest';
import { v2OpenRepositoryProtected } from '../../../../../../electron/core/doctor/findings/v2-open-repository-protected';
import { evidenceWith, exchange, REGISTRY } from '../evidence-builder';
import { allText, expectFinding } from './expect-finding';
import { english } from '../../../../../harness/english';

const openPing = exchange('GET', `https://${REGISTRY}/v2/`, { status: 200, headers: { 'docker-distribution-api-version': 'registry/2.0' }, body: '{}' });
const protectedRepo = exchange('GET', `https://${REGISTRY}/v2/team/app/tags/list`, {
  status: 401,
  headers: { 'www-authenticate': `Bearer realm="https://${REGISTRY}/token",service="${REGISTRY}",scope="repository:team/app:pull"` },
  body: '{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}',
});

describe('v2-open-repository-protected', () => {
  it('reports a 200 /v2/ with a 401 repository as an error explaining "no basic auth credentials"', () => {
    const finding = expectFinding(v2OpenRepositoryProtected, evidenceWith({ registry: { ping: openPing, challenges: [], anonymousToken: null, anonymousRepository: protectedRepo } }));
    expect(finding.severity).toBe('error');
    expect(finding.evidence.map((item) => item.source)).toEqual([`GET https://${REGISTRY}/v2/`, `GET https://${REGISTRY}/v2/team/app/tags/list`]);
    expect(finding.evidence[0]?.detail).toBe('200 OK; docker-distribution-api-version: registry/2.0');
    expect(finding.evidence[1]?.detail).toMatch(/^401 Unauthorized; www-authenticate: Bearer realm=/);
    for (const lang of ['en', 'zh-CN'] as const) expect(allText(finding, lang)).toContain('no basic auth credentials');
    expect(english(finding.fix.text)).toContain('location = /v2/');
  });

  it('leaves alone a /v2/ that challenges (401) and an open registry whose repository answers 200', () => {
    expect(v2OpenRepositoryProtected.detect(evidenceWith({ registry: {} }))).toBeNull();
    const openRepo = exchange('GET', `https://${REGISTRY}/v2/team/app/tags/list`, { body: '{"name":"team/app","tags":["1"]}' });
    expect(v2OpenRepositoryProtected.detect(evidenceWith({ registry: { ping: openPing, challenges: [], anonymousRepository: openRepo } }))).toBeNull();
    expect(v2OpenRepositoryProtected.detect(evidenceWith({ registry: { ping: openPing, challenges: [], repository: null, anonymousRepository: null } }))).toBeNull();
  });
});
