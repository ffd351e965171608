import { describe, expect, it } from 'vitest';
import { anonymousPullRefused } from '../../../../../../electron/core/doctor/findings/anonymous-pull-refused';
import { basic, evidenceWith, exchange, healthyRegistry, REGISTRY } from '../evidence-builder';
import { allText, expectFinding } from './expect-finding';
import { english } from '../../../../../harness/english';

const NEXUS_BASIC = 'BASIC realm="Sonatype Nexus Repository Manager"';
const tokenUrl = `https://${REGISTRY}/token?service=${REGISTRY}&scope=repository%3Ateam%2Fapp%3Apull`;

function tokenRefused(status: number) {
  return exchange('GET', tokenUrl, { status, headers: { 'www-authenticate': NEXUS_BASIC }, body: '{"errors":[{"code":"UNAUTHORIZED","message":"access to the requested resource is not authorized","detail":null}]}' });
}

describe('anonymous-pull-refused', () => {
  it('warns when the anonymous token request answers 401, and offers dockside login', () => {
    const finding = expectFinding(anonymousPullRefused, evidenceWith({ registry: { anonymousToken: tokenRefused(401) } }));
    expect(finding.severity).toBe('warning');
    expect(finding.evidence[1]).toMatchObject({ kind: 'http', source: `GET ${tokenUrl}` });
    expect(finding.evidence[1]?.detail).toMatch(/^401 Unauthorized; www-authenticate: BASIC realm=/);
    for (const lang of ['en', 'zh-CN'] as const) {
      expect(allText(finding, lang)).toContain('Docker Bearer Token Realm');
      expect(allText(finding, lang)).toContain('Allow anonymous docker pull');
    }
    expect(finding.fix.command).toBe(`dockside login ${REGISTRY} -u USER --password-stdin`);
    expect(finding.fix.action).toEqual({ kind: 'sign-in', registry: REGISTRY });
  });

  it('warns when the /v2/ challenge is Basic only (Nexus with the token realm inactive), 403 too', () => {
    const challenge = basic('Sonatype Nexus Repository Manager');
    const basicOnly = evidenceWith({
      registry: { ping: exchange('GET', `https://${REGISTRY}/v2/`, { status: 401, headers: { 'www-authenticate': NEXUS_BASIC } }), challenges: [challenge.challenge], anonymousToken: null },
    });
    expect(expectFinding(anonymousPullRefused, basicOnly).evidence[0]?.detail).toBe(`401 Unauthorized; www-authenticate: ${NEXUS_BASIC}`);
    expect(anonymousPullRefused.detect(evidenceWith({ registry: { anonymousToken: tokenRefused(403) } }))).not.toBeNull();
  });

  it('is an error when the registry is a configured mirror (daemon.json or docker info), with no login command', () => {
    const viaFile = evidenceWith({ registry: { anonymousToken: tokenRefused(401) }, local: { daemonJson: { path: '/etc/docker/daemon.json', exists: true, settings: { mirrors: [`https://${REGISTRY}/`], insecureRegistries: [] }, keys: ['registry-mirrors'], error: null } } });
    const finding = expectFinding(anonymousPullRefused, viaFile);
    expect(finding.severity).toBe('error');
    expect(finding.fix.command).toBeNull();
    expect(finding.fix.action).toBeNull();
    expect(english(finding.explanation)).toMatch(/reaches mirrors without the user's credentials/);
    const viaEngine = evidenceWith({
      registry: { registry: 'nexus.test', anonymousToken: tokenRefused(401) },
      local: { engine: { running: true, active: { mirrors: ['https://nexus.test:443'], insecureRegistries: [] }, error: null, socket: null, flagConflicts: [] } },
    });
    expect(expectFinding(anonymousPullRefused, viaEngine).severity).toBe('error');
  });

  it('warns when the anonymous token is given but refused for the repository (a token that grants nothing)', () => {
    const useless = evidenceWith({
      registry: { anonymousRepository: exchange('GET', `https://${REGISTRY}/v2/team/app/tags/list`, { status: 401, headers: { 'www-authenticate': 'Bearer realm="x",error="insufficient_scope"' } }) },
    });
    const finding = expectFinding(anonymousPullRefused, useless);
    expect(finding.severity).toBe('warning');
    expect(english(finding.explanation)).toMatch(/grants no pull/);
    expect(finding.evidence.map((item) => item.source)).toContain(`GET https://${REGISTRY}/v2/team/app/tags/list`);
    // A repository that does not exist (404) is not a refusal.
    const missing = evidenceWith({ registry: { anonymousRepository: exchange('GET', `https://${REGISTRY}/v2/team/app/tags/list`, { status: 404 }) } });
    expect(anonymousPullRefused.detect(missing)).toBeNull();
  });

  it('leaves alone a registry that gives anonymous tokens, and an open registry (200 ping, no challenge)', () => {
    expect(anonymousPullRefused.detect(evidenceWith({ registry: {} }))).toBeNull();
    const open = { ...healthyRegistry(), ping: exchange('GET', `https://${REGISTRY}/v2/`), challenges: [], anonymousToken: null };
    expect(anonymousPullRefused.detect(evidenceWith({ registry: open }))).toBeNull();
  });
});
