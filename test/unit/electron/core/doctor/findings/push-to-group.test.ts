import { describe, expect, it } from 'vitest';
import { pushToGroup } from '../../../../../../electron/core/doctor/findings/push-to-group';
import { evidenceWith, pushProbe } from '../evidence-builder';
import { allText, expectFinding, nexusFixture } from './expect-finding';
import { english } from '../../../../../harness/english';

describe('push-to-group', () => {
  it('reports the fixture group-push-denied.json (Nexus DENIED on a push to a group) as an error quoting the body', () => {
    const body = nexusFixture('group-push-denied.json');
    const finding = expectFinding(pushToGroup, evidenceWith({ registry: { push: pushProbe({ status: 403, headers: { 'content-type': 'application/json', server: 'Nexus/3.70.1-02 (OSS)' }, body }) } }));
    expect(finding.severity).toBe('error');
    expect(finding.evidence[0]).toMatchObject({ kind: 'http', source: 'PUT https://registry.test:5000/v2/team/app/manifests/dockside-push-probe' });
    expect(finding.evidence[0]?.detail).toMatch(/^403 Forbidden; server: Nexus.*"code":"DENIED".*Deploying to groups is a PRO-licensed feature/);
    for (const lang of ['en', 'zh-CN'] as const) expect(allText(finding, lang)).toContain('denied: Deploying to groups is a PRO-licensed feature. See https://links.sonatype.com/product-nexus-repository');
    expect(english(finding.fix.text)).toMatch(/hosted/);
    expect(english(finding.fix.text)).toMatch(/PUT\/POST\/PATCH\/DELETE/);
    expect(finding.fix.command).toBeNull();
  });

  it('reports the fixture group-push-denied.json answered with 400 too', () => {
    expect(pushToGroup.detect(evidenceWith({ registry: { push: pushProbe({ status: 400, body: nexusFixture('group-push-denied.json') }) } }))).not.toBeNull();
  });

  it('reports a 405 to the manifest PUT (a group handler takes only GET and HEAD)', () => {
    const finding = expectFinding(pushToGroup, evidenceWith({ registry: { push: pushProbe({ status: 405, body: '' }) } }));
    expect(finding.evidence[0]?.detail).toBe('405 Method Not Allowed');
  });

  it('leaves alone a push that is allowed (202 then 204)', () => {
    expect(pushToGroup.detect(evidenceWith({ registry: {} }))).toBeNull();
  });

  it('leaves alone a 403 denied for another reason, a read-only Distribution registry (405 UNSUPPORTED) and an unprobed push', () => {
    const other = '{"errors":[{"code":"DENIED","message":"requested access to the resource is denied","detail":null}]}';
    expect(pushToGroup.detect(evidenceWith({ registry: { push: pushProbe({ status: 403, body: other }) } }))).toBeNull();
    const readOnly = '{"errors":[{"code":"UNSUPPORTED","message":"The operation is unsupported.","detail":null}]}';
    expect(pushToGroup.detect(evidenceWith({ registry: { push: pushProbe({ status: 405, body: readOnly }) } }))).toBeNull();
    expect(pushToGroup.detect(evidenceWith({ registry: { push: null } }))).toBeNull();
    expect(pushToGroup.detect(evidenceWith())).toBeNull();
  });
});
