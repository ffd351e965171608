import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from '../../../../electron/main/window-options';

// Electron's security checklist for the one window, checked on the options window.ts passes to
// BrowserWindow (https://www.electronjs.org/docs/latest/tutorial/security).
describe('mainWindowOptions', () => {
  const preload = '/opt/Dockside/resources/app/out/preload/index.cjs';
  const web = mainWindowOptions(preload).webPreferences ?? {};

  it('isolates and sandboxes the renderer', () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
  });

  it('gives Node to no renderer, worker or subframe', () => {
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on, refuses insecure content and webviews', () => {
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
  });

  it('loads the given preload and nothing else of the app into the page', () => {
    expect(web.preload).toBe(preload);
    expect(mainWindowOptions('/elsewhere/preload.cjs').webPreferences?.preload).toBe('/elsewhere/preload.cjs');
    // No escape hatches: nothing beyond the settings above and the spellchecker, off.
    expect(Object.keys(web).sort()).toEqual(
      ['allowRunningInsecureContent', 'contextIsolation', 'nodeIntegration', 'nodeIntegrationInSubFrames', 'nodeIntegrationInWorker', 'preload', 'sandbox', 'spellcheck', 'webSecurity', 'webviewTag'].sort(),
    );
  });

  it('starts hidden (shown at ready-to-show) with a title', () => {
    const options = mainWindowOptions(preload);
    expect(options.show).toBe(false);
    expect(options.title).toBe('Dockside');
  });
});
