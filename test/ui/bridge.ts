import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { resolveMachine } from '../../electron/core/machine';
import { chooseElevator } from '../../electron/core/plan/choose-elevator';
import { directElevator, type Elevator } from '../../electron/core/plan/elevator';
import type { Plan } from '../../shared/plan';
import type { ChangeConfirmation } from '../../electron/main/handlers/confirm-change';
import { dispatch } from '../../electron/main/handlers/dispatch';
import { createHandlers } from '../../electron/main/handlers/index';
import { lazyMachine } from '../../electron/main/handlers/machine';
import type { Handlers } from '../../electron/main/handlers/types';
import { userCommandsEnv } from '../../electron/main/handlers/user-commands';
import { createPendingLink, type PendingLink } from '../../electron/main/pending-link';
import { type EmitEvent, ipcEvents } from '../../shared/ipc';
import type { IpcChannel, IpcEventName } from '../../shared/ipc-channels';
import { EVENTS_PATH, type EventStream, serveRenderer } from './static-server';

/**
 * The renderer in Debian's Chromium, with `window.dockside` served by the same handlers and the
 * same dispatch that electron/main binds to ipcMain: only the transport differs from the app.
 */
export interface UiSession {
  page: Page;
  /** Every console error and uncaught page error (CSP violations included). */
  errors: string[];
  newPage(options?: { locale?: string; colorScheme?: 'light' | 'dark' }): Promise<Page>;
  close(): Promise<void>;
}

export const APP_VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

/** main's events as the bridge streams them: checked against their schema as electron/main/ipc.ts does, then sent to every page. */
export interface EventHub extends EventStream {
  emit: EmitEvent;
}

export function createEventHub(): EventHub {
  const subscribers = new Set<(name: IpcEventName, payload: unknown) => void>();
  return {
    emit: (name, payload) => {
      const checked = ipcEvents[name].parse(payload);
      for (const send of subscribers) send(name, checked);
    },
    subscribe: (send) => {
      subscribers.add(send);
      return () => subscribers.delete(send);
    },
  };
}

/** The hub of the default bridge: bridgeHandlers emits here and openRenderer streams it. */
export const bridgeEvents = createEventHub();

/**
 * The test's stand-in for main's native confirmation dialog (electron/main/confirm-dialog.ts), which
 * Chromium cannot show: before every change:apply main asks it, with main's own words, and it
 * answers for the user as the test says (`clicks`), keeping each question in `asked`. Nothing
 * applies through the bridge without it: `clicks: 'cancel'` plays a user who declines.
 */
export interface StandInConfirmDialog {
  clicks: 'apply' | 'cancel';
  readonly asked: ChangeConfirmation[];
  confirm(confirmation: ChangeConfirmation): Promise<boolean>;
}

export function standInConfirmDialog(clicks: 'apply' | 'cancel'): StandInConfirmDialog {
  const dialog: StandInConfirmDialog = {
    clicks,
    asked: [],
    confirm: (confirmation) => {
      dialog.asked.push(confirmation);
      return Promise.resolve(dialog.clicks === 'apply');
    },
  };
  return dialog;
}

/**
 * The handlers electron/main binds, over this machine as the environment describes it:
 * DOCKSIDE_ENGINE (default `none`, so the bridge starts without a Docker engine; `auto` detects),
 * DOCKSIDE_DAEMON_JSON, DOCKSIDE_CERTS_DIR, DOCKER_CONFIG and DOCKER_HOST, as for the CLI.
 * `profileLink` plays main's pending `dockside://profile?url=` link (set it to start the app from a link).
 * `confirmDialog` plays the user at main's confirmation: unless a test says otherwise, a user who clicks Apply.
 * `elevatorFor` replaces the elevator chooseElevator picks (a stand-in for the app's password prompt).
 */
export function bridgeHandlers(
  env: NodeJS.ProcessEnv = process.env,
  events: EventHub = bridgeEvents,
  profileLink: PendingLink = createPendingLink(),
  confirmDialog: StandInConfirmDialog = standInConfirmDialog('apply'),
  elevatorFor: (plan: Plan) => Elevator = (plan) => chooseElevator(plan, { direct: directElevator, prompt: null }),
): Handlers {
  return createHandlers({
    app: { name: 'Dockside', version: APP_VERSION, platform: process.platform, arch: process.arch },
    // Dockside's own credential store unless a test asks otherwise: docker-credential-secretservice in /usr/bin works here.
    machine: lazyMachine(() => resolveMachine({ engine: env.DOCKSIDE_ENGINE ?? 'none' }, { DOCKSIDE_CREDENTIAL_STORE: 'dockside', ...env })),
    catalogPath: resolve('resources/mirrors.json'),
    emit: events.emit,
    // The built privileged entry (the UI suite builds first) under this Node; tests run as root, so
    // chooseElevator picks the direct elevator, and nothing can prompt for a password here.
    change: {
      privileged: { runtime: process.execPath, script: resolve('out/main/privileged.js') },
      elevatorFor,
      newId: () => randomUUID(),
      confirm: confirmDialog.confirm,
      // The renderer names its language with each apply; this is only the fallback main would take from the OS.
      systemLanguages: () => [Intl.DateTimeFormat().resolvedOptions().locale],
    },
    profileLink,
    // A built checkout's launchers (out/bin), linked into the HOME the test's environment names.
    userCommands: () => userCommandsEnv(env, resolve('out/bin'), false),
  });
}

/**
 * The page's requests that failed or were answered with an error, as they happen (console errors
 * are in UiSession.errors). The event stream is cut when the page closes: not a failed request.
 */
export function failedRequests(page: Page): string[] {
  const failed: string[] = [];
  page.on('requestfailed', (request) => {
    if (!request.url().endsWith(EVENTS_PATH)) failed.push(`${request.url()}: ${request.failure()?.errorText ?? ''}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.url()}: HTTP ${response.status()}`);
  });
  return failed;
}

const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
];

export async function openRenderer(
  handlers: Handlers = bridgeHandlers(),
  options: { locale?: string; colorScheme?: 'light' | 'dark'; events?: EventHub } = {},
): Promise<UiSession> {
  const server = await serveRenderer(resolve('out/renderer'), options.events ?? bridgeEvents);
  const browser: Browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  const newPage = async (pageOptions: { locale?: string; colorScheme?: 'light' | 'dark' } = {}): Promise<Page> => {
    const locale = pageOptions.locale ?? 'en-US';
    // The page's locale plays the OS's language list (main's app.getPreferredSystemLanguages()) for this window.
    const pageHandlers: Handlers = { ...handlers, 'app:info': async (request) => ({ ...(await handlers['app:info'](request)), languages: [locale] }) };
    const context = await browser.newContext({
      locale,
      colorScheme: pageOptions.colorScheme ?? 'light',
      viewport: { width: 1100, height: 760 },
    });
    contexts.push(context);
    // dispatch() refuses a name outside the contract itself, as it does for ipcMain.
    await context.exposeBinding('__docksideBridge', (_source, channel: IpcChannel, request: unknown) => dispatch(pageHandlers, channel, request));
    // Events come over Server-Sent Events from the same origin, opened on the first listener.
    await context.addInitScript((eventsPath: string) => {
      const bridge = (window as unknown as { __docksideBridge(channel: string, request: unknown): Promise<unknown> }).__docksideBridge;
      let source: EventSource | null = null;
      const onEvent = (name: string, listener: (payload: unknown) => void): (() => void) => {
        source ??= new EventSource(eventsPath);
        const forward = (event: MessageEvent<string>): void => listener(JSON.parse(event.data));
        source.addEventListener(name, forward);
        return () => source?.removeEventListener(name, forward);
      };
      Object.defineProperty(window, 'dockside', { value: Object.freeze({ invoke: (channel: string, request: unknown) => bridge(channel, request), onEvent }) });
    }, EVENTS_PATH);
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.url);
    return page;
  };

  const page = await newPage(options);
  return {
    page,
    errors,
    newPage,
    close: async () => {
      for (const context of contexts) await context.close();
      await browser.close();
      await server.close();
    },
  };
}
