import type { IpcMainInvokeEvent, Session, WebContents } from 'electron';

/** The app asks for no permission (camera, notifications, ...): refuse every request. */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** The app never navigates away from its one page and never opens windows: applied to every webContents. */
export function lockNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * IPC is accepted only from the main frame of a window this app created, showing the app's own
 * renderer URL (file:// in production, the dev server in development).
 */
export function createSenderCheck(ownContents: () => readonly WebContents[], rendererUrl: string) {
  const allowed = new URL(rendererUrl);
  return (event: IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    if (!ownContents().includes(event.sender)) return false;
    if (!URL.canParse(frame.url)) return false;
    const url = new URL(frame.url);
    return allowed.protocol === 'file:' ? url.protocol === 'file:' && url.pathname === allowed.pathname : url.origin === allowed.origin;
  };
}
