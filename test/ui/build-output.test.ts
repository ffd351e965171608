import { existsSync, readFileSync } from 'node:fs';
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
    // Prepended: it governs everything after it in <head>, so nothing may come before it but the charset.
    const head = html.slice(html.indexOf('<head>') + '<head>'.length, html.indexOf('Content-Security-Policy'));
    expect(head.replace(/<meta\s+charset="[^"]*"\s*\/?>/i, '')).toMatch(/^\s*<meta\s+http-equiv="$/);
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

// What the desktop package's launchers run (resources/launchers, inside app.asar) and what Docker
// starts for each credential: the helper one file that needs nothing but the keychain addon.
describe('out/main/credential-helper.cjs', () => {
  const repo = join(import.meta.dirname, '../..');

  it('is the file each launcher of the desktop package names', () => {
    for (const launcher of ['docker-credential-dockside', 'docker-credential-dockside.cmd']) {
      const text = readFileSync(join(repo, 'resources', 'launchers', launcher), 'utf8');
      const named = [...text.matchAll(/app\.asar[\\/](out[\\/]main[\\/][\w.-]+)/g)].map((m) => (m[1] ?? '').replaceAll('\\', '/'));
      expect(named).toEqual(['out/main/credential-helper.cjs']);
      expect(existsSync(join(repo, ...named[0]!.split('/')))).toBe(true);
    }
  });

  it('is one CommonJS file that requires nothing but Node built-ins and the keychain addon', () => {
    const code = readFileSync(join(repo, 'out', 'main', 'credential-helper.cjs'), 'utf8');
    // require("x") of a built-in, or createRequire(...)("x") of the addon, loaded on first use.
    const loaded = [...code.matchAll(/\)?\(\s*["'`]((?:node:|@napi-rs\/)[^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(loaded).toContain('@napi-rs/keyring');
    const bareRequires = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(bareRequires.filter((name) => !name?.startsWith('node:'))).toEqual([]);
    expect(code).not.toMatch(/\bimport\s*\(/);
  });
});
