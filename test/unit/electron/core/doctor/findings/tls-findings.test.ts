import { describe, expect, it } from 'vitest';
import { caUnknown } from '../../../../../../electron/core/doctor/findings/ca-unknown';
import { certificateExpiring } from '../../../../../../electron/core/doctor/findings/certificate-expiring';
import { certificateName } from '../../../../../../electron/core/doctor/findings/certificate-name';
import { certificate, evidenceWith, fingerprint, healthyRegistry, NOW, REGISTRY, tlsEvidence, trustProblem } from '../evidence-builder';
import { allText, evidenceEnglish, expectFinding } from './expect-finding';
import { chinese, english } from '../../../../../harness/english';

const UNKNOWN_AUTHORITY = 'x509: certificate signed by unknown authority';
const withTls = (partial: Parameters<typeof tlsEvidence>[0]) => evidenceWith({ registry: { tls: tlsEvidence(partial) } });

describe('ca-unknown', () => {
  it('reports an untrusted CA the server sends, with the trust add command pinned to its fingerprint', () => {
    const finding = expectFinding(caUnknown, withTls({ trustedBy: null, problems: [trustProblem('unknown-authority', { dockerError: UNKNOWN_AUTHORITY })] }));
    expect(finding.severity).toBe('error');
    expect(finding.fix.command).toBe(`dockside trust add ${REGISTRY} --fingerprint sha256:${'CD'.repeat(32)}`);
    expect(finding.fix.action).toEqual({ kind: 'trust-add', registry: REGISTRY, fingerprint: fingerprint('CD') });
    expect(finding.evidence[0]).toMatchObject({ kind: 'tls', source: `TLS ${REGISTRY}`, detail: `unknown-authority: ${UNKNOWN_AUTHORITY}` });
    expect(evidenceEnglish(finding.evidence[1])).toContain(fingerprint('CD'));
    for (const lang of ['en', 'zh-CN'] as const) expect(allText(finding, lang)).toContain(UNKNOWN_AUTHORITY);
  });

  it('reports a CA the server does not send (ca-not-sent) with no command, asking for the file', () => {
    const leafOnly = [certificate({ issuer: 'CN=Corp Root CA' })];
    const finding = expectFinding(caUnknown, withTls({ chain: leafOnly, ca: null, trustedBy: null, problems: [trustProblem('ca-not-sent', { certificate: 0 }), trustProblem('unknown-authority', { dockerError: UNKNOWN_AUTHORITY })] }));
    expect(finding.fix.command).toBeNull();
    expect(finding.fix.action).toBeNull();
    expect(english(finding.fix.text)).toContain(`dockside trust add ${REGISTRY} --ca-file <file>`);
    expect(evidenceEnglish(finding.evidence[0])).toMatch(/^ca-not-sent — .*issuer CN=Corp Root CA$/);
  });

  it('names the AIA caIssuers URL the CA was fetched from, and pins that CA', () => {
    const url = 'http://reg.example:8080/ca.der';
    const root = certificate({ subject: 'CN=Corp Root CA', issuer: 'CN=Corp Root CA', fingerprintSha256: fingerprint('EF'), isCa: true, selfSigned: true });
    const finding = expectFinding(
      caUnknown,
      withTls({ chain: [certificate({ issuer: 'CN=Corp Root CA' })], ca: { source: 'aia', certificate: root }, aia: { urls: [url], issuers: [root], error: null }, trustedBy: null, problems: [trustProblem('unknown-authority', { dockerError: UNKNOWN_AUTHORITY })] }),
    );
    expect(finding.fix.command).toBe(`dockside trust add ${REGISTRY} --fingerprint sha256:${'EF'.repeat(32)}`);
    expect(evidenceEnglish(finding.evidence[1])).toContain(url);
    expect(evidenceEnglish(finding.evidence[1])).toContain('AIA');
    const text = finding.evidence[1]?.text;
    expect(text && chinese(text)).toContain(url);
  });

  it('names the AIA caIssuers URL that was followed in vain, and why it failed', () => {
    const url = 'http://reg.example:8080/ca.der';
    const error = { code: 'aia-status', key: 'tls.error.aia.status' as const, params: { url, status: 404 } };
    const finding = expectFinding(
      caUnknown,
      withTls({ chain: [certificate({ issuer: 'CN=Corp Root CA' })], ca: null, aia: { urls: [url], issuers: [], error }, trustedBy: null, problems: [trustProblem('ca-not-sent', { certificate: 0 }), trustProblem('unknown-authority', { dockerError: UNKNOWN_AUTHORITY })] }),
    );
    expect(finding.fix.command).toBeNull();
    const texts = finding.evidence.map(evidenceEnglish).join('\n');
    expect(texts).toContain(`${url}. Following it found no CA.`);
    expect(texts).toContain('answered HTTP 404');
  });

  it('leaves alone a trusted chain, a chain with only a name problem, and an http registry (no TLS)', () => {
    expect(caUnknown.detect(withTls({}))).toBeNull();
    expect(caUnknown.detect(withTls({ problems: [trustProblem('name-mismatch', { certificate: 0 })] }))).toBeNull();
    expect(caUnknown.detect(evidenceWith({ registry: { tls: null } }))).toBeNull();
  });
});

describe('certificate-name', () => {
  it.each([
    ['legacy-common-name', 'x509: certificate relies on legacy Common Name field, use SANs instead', /only a Common Name/],
    ['name-mismatch', 'x509: certificate is valid for other.test, not registry.test', /does not name registry\.test/],
    ['no-dns-names', 'x509: certificate is not valid for any names, but wanted to match registry.test', /does not name registry\.test/],
  ] as const)('reports %s as an error quoting Docker\'s error', (code, dockerError, title) => {
    const finding = expectFinding(certificateName, withTls({ problems: [trustProblem(code, { certificate: 0, dockerError })] }));
    expect(finding.severity).toBe('error');
    expect(english(finding.title)).toMatch(title);
    expect(evidenceEnglish(finding.evidence[0])).toMatch(new RegExp(`^${code}: ${dockerError.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} — certificate 0: subject CN=registry.test`));
    for (const lang of ['en', 'zh-CN'] as const) expect(allText(finding, lang)).toContain(dockerError);
    expect(english(finding.fix.text)).toContain('subjectAltName=DNS:registry.test');
  });

  it('asks for an IP SAN when the registry is an IP (no-ip-sans)', () => {
    const dockerError = "x509: cannot validate certificate for 10.0.0.5 because it doesn't contain any IP SANs";
    const evidence = evidenceWith({ registry: { registry: '10.0.0.5:8443', tls: tlsEvidence({ problems: [trustProblem('no-ip-sans', { certificate: 0, dockerError })] }, '10.0.0.5:8443') } });
    const finding = expectFinding(certificateName, evidence);
    expect(chinese(finding.explanation)).toContain(dockerError);
    expect(english(finding.fix.text)).toContain('subjectAltName=IP:10.0.0.5');
  });

  it('leaves alone a certificate that names the host, and an untrusted CA alone', () => {
    expect(certificateName.detect(withTls({}))).toBeNull();
    expect(certificateName.detect(withTls({ problems: [trustProblem('unknown-authority')] }))).toBeNull();
  });
});

describe('certificate-expiring', () => {
  const detector = certificateExpiring(() => NOW);
  const leafUntil = (notAfter: string, problems = tlsEvidence().problems) => {
    const base = tlsEvidence();
    return evidenceWith({ registry: { ...healthyRegistry(), tls: { ...base, chain: [certificate({ notAfter }), ...base.chain.slice(1)], problems } } });
  };

  it('warns about a leaf that expires within 30 days of now', () => {
    const finding = expectFinding(detector, leafUntil('2025-06-15T12:00:00.000Z'));
    expect(finding.severity).toBe('warning');
    expect(english(finding.title)).toBe(`The certificate of ${REGISTRY} expires in 14 days`);
    expect(chinese(finding.title)).toBe(`${REGISTRY} 的证书将在 14 天后过期`);
    expect(evidenceEnglish(finding.evidence[0])).toContain('notAfter 2025-06-15T12:00:00.000Z');
  });

  it('reports an expired leaf as an error, quoting the expired problem', () => {
    const dockerError = 'x509: certificate has expired or is not yet valid: current time 2025-06-01T12:00:00Z is after 2025-05-01T00:00:00Z';
    const finding = expectFinding(detector, leafUntil('2025-05-01T00:00:00.000Z', [trustProblem('expired', { certificate: 0, dockerError })]));
    expect(finding.severity).toBe('error');
    expect(finding.evidence[1]?.detail).toBe(`expired: ${dockerError}`);
    for (const lang of ['en', 'zh-CN'] as const) expect(allText(finding, lang)).toContain(dockerError);
  });

  it('reports an expired leaf as an error even without the problem (judged by now)', () => {
    expect(expectFinding(detector, leafUntil('2025-06-01T11:00:00.000Z')).severity).toBe('error');
  });

  it('leaves alone a leaf valid for 31 days or more, and no TLS', () => {
    expect(detector.detect(leafUntil('2025-07-02T12:00:01.000Z'))).toBeNull();
    expect(detector.detect(evidenceWith({ registry: {} }))).toBeNull();
    expect(detector.detect(evidenceWith({ registry: { tls: null } }))).toBeNull();
  });
});
