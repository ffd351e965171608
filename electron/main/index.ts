import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import * as sudoPrompt from '@vscode/sudo-prompt';
import { app, BrowserWindow, session } from 'electron';
import { resolveMachine } from '../core/machine';
import { chooseElevator } from '../core/plan/choose-elevator';
import { directElevatorWith } from '../core/plan/elevator';
import { createHandlers } from './handlers/index';
import { lazyMachine } from './handlers/machine';
import { createEventSender, registerIpc } from './ipc';
import { createSenderCheck, denyPermissions, lockNavigation } from './security';
import { createSudoPromptElevator } from './sudo-prompt-elevator';
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

  // The privileged entry runs under this very executable as Node, directly (root, or the user's
  // own files) or through one sudo-prompt password prompt per apply.
  const elevators = { direct: directElevatorWith({ ELECTRON_RUN_AS_NODE: '1' }), prompt: createSudoPromptElevator(sudoPrompt) };
  const ownContents = (): Electron.WebContents[] => windows.map((w) => w.webContents);

  void app.whenReady().then(() => {
    denyPermissions(session.defaultSession);
    registerIpc(
      createHandlers({
        app: { name: app.getName(), version: app.getVersion(), platform: process.platform, arch: process.arch },
        // The environment decides as it does for the CLI (DOCKSIDE_ENGINE, DOCKER_CONFIG, ...); no launcher dir is known here.
        machine: lazyMachine(() => resolveMachine({}, process.env)),
        // resources/ sits two levels above out/main/index.js, in a checkout and in app.asar alike.
        catalogPath: join(import.meta.dirname, '../../resources/mirrors.json'),
        emit: createEventSender(ownContents),
        change: {
          privileged: { runtime: process.execPath, script: join(import.meta.dirname, 'privileged.js') },
          elevatorFor: (plan) => chooseElevator(plan, elevators),
          newId: () => randomUUID(),
        },
      }),
      createSenderCheck(ownContents, rendererUrl),
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
