import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The one app window's options: an isolated, sandboxed renderer with no Node, no webviews and
 * web security on, whose only way to the app is the preload's typed API. Pure data (only the
 * type comes from 'electron'), so test/unit checks the security settings under plain Node.
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 760,
    minWidth: 760,
    minHeight: 560,
    show: false,
    title: 'Dockside',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}
