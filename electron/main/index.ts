import { randomUUID } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as sudoPrompt from '@vscode/sudo-prompt';
import { app, BrowserWindow, dialog, session } from 'electron';
import { resolveMachine } from '../core/machine';
import { appPromptElevator, chooseElevator } from '../core/plan/choose-elevator';
import { directElevatorWith } from '../core/plan/elevator';
import { privilegedEntryIn } from '../core/plan/privileged-entry';
import { desktopLaunchersDir } from '../core/platform/launchers-dir';
import { withDesktopSearchPath } from '../core/platform/search-path';
import { refusingElevationInAppImage } from './appimage-elevation';
import { createConfirmDialog } from './confirm-dialog';
import { DEEP_LINK_SCHEME, profileUrlFromArgs, profileUrlFromDeepLink } from './deep-link';
import { createHandlers } from './handlers/index';
import { lazyMachine } from './handlers/machine';
import { userCommandsEnv } from './handlers/user-commands';
import { createEventSender, registerIpc } from './ipc';
import { createPendingLink } from './pending-link';
import { createSenderCheck, guardPermissions, lockNavigation } from './security';
import { createSudoPromptElevator } from './sudo-prompt-elevator';
import { createMainWindow, rendererEntry } from './window';

// The composition root of the desktop app: the only place that wires Electron to the core.
// First of all: macOS starts the app from Finder with a PATH where docker and the helpers are not.
Object.assign(process.env, withDesktopSearchPath(process.env, process.platform, homedir()));
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

  const ownContents = (): Electron.WebContents[] => windows.map((w) => w.webContents);
  const emit = createEventSender(ownContents);

  const focusWindow = (): void => {
    const [first] = windows;
    if (first) {
      if (first.isMinimized()) first.restore();
      first.focus();
    }
  };

  // dockside://profile?url=... : kept until the renderer takes it (profile:pending, asked once at
  // start), and announced to a window already running (profile:open). A link that is not exactly
  // ours is ignored: anyone can write one on a web page.
  const profileLink = createPendingLink();
  const receiveProfileUrl = (url: string | null): void => {
    if (url === null) return;
    profileLink.set(url);
    emit('profile:open', { url });
  };
  // In a packaged app only: in development the default client would be the bare Electron binary.
  if (app.isPackaged) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  // Windows and Linux start the app with the link as an argument, or hand it to the running instance.
  receiveProfileUrl(profileUrlFromArgs(process.argv));
  app.on('second-instance', (_event, argv) => {
    receiveProfileUrl(profileUrlFromArgs(argv));
    focusWindow();
  });
  // macOS sends the link as an event, possibly before ready when the link started the app: listen now.
  app.on('open-url', (event, link) => {
    event.preventDefault();
    receiveProfileUrl(profileUrlFromDeepLink(link));
    if (!app.isReady()) return;
    if (windows.length === 0) openWindow();
    else focusWindow();
  });

  app.on('web-contents-created', (_event, contents) => lockNavigation(contents));

  // The privileged entry runs under this very executable as Node, directly (root, or the user's
  // own files) or through one password prompt per apply: pkexec on Linux (progress as it happens), else sudo-prompt.
  const elevators = { direct: directElevatorWith({ ELECTRON_RUN_AS_NODE: '1' }), prompt: appPromptElevator(createSudoPromptElevator(sudoPrompt)) };
  const elevatorFor = refusingElevationInAppImage((plan) => chooseElevator(plan, elevators), elevators.direct, process.env.APPIMAGE);
  // docker-credential-dockside of this installation: named in the fix when PATH lacks it, and what path:install links.
  const launchersDir = desktopLaunchersDir({ packaged: app.isPackaged, resourcesPath: process.resourcesPath, mainDir: import.meta.dirname });

  void app.whenReady().then(() => {
    guardPermissions(session.defaultSession, ownContents, rendererUrl);
    registerIpc(
      createHandlers({
        app: { name: app.getName(), version: app.getVersion(), platform: process.platform, arch: process.arch },
        // The environment decides as it does for the CLI (DOCKSIDE_ENGINE, DOCKER_CONFIG, ...).
        machine: lazyMachine(() => resolveMachine({ helperDir: launchersDir }, process.env)),
        // resources/ sits two levels above out/main/index.js, in a checkout and in app.asar alike.
        catalogPath: join(import.meta.dirname, '../../resources/mirrors.json'),
        emit,
        change: {
          privileged: privilegedEntryIn(import.meta.dirname),
          elevatorFor,
          newId: () => randomUUID(),
          // Before any sign-in or elevation: main's own question, in front of the window of ours the user is in.
          confirm: createConfirmDialog(dialog, () => windows.find((window) => window.isFocused()) ?? windows[0] ?? null),
          systemLanguages: () => app.getPreferredSystemLanguages(),
        },
        profileLink,
        userCommands: () => userCommandsEnv(process.env, launchersDir, app.isPackaged),
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
