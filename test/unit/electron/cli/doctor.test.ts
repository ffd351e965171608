import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../../electron/cli/args';
import { printDoctor } from '../../../../electron/cli/commands/doctor';
import { DoctorJsonSchema } from '../../../../shared/doctor';
import { fillMessages } from '../../../../shared/i18n/fill-messages';
import { createTranslator } from '../../../../electron/core/i18n/translator';
import { en } from '../../../../shared/locales/en';
import { zhCN } from '../../../../shared/locales/zh-CN';
import { msg } from '../../../../shared/message';
import { thrownBy } from '../../dockside-error';

describe('doctor arguments', () => {
  it('takes no operand or one, and --image', () => {
    expect(parseCliArgs(['doctor']).operands).toEqual([]);
    const parsed = parseCliArgs(['doctor', 'nexus.example:8443/team/app', '--image', 'nexus.example:8443/team/app:1', '--json']);
    expect(parsed).toMatchObject({ command: 'doctor', operands: ['nexus.example:8443/team/app'], values: { image: 'nexus.example:8443/team/app:1' } });
    expect(thrownBy(() => parseCliArgs(['doctor', 'a:1', 'b:2'])).code).toBe('usage');
    expect(thrownBy(() => parseCliArgs(['doctor', '--nexus', 'https://n'])).code).toBe('usage');
  });
});

describe('printDoctor', () => {
  const result = {
    registry: 'nexus.example:8443',
    findings: [
      {
        id: 'ca-unknown',
        severity: 'error' as const,
        title: msg('doctor.ca-unknown.title', { registry: 'nexus.example:8443' }),
        explanation: msg('doctor.ca-unknown.explanation', { address: 'nexus.example:8443', issuer: 'CN=Corp CA', caPath: '/etc/docker/certs.d/nexus.example:8443/ca.crt', error: 'x509: certificate signed by unknown authority' }),
        evidence: [
          { kind: 'tls' as const, source: 'nexus.example:8443', detail: 'x509: certificate signed by unknown authority' },
          { kind: 'tls' as const, source: 'TLS nexus.example:8443', detail: '', text: msg('doctor.evidence.ca.from-server', { subject: 'CN=Corp CA', fingerprint: 'AB:CD' }) },
        ],
        fix: { text: msg('doctor.ca-unknown.fix.with-ca', { fingerprint: 'AB:CD', caPath: '/etc/docker/certs.d/nexus.example:8443/ca.crt' }), command: 'dockside trust add nexus.example:8443', action: { kind: 'trust-add' as const, registry: 'nexus.example:8443', fingerprint: 'AB'.repeat(32) } },
      },
    ],
    skipped: [{ check: 'mirrors', reason: msg('doctor.skipped.mirrors.unknown') }],
  };

  it('prints one block per finding in the chosen language', () => {
    const print = (t: ReturnType<typeof createTranslator>): string => {
      const lines: string[] = [];
      printDoctor(t, result, (line) => lines.push(line));
      return lines.join('\n');
    };
    const english = print(createTranslator('en', en));
    expect(english).toContain('[ERROR] Docker does not trust the CA of nexus.example:8443 (ca-unknown)');
    expect(english).toContain('fail with "x509: certificate signed by unknown authority"');
    expect(english).toContain('TLS nexus.example:8443: CA: CN=Corp CA, sha256 fingerprint AB:CD (sent by the server)');
    expect(english).toContain('mirrors: Neither daemon.json nor the running engine could be read');
    const chinese = print(createTranslator('zh-CN', zhCN));
    expect(chinese).toContain('[错误] Docker 不信任 nexus.example:8443 的 CA 证书 (ca-unknown)');
    expect(chinese).toContain('报错 "x509: certificate signed by unknown authority"');
    expect(chinese).toContain('检查对象: nexus.example:8443');
    for (const text of [english, chinese]) {
      expect(text).toContain('nexus.example:8443: `x509: certificate signed by unknown authority`');
      expect(text).toContain('dockside trust add nexus.example:8443');
    }
  });

  it('fills every message of the --json document in the chosen language, and the document still validates', () => {
    const filled = fillMessages(result, createTranslator('zh-CN', zhCN), zhCN);
    const parsed = DoctorJsonSchema.parse(filled);
    expect(parsed.findings[0]?.title.message).toBe('Docker 不信任 nexus.example:8443 的 CA 证书');
    expect(parsed.findings[0]?.evidence[1]?.text?.message).toContain('AB:CD');
    expect(parsed.skipped[0]?.reason.message).toContain('daemon.json');
  });
});
