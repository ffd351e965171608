import { describe, expect, it } from 'vitest';
import { tooManyAttempts } from '../../../../../../electron/core/doctor/findings/too-many-attempts';
import { evidenceWith, exchange, pushProbe, REGISTRY } from '../evidence-builder';
import { expectFinding } from './expect-finding';
import { chinese, english } from '../../../../../harness/english';

describe('too-many-attempts', () => {
  it('reports a 429 on the push probe\'s token request (Nexus locking the user) as an error: wait, do not retry', () => {
    const token = exchange('GET', `https://${REGISTRY}/token?service=${REGISTRY}&scope=repository%3Ateam%2Fapp%3Apull%2Cpush%2Cdelete&account=***`, { status: 429, body: 'Too many authentication attempts' });
    const finding = expectFinding(tooManyAttempts, evidenceWith({ registry: { push: { start: token, upload: null, blob: null } } }));
    expect(finding.severity).toBe('error');
    expect(finding.evidence).toEqual([{ kind: 'http', source: `GET ${token.url}`, detail: '429 Too Many Requests; body: Too many authentication attempts' }]);
    expect(english(finding.explanation)).toMatch(/15 minutes/);
    expect(chinese(finding.explanation)).toMatch(/15 分钟/);
    expect(english(finding.fix.text)).toMatch(/^Do not retry now/);
    expect(finding.fix.command).toBeNull();
  });

  it('reports any exchange that answered 429, each as evidence', () => {
    const limited = { status: 429, headers: { 'retry-after': '900' }, body: '' };
    const finding = expectFinding(tooManyAttempts, evidenceWith({ registry: { ping: exchange('GET', `https://${REGISTRY}/v2/`, limited), push: pushProbe(limited) } }));
    expect(finding.evidence.map((item) => item.detail)).toEqual(['429 Too Many Requests; retry-after: 900', '429 Too Many Requests; retry-after: 900']);
  });

  it('leaves alone a rejected password (401) and a healthy registry', () => {
    expect(tooManyAttempts.detect(evidenceWith({ registry: { push: pushProbe({ status: 401 }) } }))).toBeNull();
    expect(tooManyAttempts.detect(evidenceWith({ registry: {} }))).toBeNull();
    expect(tooManyAttempts.detect(evidenceWith())).toBeNull();
  });
});
