import { describe, expect, it } from 'vitest';
import { createOutput } from '../../../../electron/cli/output';
import type { Language } from '../../../../shared/i18n/languages';
import { en } from '../../../../shared/locales/en';
import { zhCN } from '../../../../shared/locales/zh-CN';
import type { ErrorValue } from '../../../../shared/result';

/** What the CLI writes for an error, on stderr, through createOutput with in-memory streams. */
function errorText(language: Language, json: boolean, error: ErrorValue): { stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  type Streams = NonNullable<Parameters<typeof createOutput>[3]>;
  const stream = (write: (text: string) => void) => ({ write: (text: string) => (write(text), true) });
  const streams = { stdout: stream((t) => (stdout += t)), stderr: stream((t) => (stderr += t)) } as unknown as Streams;
  createOutput(json, language, language === 'zh-CN' ? zhCN : en, streams).error(error);
  return { stdout, stderr };
}

const TIMEOUT: ErrorValue = { code: 'usage', key: 'cli.error.usage.timeout', params: { value: '2s' } };

describe('CLI error output', () => {
  it('renders the error its own key says, in the reader language, with the code after it', () => {
    expect(errorText('en', false, TIMEOUT)).toEqual({ stdout: '', stderr: 'dockside: --timeout takes milliseconds from 100 to 600000, not "2s". [usage]\n' });
    expect(errorText('zh-CN', false, TIMEOUT).stderr).toBe('dockside: --timeout 的单位是毫秒，取值 100 到 600000，而不是 "2s"。 [usage]\n');
  });

  it('keeps an unexpected error its own text, under internal', () => {
    const internal: ErrorValue = { code: 'internal', key: 'common.error.internal', params: { detail: 'EACCES: permission denied' } };
    expect(errorText('en', false, internal).stderr).toContain('EACCES: permission denied');
  });

  it('prints --json as {error:{code,key,params,message}}, the message in the reader language', () => {
    expect(JSON.parse(errorText('zh-CN', true, TIMEOUT).stderr)).toEqual({ error: { ...TIMEOUT, message: '--timeout 的单位是毫秒，取值 100 到 600000，而不是 "2s"。' } });
    expect(errorText('en', true, TIMEOUT).stdout).toBe('');
  });
});
