import { describe, expect, it } from 'vitest';
import { errorExplanation, messagesFor } from '../../../../electron/cli/messages';
import { createOutput } from '../../../../electron/cli/output';

/** What the CLI writes for an error, on stderr, through createOutput with in-memory streams. */
function errorText(lang: 'en' | 'zh-CN', json: boolean, error: { code: string; message: string }): { stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  type Streams = NonNullable<Parameters<typeof createOutput>[2]>;
  const stream = (write: (text: string) => void) => ({ write: (text: string) => (write(text), true) });
  const streams = { stdout: stream((t) => (stdout += t)), stderr: stream((t) => (stderr += t)) } as unknown as Streams;
  createOutput(json, messagesFor(lang), streams).error(error);
  return { stdout, stderr };
}

const REALM_ERROR = {
  code: 'token-realm-not-https',
  message: 'nexus.example:8443 is reached over HTTPS, but its /v2/ challenge sends clients for a token to http://nexus.example:8443/v2/token, a plain-HTTP URL: the password would cross the network in clear.',
};

describe('CLI error output', () => {
  it('explains token-realm-not-https in Simplified Chinese first, with the fix, then the engine message as evidence', () => {
    const { stdout, stderr } = errorText('zh-CN', false, REALM_ERROR);
    expect(stdout).toBe('');
    const [first, second] = stderr.split('\n');
    expect(first).toMatch(/^dockside: 该镜像仓库通过 HTTPS 访问/);
    expect(first).toContain('明文');
    expect(first).toContain('proxy_set_header X-Forwarded-Proto https;');
    expect(first).toMatch(/\[token-realm-not-https\]$/);
    expect(second).toBe(`  ${REALM_ERROR.message}`);
  });

  it('in English, prints the engine message once, as for every code', () => {
    expect(errorText('en', false, REALM_ERROR).stderr).toBe(`dockside: ${REALM_ERROR.message} [token-realm-not-https]\n`);
    expect(errorText('zh-CN', false, { code: 'unauthorized', message: 'unauthorized: no' }).stderr).toBe('dockside: unauthorized: no [unauthorized]\n');
  });

  it('keeps --json as {error:{code,message}} in any language', () => {
    expect(JSON.parse(errorText('zh-CN', true, REALM_ERROR).stderr)).toEqual({ error: REALM_ERROR });
  });

  it('has the explanation in both catalogs, and none for codes it does not explain', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      expect(errorExplanation('token-realm-not-https', messagesFor(lang))).toContain('X-Forwarded-Proto https');
      expect(errorExplanation('constructor', messagesFor(lang))).toBeNull();
      expect(errorExplanation('unauthorized', messagesFor(lang))).toBeNull();
    }
  });
});
