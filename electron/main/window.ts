import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow } from 'electron';
import { mainWindowOptions } from './window-options';

/** The one app window: isolated, sandboxed renderer with no Node, only the preload's typed API. */
export function createMainWindow(preloadPath: string, rendererUrl: string): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(preloadPath));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(rendererUrl);
  return window;
}

export function rendererEntry(outDir: string): { url: string } {
  // electron-vite sets this in `dev`; otherwise the built renderer is loaded from disk.
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl) return { url: devUrl };
  return { url: pathToFileURL(join(outDir, '../renderer/index.html')).href };
}
