import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/csp';

// The built page (test/build-once.ts builds it unless scripts/test.sh just did): the CSP that
// applies to the file:// page Electron loads is the meta tag electron.vite.config.ts writes.
const html = readFileSync(join(import.meta.dirname, '../../out/renderer/index.html'), 'utf8');

const decode = (text: string): string => text.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

describe('out/renderer/index.html', () => {
  it('carries the Content-Security-Policy of electron/main/csp.ts, once, in <head>', () => {
    const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/gi)];
    expect(metas).toHaveLength(1);
    expect(decode(metas[0]?.[1] ?? '')).toBe(CONTENT_SECURITY_POLICY);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('</head>'));
  });

  it('has no inline script and loads scripts only from the build', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs = '', body = ''] of scripts) {
      expect(body.trim()).toBe('');
      expect(attrs).toMatch(/\bsrc="\.\/assets\/[^"]+\.js"/);
    }
  });
});
