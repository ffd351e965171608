import type { IpcMainInvokeEvent, Session, WebContents } from 'electron';

/** The one permission the app uses: its copy buttons write plain text to the clipboard. */
const GRANTED = 'clipboard-sanitized-write';

/**
 * Every permission is refused (camera, notifications, reading the clipboard, ...) but writing to
 * the clipboard, and that only for the app's own page in a window of its own.
 */
export function guardPermissions(session: Session, ownContents: () => readonly WebContents[], rendererUrl: string): void {
  const allowed = new URL(rendererUrl);
  const ours = (contents: WebContents | null, url: string | undefined): boolean =>
    contents !== null && ownContents().includes(contents) && url !== undefined && isRendererUrl(url, allowed);
  session.setPermissionRequestHandler((contents, permission, callback, details) => callback(permission === GRANTED && ours(contents, details.requestingUrl)));
  session.setPermissionCheckHandler((contents, permission, _origin, details) => permission === GRANTED && ours(contents, details.requestingUrl));
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
    return isRendererUrl(frame.url, allowed);
  };
}

/** The app's own page: the built file itself (file://), or the dev server's origin. */
function isRendererUrl(text: string, allowed: URL): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return allowed.protocol === 'file:' ? url.protocol === 'file:' && url.pathname === allowed.pathname : url.origin === allowed.origin;
}
