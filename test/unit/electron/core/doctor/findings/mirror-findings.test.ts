import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../../../../../electron/core/doctor/evidence/types';
import { hostedAsMirror } from '../../../../../../electron/core/doctor/findings/hosted-as-mirror';
import { mirrorNotServingHub } from '../../../../../../electron/core/doctor/findings/mirror-not-serving-hub';
import { mirrorRefusesAnonymous } from '../../../../../../electron/core/doctor/findings/mirror-refuses-anonymous';
import type { ProbeResult, ProbeStatus } from '../../../../../../shared/mirrors';
import { evidenceWith } from '../evidence-builder';
import { allText, evidenceEnglish, expectFinding } from './expect-finding';
import { chinese, english } from '../../../../../harness/english';
import { msg } from '../../../../../../shared/message';

const CJK = /[\u4e00-\u9fff]/;

function probe(url: string, status: ProbeStatus, detail = `probe says ${status}`): ProbeResult {
  const usable = status === 'usable';
  // A stand-in sentence: what the doctor does with a probe's reason does not depend on its words.
  return { url, sources: ['user'], status, usable, reason: msg('common.error.internal', { detail }), latencyMs: usable ? 12 : null, throughputKBps: null, elapsedMs: 40 };
}

/** daemon.json lists `urls` as its mirrors, and their probe results are `results`. */
function withMirrors(urls: string[], results: ProbeResult[]): Evidence {
  return evidenceWith({
    local: { daemonJson: { path: '/etc/docker/daemon.json', exists: true, settings: { mirrors: urls, insecureRegistries: [] }, keys: ['registry-mirrors'], error: null } },
    mirrors: results,
  });
}

const HOSTED = 'http://nexus.test:8002/';
const PROXY = 'http://nexus.test:8001/';

describe('hosted-as-mirror', () => {
  it('reports a mirror without Docker Hub content as an error, and switches to a usable mirror', () => {
    const reason = 'It is a registry, but library/busybox:latest is "manifest unknown" there: it does not serve Docker Hub images (a hosted repository?).';
    const finding = expectFinding(hostedAsMirror, withMirrors(['http://nexus.test:8002', PROXY], [probe(PROXY, 'usable'), probe(HOSTED, 'not-a-mirror', reason)]));
    expect(finding.severity).toBe('error');
    expect(finding.evidence).toEqual([
      { kind: 'file', source: '/etc/docker/daemon.json ("registry-mirrors")', detail: '"http://nexus.test:8002"' },
      { kind: 'http', source: `dockside mirrors probe ${HOSTED}`, detail: 'not-a-mirror', text: msg('common.error.internal', { detail: reason }) },
    ]);
    expect(english(finding.explanation)).toMatch(/hosted repository/);
    expect(english(finding.explanation)).toMatch(/silently falls back to registry-1\.docker\.io/);
    expect(chinese(finding.explanation)).toContain('registry-1.docker.io');
    expect(finding.fix.command).toBe(`dockside mirrors use ${PROXY}`);
    expect(finding.fix.action).toEqual({ kind: 'mirrors-use', urls: [PROXY] });
    for (const text of [finding.title, finding.explanation, finding.fix.text]) expect(chinese(text)).toMatch(CJK);
  });

  it('gives text only when no usable mirror is known, and quotes the engine when daemon.json does not list it', () => {
    const evidence = evidenceWith({ local: { engine: { active: { mirrors: [HOSTED], insecureRegistries: [] } } }, mirrors: [probe(HOSTED, 'not-a-mirror')] });
    const finding = expectFinding(hostedAsMirror, evidence);
    expect(finding.fix.command).toBeNull();
    expect(finding.fix.action).toBeNull();
    expect(english(finding.fix.text)).toContain('dockside mirrors use <proxy or group URL>');
    expect(finding.evidence[0]).toEqual({ kind: 'command', source: "docker info --format '{{json .RegistryConfig.Mirrors}}'", detail: HOSTED });
  });

  it('leaves alone usable mirrors, other failures, and mirrors not probed', () => {
    expect(hostedAsMirror.detect(withMirrors([PROXY], [probe(PROXY, 'usable')]))).toBeNull();
    expect(hostedAsMirror.detect(withMirrors([PROXY], [probe(PROXY, 'auth-required')]))).toBeNull();
    expect(hostedAsMirror.detect(evidenceWith({ mirrors: null }))).toBeNull();
  });
});

describe('mirror-not-serving-hub', () => {
  it('reports unusable mirrors as a warning with their reasons, keeping the usable ones', () => {
    const down = 'https://gone.mirror.test/';
    const page = 'https://www.mirror.test/';
    const finding = expectFinding(
      mirrorNotServingHub,
      withMirrors([down, page, PROXY], [probe(PROXY, 'usable'), probe(down, 'unreachable', 'Connection refused (ECONNREFUSED).'), probe(page, 'not-a-registry', 'It answered with a web page, not a registry.')]),
    );
    expect(finding.severity).toBe('warning');
    const probed = finding.evidence.filter((item) => item.kind === 'http');
    expect(probed.map((item) => item.detail)).toEqual(['unreachable', 'not-a-registry']);
    expect(probed.map((item) => evidenceEnglish(item))[0]).toContain('Connection refused (ECONNREFUSED).');
    expect(english(finding.explanation)).toContain('the evidence shows why');
    expect(finding.fix.command).toBe(`dockside mirrors use ${PROXY}`);
    expect(finding.fix.action).toEqual({ kind: 'mirrors-use', urls: [PROXY] });
    for (const text of [finding.title, finding.explanation, finding.fix.text]) expect(chinese(text)).toMatch(CJK);
  });

  it('offers to clear the mirrors when none works', () => {
    for (const status of ['timeout', 'tls-error', 'error'] as const) {
      const { fix } = expectFinding(mirrorNotServingHub, withMirrors([PROXY], [probe(PROXY, status)]));
      expect(fix.command).toBe('dockside mirrors clear');
      expect(fix.action).toEqual({ kind: 'mirrors-clear' });
    }
  });

  it('leaves alone usable mirrors and the failures other findings explain', () => {
    expect(mirrorNotServingHub.detect(withMirrors([PROXY, HOSTED], [probe(PROXY, 'usable'), probe(HOSTED, 'not-a-mirror'), probe('https://x.test/', 'auth-required')]))).toBeNull();
    expect(mirrorNotServingHub.detect(evidenceWith({ mirrors: [] }))).toBeNull();
  });
});

describe('mirror-refuses-anonymous', () => {
  it('reports a mirror that asks for login as an error, naming the Nexus settings', () => {
    const reason = 'It asks for credentials (401) even for an anonymous token: Docker reaches mirrors without credentials.';
    const finding = expectFinding(mirrorRefusesAnonymous, withMirrors([PROXY], [probe(PROXY, 'auth-required', reason)]));
    expect(finding.severity).toBe('error');
    expect(finding.evidence[1]).toEqual({ kind: 'http', source: `dockside mirrors probe ${PROXY}`, detail: 'auth-required', text: msg('common.error.internal', { detail: reason }) });
    for (const lang of ['en', 'zh-CN'] as const) {
      expect(allText(finding, lang)).toContain('Docker Bearer Token Realm');
      expect(allText(finding, lang)).toContain('Allow anonymous docker pull');
    }
    expect(english(finding.explanation)).toMatch(/without the user's credentials/);
    for (const text of [finding.title, finding.explanation, finding.fix.text]) expect(chinese(text)).toMatch(CJK);
  });

  it('leaves alone a mirror that serves anonymous pulls', () => {
    expect(mirrorRefusesAnonymous.detect(withMirrors([PROXY], [probe(PROXY, 'usable')]))).toBeNull();
  });
});
