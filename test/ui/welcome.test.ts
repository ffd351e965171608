import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../../electron/main/handlers/index';
import { APP_VERSION as version, bridgeHandlers, openRenderer, type UiSession } from './bridge';
import { WelcomePage } from './pages/welcome-page';
import { screenshotIn } from './screen-language';

const SHOTS = 'test-results/ui';
const handlers: Handlers = bridgeHandlers();

describe('first screen in Chromium (window.dockside served by the real IPC handlers)', () => {
  let ui: UiSession;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ui = await openRenderer(handlers);
  });

  afterAll(async () => {
    await ui?.close();
  });

  it('shows the app version and platform read over IPC', async () => {
    const welcome = new WelcomePage(ui.page);
    await expect.poll(() => welcome.title.textContent()).toBe('Dockside');
    await expect.poll(() => welcome.version.textContent()).toBe(version);
    expect(await welcome.platform.textContent()).toBe(`${process.platform} (${process.arch})`);
    await screenshotIn(ui.page, 'en', { path: `${SHOTS}/welcome-en-light.png` });
    expect(ui.errors).toEqual([]);
  });

  it('switches to Simplified Chinese with the keyboard', async () => {
    const welcome = new WelcomePage(ui.page);
    await welcome.language.focus();
    await ui.page.keyboard.press('ArrowDown');
    await expect.poll(() => welcome.heading('欢迎').count()).toBe(1);
    expect(await ui.page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await ui.page.getByText('语言').count()).toBe(1);
    await screenshotIn(ui.page, 'zh-CN', { path: `${SHOTS}/welcome-zh-CN-light.png` });
  });

  it('starts in Chinese on a Chinese system, readable in dark mode', async () => {
    const page = await ui.newPage({ locale: 'zh-CN', colorScheme: 'dark' });
    const welcome = new WelcomePage(page);
    await expect.poll(() => welcome.heading('欢迎').count()).toBe(1);
    await expect.poll(() => welcome.version.textContent()).toBe(version);
    const colors = await page.evaluate(() => {
      const style = getComputedStyle(document.body);
      return { background: style.backgroundColor, text: style.color };
    });
    expect(colors).toEqual({ background: 'rgb(15, 20, 26)', text: 'rgb(230, 237, 243)' });
    await screenshotIn(page, 'zh-CN', { path: `${SHOTS}/welcome-zh-CN-dark.png` });
  });

  it('enforces the strict CSP: an injected inline script does not run', async () => {
    const ran = await ui.page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.head.append(script);
      await new Promise((r) => setTimeout(r, 50));
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
    expect(ui.errors.some((e) => e.includes('Content Security Policy'))).toBe(true);
  });
});

describe('first screen when the engine fails', () => {
  it('explains the failure in the user language with the code and a retry', async () => {
    let calls = 0;
    const failing: Handlers = {
      ...bridgeHandlers(),
      'app:info': async () => {
        calls += 1;
        throw new Error('app information is unavailable');
      },
    };
    const ui = await openRenderer(failing, { locale: 'en-US' });
    try {
      const welcome = new WelcomePage(ui.page);
      await expect.poll(() => welcome.alert.count()).toBe(1);
      const text = await welcome.alert.textContent();
      expect(text).toContain('Something unexpected went wrong');
      expect(text).toContain('internal');
      expect(text).toContain('app information is unavailable');
      const before = calls;
      await ui.page.getByRole('button', { name: 'Try again' }).click();
      await expect.poll(() => calls).toBe(before + 1);
      await screenshotIn(ui.page, 'en', { path: `${SHOTS}/welcome-error-en.png` });
    } finally {
      await ui.close();
    }
  });
});
