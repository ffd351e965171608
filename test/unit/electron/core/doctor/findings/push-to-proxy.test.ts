import { describe, expect, it } from 'vitest';
import { pushToProxy } from '../../../../../../electron/core/doctor/findings/push-to-proxy';
import { evidenceWith, pushProbe } from '../evidence-builder';
import { allText, expectFinding, nexusFixture } from './expect-finding';
import { chinese } from '../../../../../harness/english';

describe('push-to-proxy', () => {
  it('reports the fixture proxy-404.html (Nexus 404 page on a push to a proxy) as an error explaining Docker\'s parse error', () => {
    const body = nexusFixture('proxy-404.html');
    const finding = expectFinding(pushToProxy, evidenceWith({ registry: { push: pushProbe({ status: 404, headers: { 'content-type': 'text/html' }, body }) } }));
    expect(finding.severity).toBe('error');
    expect(finding.evidence[0]?.detail).toMatch(/^404 Not Found; content-type: text\/html; body: <!DOCTYPE html> <html lang="en"> <head> <title>404 - Sonatype Nexus Repository<\/title>/);
    for (const lang of ['en', 'zh-CN'] as const) expect(allText(finding, lang)).toContain(`error parsing HTTP 404 response body: invalid character '<'`);
    expect(chinese(finding.fix.text)).toContain('hosted');
  });

  it('recognises the fixture proxy-404.html without a content-type header', () => {
    expect(pushToProxy.detect(evidenceWith({ registry: { push: pushProbe({ status: 404, body: nexusFixture('proxy-404.html') }) } }))).not.toBeNull();
  });

  it('leaves alone a Distribution 404 with a JSON error (an unknown repository), and an allowed push', () => {
    const json = '{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry","detail":{"name":"team/app"}}]}';
    expect(pushToProxy.detect(evidenceWith({ registry: { push: pushProbe({ status: 404, headers: { 'content-type': 'application/json' }, body: json }) } }))).toBeNull();
    expect(pushToProxy.detect(evidenceWith({ registry: {} }))).toBeNull();
  });
});
