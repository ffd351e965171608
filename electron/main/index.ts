import { join } from 'node:path';
import { app, BrowserWindow, session } from 'electron';
import { resolveMachine } from '../core/machine';
import { createHandlers } from './handlers/index';
import { lazyMachine } from './handlers/machine';
import { registerIpc } from './ipc';
import { createSenderCheck, denyPermissions, lockNavigation } from './security';
import { createMainWindow, rendererEntry } from './window';

// The composition root of the desktop app: the only place that wires Electron to the core.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const windows: BrowserWindow[] = [];
  const { url: rendererUrl } = rendererEntry(import.meta.dirname);
  const preloadPath = join(import.meta.dirname, '../preload/index.cjs');

  const openWindow = (): void => {
    const window = createMainWindow(preloadPath, rendererUrl);
    windows.push(window);
    window.on('closed', () => windows.splice(windows.indexOf(window), 1));
  };

  app.on('second-instance', () => {
    const [first] = windows;
    if (first) {
      if (first.isMinimized()) first.restore();
      first.focus();
    }
  });

  app.on('web-contents-created', (_event, contents) => lockNavigation(contents));

  void app.whenReady().then(() => {
    denyPermissions(session.defaultSession);
    registerIpc(
      createHandlers({
        app: { name: app.getName(), version: app.getVersion(), platform: process.platform, arch: process.arch },
        // The environment decides as it does for the CLI (DOCKSIDE_ENGINE, DOCKER_CONFIG, ...); no launcher dir is known here.
        machine: lazyMachine(() => resolveMachine({}, process.env)),
        // resources/ sits two levels above out/main/index.js, in a checkout and in app.asar alike.
        catalogPath: join(import.meta.dirname, '../../resources/mirrors.json'),
      }),
      createSenderCheck(() => windows.map((w) => w.webContents), rendererUrl),
    );
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
