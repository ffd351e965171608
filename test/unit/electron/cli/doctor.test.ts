import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../../electron/cli/args';
import { printDoctor } from '../../../../electron/cli/commands/doctor';
import { messagesFor } from '../../../../electron/cli/messages';
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
        title: { en: 'The CA is unknown', 'zh-CN': 'CA 未知' },
        explanation: { en: 'Docker cannot verify it.', 'zh-CN': 'Docker 无法验证。' },
        evidence: [{ kind: 'tls' as const, source: 'nexus.example:8443', detail: 'x509: certificate signed by unknown authority' }],
        fix: { text: { en: 'Trust the CA.', 'zh-CN': '信任该 CA。' }, command: 'dockside trust add nexus.example:8443', action: { kind: 'trust-add' as const, registry: 'nexus.example:8443', fingerprint: 'AB'.repeat(32) } },
      },
    ],
    skipped: [{ check: 'mirrors', reason: 'none configured' }],
  };

  it('prints one block per finding in the chosen language', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const lines: string[] = [];
      printDoctor(messagesFor(lang), result, (line) => lines.push(line));
      const text = lines.join('\n');
      expect(text).toContain(lang === 'en' ? '[ERROR] The CA is unknown (ca-unknown)' : '[错误] CA 未知 (ca-unknown)');
      expect(text).toContain('nexus.example:8443: x509: certificate signed by unknown authority');
      expect(text).toContain('dockside trust add nexus.example:8443');
      expect(text).toContain('mirrors: none configured');
    }
  });
});
