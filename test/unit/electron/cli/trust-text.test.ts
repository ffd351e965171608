import { describe, expect, it } from 'vitest';
import { printPlanCas } from '../../../../electron/cli/ca-summary';
import { createOutput } from '../../../../electron/cli/output';
import { printInspection, printList } from '../../../../electron/cli/trust-text';
import type { Language } from '../../../../shared/i18n/languages';
import { en } from '../../../../shared/locales/en';
import { zhCN } from '../../../../shared/locales/zh-CN';
import { msg } from '../../../../shared/message';
import type { Plan } from '../../../../shared/plan';
import { type CertificateInfo, type TrustInspectJson, TrustInspectJsonSchema } from '../../../../shared/trust';
import { english } from '../../../harness/english';

const FINGERPRINT = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).toUpperCase().padStart(2, '0').slice(-2)).join(':');
const UNKNOWN_AUTHORITY = 'x509: certificate signed by unknown authority';

const root: CertificateInfo = {
  subject: 'O=Acme\nCN=Acme Root CA',
  issuer: 'O=Acme\nCN=Acme Root CA',
  commonName: 'Acme Root CA',
  dnsNames: [],
  ipAddresses: [],
  hasSubjectAltName: false,
  notBefore: '2024-01-01T00:00:00Z',
  notAfter: '2034-01-01T00:00:00Z',
  fingerprintSha256: FINGERPRINT,
  serialNumber: '01',
  publicKey: { type: 'rsa', bits: 2048, curve: null },
  signatureAlgorithm: 'sha256WithRSAEncryption',
  isCa: true,
  selfSigned: true,
};

const inspection: TrustInspectJson = {
  registry: 'nexus.example:8443',
  address: 'nexus.example:8443',
  tlsVersion: 'TLSv1.3',
  chain: [{ ...root, subject: 'CN=nexus.example', commonName: 'nexus.example', dnsNames: ['nexus.example'], hasSubjectAltName: true, isCa: false, selfSigned: false }, root],
  ca: { source: 'server', certificate: root },
  caPath: '/etc/docker/certs.d/nexus.example:8443/ca.crt',
  trustedBy: null,
  problems: [
    {
      code: 'unknown-authority',
      certificate: null,
      explanation: msg('tls.problem.unknown-authority'),
      dockerError: UNKNOWN_AUTHORITY,
      fix: msg('tls.fix.unknown-authority.fingerprint', { command: 'dockside trust add nexus.example:8443', fingerprint: FINGERPRINT, pin: `sha256:${FINGERPRINT.replace(/:/g, '')}` }),
    },
  ],
};

/** What a command writes, through createOutput with in-memory streams. */
function capture(language: Language, json: boolean, write: (out: ReturnType<typeof createOutput>) => void): string {
  let stdout = '';
  type Streams = NonNullable<Parameters<typeof createOutput>[3]>;
  const stream = { write: (text: string) => ((stdout += text), true) };
  write(createOutput(json, language, language === 'en' ? en : zhCN, { stdout: stream, stderr: stream } as unknown as Streams));
  return stdout;
}

describe('trust inspect in words', () => {
  it('in English: the chain, the CA with the command that pins it, the problem with Docker\'s own text quoted and the fix', () => {
    const text = capture('en', false, (out) => printInspection(out, inspection));
    expect(text).toContain('Registry: nexus.example:8443 (connected to nexus.example:8443, TLSv1.3)');
    expect(text).toContain(`sha256 Fingerprint=${FINGERPRINT}`);
    expect(text).toContain('Trusted by Docker: no');
    expect(text).toContain(`  - [unknown-authority] ${english(msg('tls.problem.unknown-authority'))}`);
    expect(text).toContain(`Docker says: "${UNKNOWN_AUTHORITY}"`);
    expect(text).toContain(`--fingerprint sha256:${FINGERPRINT.replace(/:/g, '')}`);
    expect(text).not.toMatch(/\{\{|tls\.|cli\./);
  });

  it('in Chinese: every sentence translated; Docker\'s text, commands and fingerprints stay as they are', () => {
    const text = capture('zh-CN', false, (out) => printInspection(out, inspection));
    expect(text).toContain('Docker 是否信任：否');
    expect(text).toContain('Docker 不信任这张证书背后的 CA');
    expect(text).toContain(`Docker 的报错："${UNKNOWN_AUTHORITY}"`);
    expect(text).toContain(`sha256 指纹=${FINGERPRINT}`);
    expect(text).not.toMatch(/\{\{|tls\.|cli\.|Problems|Docker says|Fix:/);
  });

  it('--json: each problem carries code, params and the rendered message, and the document validates', () => {
    const document = TrustInspectJsonSchema.parse(JSON.parse(capture('zh-CN', true, (out) => out.document(inspection))));
    const [problem] = document.problems;
    expect(problem).toMatchObject({ code: 'unknown-authority', dockerError: UNKNOWN_AUTHORITY, explanation: { code: 'tls.problem.unknown-authority', params: {} } });
    expect(problem?.explanation.message).toMatch(/^Docker 不信任/);
    expect(problem?.fix.message).toContain(FINGERPRINT);
  });
});

describe('trust list in words', () => {
  it('names each registry, its CA and a read error in the reader\'s language', () => {
    const list = {
      certsDir: '/etc/docker/certs.d',
      registries: [
        { registry: 'a.example', path: '/etc/docker/certs.d/a.example/ca.crt', certificates: [root], error: null },
        { registry: 'b.example', path: '/etc/docker/certs.d/b.example/ca.crt', certificates: [], error: { code: 'invalid-certificate', key: 'tls.error.invalid-certificate.empty-file' as const, params: { source: 'ca.crt' } } },
      ],
    };
    const text = capture('zh-CN', false, (out) => printList(out, list));
    expect(text).toContain('已安装 CA 的镜像仓库，位于 /etc/docker/certs.d：');
    expect(text).toContain(`O=Acme, CN=Acme Root CA，到期 2034-01-01T00:00:00Z，sha256 指纹=${FINGERPRINT}`);
    expect(text).toContain('ca.crt 是空文件，其中没有证书。');
    expect(text).toContain('[invalid-certificate]');
  });
});

describe('a CA in a plan preview', () => {
  it('is shown by subject, issuer, fingerprint and validity, never as PEM', () => {
    const content = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const plan = {
      version: 1,
      id: 'plan-20240124-0002',
      action: 'apply',
      reason: msg('tls.plan.reason.add', { path: inspection.caPath, registry: inspection.registry }),
      engine: { kind: 'systemd' },
      steps: [{ type: 'write-file', role: 'ca-cert', path: inspection.caPath, content, mode: 0o644, beforeSha256: null, ca: [{ subject: root.subject, issuer: root.issuer, fingerprintSha256: FINGERPRINT, notBefore: root.notBefore, notAfter: root.notAfter }] }],
    } as unknown as Plan;
    const text = capture('en', false, (out) => printPlanCas(out, plan));
    expect(text.split('\n')).toEqual([
      `CA to install as ${inspection.caPath}:`,
      '  Subject: O=Acme, CN=Acme Root CA',
      '    Issuer: O=Acme, CN=Acme Root CA',
      `    sha256 Fingerprint=${FINGERPRINT}`,
      '    Valid: 2024-01-01T00:00:00Z to 2034-01-01T00:00:00Z',
      '',
    ]);
    expect(capture('zh-CN', false, (out) => printPlanCas(out, plan))).toContain('将安装为');
  });
});
