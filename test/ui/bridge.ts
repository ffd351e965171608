import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { resolveMachine } from '../../electron/core/machine';
import { dispatch } from '../../electron/main/handlers/dispatch';
import { createHandlers, type Handlers } from '../../electron/main/handlers/index';
import { lazyMachine } from '../../electron/main/handlers/machine';
import type { IpcChannel } from '../../shared/ipc-channels';
import { serveRenderer } from './static-server';

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

/**
 * The handlers electron/main binds, over this machine as the environment describes it:
 * DOCKSIDE_ENGINE (default `none`, so the bridge starts without a Docker engine; `auto` detects),
 * DOCKSIDE_DAEMON_JSON, DOCKSIDE_CERTS_DIR, DOCKER_CONFIG and DOCKER_HOST, as for the CLI.
 */
export function bridgeHandlers(env: NodeJS.ProcessEnv = process.env): Handlers {
  return createHandlers({
    app: { name: 'Dockside', version: APP_VERSION, platform: process.platform, arch: process.arch },
    machine: lazyMachine(() => resolveMachine({ engine: env.DOCKSIDE_ENGINE ?? 'none' }, env)),
    catalogPath: resolve('resources/mirrors.json'),
  });
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

export async function openRenderer(handlers: Handlers = bridgeHandlers(), options: { locale?: string; colorScheme?: 'light' | 'dark' } = {}): Promise<UiSession> {
  const server = await serveRenderer(resolve('out/renderer'));
  const browser: Browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  const newPage = async (pageOptions: { locale?: string; colorScheme?: 'light' | 'dark' } = {}): Promise<Page> => {
    const context = await browser.newContext({
      locale: pageOptions.locale ?? 'en-US',
      colorScheme: pageOptions.colorScheme ?? 'light',
      viewport: { width: 1100, height: 760 },
    });
    contexts.push(context);
    // dispatch() refuses a name outside the contract itself, as it does for ipcMain.
    await context.exposeBinding('__docksideBridge', (_source, channel: IpcChannel, request: unknown) => dispatch(handlers, channel, request));
    await context.addInitScript(() => {
      const bridge = (window as unknown as { __docksideBridge(channel: string, request: unknown): Promise<unknown> }).__docksideBridge;
      Object.defineProperty(window, 'dockside', { value: Object.freeze({ invoke: (channel: string, request: unknown) => bridge(channel, request) }) });
    });
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
