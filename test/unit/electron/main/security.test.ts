import type { IpcMainInvokeEvent, Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { createSenderCheck, guardPermissions, lockNavigation } from '../../../../electron/main/security';

// The hardening of electron/main/security.ts on small fakes: each records what main registers,
// and the test calls the recorded handlers as Electron would.

type Handler = (event: { preventDefault(): void }, ...args: unknown[]) => void;

function fakeContents() {
  const handlers = new Map<string, Handler[]>();
  let windowOpen: ((details: { url: string }) => unknown) | undefined;
  const contents = {
    on(event: string, handler: Handler) {
      handlers.set(event, [...(handlers.get(event) ?? []), handler]);
      return contents;
    },
    setWindowOpenHandler(handler: (details: { url: string }) => unknown) {
      windowOpen = handler;
    },
  };
  return { contents: contents as unknown as WebContents, handlers, windowOpen: () => windowOpen };
}

function fakeEvent() {
  let prevented = 0;
  return {
    event: {
      preventDefault: () => {
        prevented += 1;
      },
    },
    prevented: () => prevented,
  };
}

describe('lockNavigation', () => {
  it.each(['will-navigate', 'will-redirect', 'will-attach-webview'])('prevents %s', (name) => {
    const fake = fakeContents();
    lockNavigation(fake.contents);
    const registered = fake.handlers.get(name) ?? [];
    expect(registered).toHaveLength(1);
    const { event, prevented } = fakeEvent();
    for (const handler of registered) handler(event, 'https://evil.example/');
    expect(prevented()).toBe(1);
  });

  it('denies every new window', () => {
    const fake = fakeContents();
    lockNavigation(fake.contents);
    const handler = fake.windowOpen();
    expect(handler).toBeDefined();
    expect(handler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(handler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
  });
});

describe('guardPermissions', () => {
  const rendererUrl = 'file:///opt/Dockside/resources/app.asar/out/renderer/index.html';
  const ours = { id: 1 } as unknown as WebContents;
  const theirs = { id: 2 } as unknown as WebContents;
  type Request = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void;
  type Check = (contents: unknown, permission: string, origin: string, details: { requestingUrl?: string }) => boolean;

  function guarded(url = rendererUrl): { request: Request; check: Check } {
    let request: Request | undefined;
    let check: Check | undefined;
    const session = {
      setPermissionRequestHandler: (handler: Request) => {
        request = handler;
      },
      setPermissionCheckHandler: (handler: Check) => {
        check = handler;
      },
    };
    guardPermissions(session as unknown as Session, () => [ours], url);
    if (!request || !check) throw new Error('guardPermissions set no handler');
    return { request, check };
  }

  const asked = (request: Request, contents: unknown, permission: string, requestingUrl?: string): boolean[] => {
    const answers: boolean[] = [];
    request(contents, permission, (granted) => answers.push(granted), requestingUrl === undefined ? {} : { requestingUrl });
    return answers;
  };

  it('grants clipboard-sanitized-write to the app\'s own page in its own window', () => {
    const { request, check } = guarded();
    expect(asked(request, ours, 'clipboard-sanitized-write', rendererUrl)).toEqual([true]);
    expect(check(ours, 'clipboard-sanitized-write', 'file://', { requestingUrl: rendererUrl })).toBe(true);
  });

  it('refuses every other permission, even to the app\'s own page', () => {
    const { request, check } = guarded();
    for (const permission of ['clipboard-read', 'media', 'notifications', 'geolocation', 'openExternal', 'fullscreen', 'midi']) {
      expect(asked(request, ours, permission, rendererUrl), permission).toEqual([false]);
      expect(check(ours, permission, 'file://', { requestingUrl: rendererUrl }), permission).toBe(false);
    }
  });

  it('refuses the clipboard to any other page, window or origin', () => {
    const { request, check } = guarded();
    const others: Array<[unknown, string | undefined]> = [
      [theirs, rendererUrl],
      [null, rendererUrl],
      [ours, 'file:///home/user/evil.html'],
      [ours, 'https://evil.example/'],
      [ours, 'not a url'],
      [ours, undefined],
    ];
    for (const [contents, url] of others) {
      expect(asked(request, contents, 'clipboard-sanitized-write', url), String(url)).toEqual([false]);
      expect(check(contents, 'clipboard-sanitized-write', 'file://', url === undefined ? {} : { requestingUrl: url }), String(url)).toBe(false);
    }
  });

  it('in development grants it to the dev server\'s origin only', () => {
    const { request } = guarded('http://localhost:5173/');
    expect(asked(request, ours, 'clipboard-sanitized-write', 'http://localhost:5173/index.html')).toEqual([true]);
    expect(asked(request, ours, 'clipboard-sanitized-write', 'http://localhost:5174/')).toEqual([false]);
  });
});

describe('createSenderCheck', () => {
  const ours = { id: 1 } as unknown as WebContents;
  const theirs = { id: 2 } as unknown as WebContents;
  const rendererUrl = 'file:///opt/Dockside/resources/app.asar/out/renderer/index.html';
  const mainFrame = { parent: null, url: rendererUrl };
  const event = (sender: WebContents, frame: { parent: unknown; url: string } | null): IpcMainInvokeEvent =>
    ({ sender, senderFrame: frame }) as unknown as IpcMainInvokeEvent;

  const check = createSenderCheck(() => [ours], rendererUrl);

  it("accepts the main frame of our own window showing the app's page", () => {
    expect(check(event(ours, mainFrame))).toBe(true);
    // Routing inside the page (a hash, a query) keeps the same file.
    expect(check(event(ours, { parent: null, url: `${rendererUrl}#/setup` }))).toBe(true);
  });

  it('rejects a subframe, even one showing the app page', () => {
    expect(check(event(ours, { parent: mainFrame, url: rendererUrl }))).toBe(false);
  });

  it('rejects a frame that is gone', () => {
    expect(check(event(ours, null))).toBe(false);
  });

  it('rejects another webContents', () => {
    expect(check(event(theirs, mainFrame))).toBe(false);
  });

  it('rejects another file:// path', () => {
    expect(check(event(ours, { parent: null, url: 'file:///tmp/evil/index.html' }))).toBe(false);
    expect(check(event(ours, { parent: null, url: 'file:///opt/Dockside/resources/app.asar/out/renderer/other.html' }))).toBe(false);
  });

  it('rejects a remote https origin and an unparsable URL', () => {
    expect(check(event(ours, { parent: null, url: 'https://evil.example/out/renderer/index.html' }))).toBe(false);
    expect(check(event(ours, { parent: null, url: 'not a url' }))).toBe(false);
  });

  it('in development, accepts the dev server origin only', () => {
    const dev = createSenderCheck(() => [ours], 'http://localhost:5173/');
    expect(dev(event(ours, { parent: null, url: 'http://localhost:5173/index.html' }))).toBe(true);
    expect(dev(event(ours, { parent: null, url: 'http://localhost:5174/' }))).toBe(false);
    expect(dev(event(ours, { parent: null, url: rendererUrl }))).toBe(false);
  });

  it('reads the list of our windows at each call (a window closed is no longer ours)', () => {
    let open: WebContents[] = [ours];
    const live = createSenderCheck(() => open, rendererUrl);
    expect(live(event(ours, mainFrame))).toBe(true);
    open = [];
    expect(live(event(ours, mainFrame))).toBe(false);
  });
});
