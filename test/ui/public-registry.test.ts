import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPendingLink } from '../../electron/main/pending-link';
import type { Handlers } from '../../electron/main/handlers/types';
import { type CertificateAuthority, createCa, issueCert } from '../harness/certs';
import { createCleanups } from '../harness/cleanup';
import { addHosts } from '../harness/hosts';
import { freePort } from '../harness/ports';
import { startRegistry } from '../harness/registry';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';
import { bridgeEvents, bridgeHandlers, failedRequests, openRenderer, type StandInConfirmDialog, standInConfirmDialog, type UiSession } from './bridge';
import { screenshotIn } from './screen-language';

// Issue 17 item 7 in the desktop app, in Chromium over the real handlers: a user types ghcr.io
// into the dashboard's Trusted registries to install its CA. main refuses (public-registry)
// before connecting to anything; the panel says why in the user's language and offers a red
// confirmation, which plans the same change again with allowPublicRegistry. There is no internet
// here, so that plan then fails as it would for a user offline (the host cannot be resolved):
// nothing is ever written nor asked. A registry of our own (a ::1 name under .dockside.test) takes
// the same form the ordinary way: plan, Apply, main's confirmation (the stand-in), ca.crt written.
// No engine (DOCKSIDE_ENGINE=none); certs.d, daemon.json, config.json and the journal are temp.

const SHOTS = 'test-results/screenshots';
const PUBLIC = 'ghcr.io';
const suffix = uniqueSuffix();
const cleanups = createCleanups();
const savedState = process.env.DOCKSIDE_STATE_DIR;

let dir: TempDir;
let ca: CertificateAuthority;
let env: NodeJS.ProcessEnv;
const ownRegistries: Record<string, string> = {};

const WORDS = {
  en: {
    locale: 'en-US',
    heading: `${PUBLIC} is a public registry`,
    risk: 'Installing a CA for it would let whoever holds that CA’s key',
    nothingChanged: 'Nothing was changed.',
    hint: '--allow-public-registry',
    allow: 'Trust this public registry anyway',
    keep: 'Leave it as it is',
    hostNotFound: `Cannot resolve ${PUBLIC}`,
    engineSays: `${PUBLIC} is a public registry. Installing a CA`,
    registry: 'Registry',
    submit: 'Install its CA',
    title: `Install the CA of ${PUBLIC}`,
    apply: 'Apply',
    applied: 'Applied.',
  },
  'zh-CN': {
    locale: 'zh-CN',
    heading: `${PUBLIC} 是公共镜像仓库`,
    risk: '为它安装 CA 证书后',
    nothingChanged: '没有做任何修改。',
    hint: '--allow-public-registry',
    allow: '仍然信任此公共镜像仓库',
    keep: '保持不变',
    hostNotFound: `无法解析 ${PUBLIC}`,
    engineSays: `${PUBLIC} 是公共镜像仓库。为它安装 CA`,
    registry: '镜像仓库',
    submit: '安装其 CA 证书',
    title: `安装 ${PUBLIC} 的 CA 证书`,
    apply: '应用',
    applied: '已应用。',
  },
} as const;
type Language = keyof typeof WORDS;

/** The red of --danger-bg in the light scheme (styles.css), white on it. */
const DANGER_BG = 'rgb(180, 35, 24)';
const DANGER_FG = 'rgb(255, 255, 255)';

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dir = makeTempDir('ui-public-registry');
  cleanups.add(() => dir.remove());
  const stateDir = dir.join('state');
  // The privileged child inherits process.env: its journal and backups go to the temp state dir.
  process.env.DOCKSIDE_STATE_DIR = stateDir;
  cleanups.add(() => {
    if (savedState === undefined) delete process.env.DOCKSIDE_STATE_DIR;
    else process.env.DOCKSIDE_STATE_DIR = savedState;
  });
  mkdirSync(dir.join('docker-config'));
  env = {
    ...process.env,
    DOCKSIDE_ENGINE: 'none',
    DOCKSIDE_CERTS_DIR: dir.join('certs.d'),
    DOCKSIDE_DAEMON_JSON: dir.join('daemon.json'),
    DOCKER_CONFIG: dir.join('docker-config'),
    DOCKSIDE_STATE_DIR: stateDir,
  };
  ca = await createCa(dir.path, { commonName: `Dockside Public Registry UI Test CA ${suffix}` });
  const names: Record<Language, string> = { en: `own-${suffix}.dockside.test`, 'zh-CN': `own-zh-${suffix}.dockside.test` };
  const hosts = addHosts(Object.values(names));
  cleanups.add(() => hosts.remove());
  for (const [language, name] of Object.entries(names)) {
    const port = await freePort('::1');
    const cert = await issueCert(ca, dir.path, { commonName: name, dnsNames: [name] });
    cleanups.track(await startRegistry({ listen: { host: '::1', port }, tls: { certPath: cert.chainPath, keyPath: cert.keyPath } }));
    ownRegistries[language] = `${name}:${port}`;
  }
});

afterAll(async () => {
  await cleanups.run();
});

/** The handlers the app binds, with main's confirmation played by `dialog`, and every change:plan request that passed the schema kept in `planned`. */
function recordingHandlers(dialog: StandInConfirmDialog): { handlers: Handlers; planned: unknown[] } {
  const base = bridgeHandlers(env, bridgeEvents, createPendingLink(), dialog);
  const planned: unknown[] = [];
  return {
    planned,
    handlers: {
      ...base,
      'change:plan': (request) => {
        planned.push(request);
        return base['change:plan'](request);
      },
    },
  };
}

/** The dashboard's Trusted registries section as a person uses it. */
class TrustedPanel {
  constructor(
    readonly page: Page,
    readonly words: (typeof WORDS)[Language],
  ) {}
  get section(): Locator {
    return this.page.getByTestId('dashboard-trusted');
  }
  get change(): Locator {
    return this.section.getByTestId('dashboard-change');
  }
  get refusal(): Locator {
    return this.section.getByTestId('public-registry-refusal');
  }
  get allow(): Locator {
    return this.refusal.getByRole('button', { name: this.words.allow });
  }
  async open(): Promise<void> {
    await this.page.getByTestId('view-dashboard').click();
    await this.section.getByTestId('trust-add-form').waitFor({ timeout: 20_000 });
  }
  async trust(registry: string): Promise<void> {
    const form = this.section.getByTestId('trust-add-form');
    await form.getByLabel(this.words.registry, { exact: true }).fill(registry);
    await form.getByRole('button', { name: this.words.submit }).click();
  }
}

/** Nothing of the public registry on disk: no certs.d directory, no journal entry. */
function nothingWrittenFor(host: string): void {
  expect(existsSync(join(env.DOCKSIDE_CERTS_DIR ?? '', host))).toBe(false);
  const stateDir = env.DOCKSIDE_STATE_DIR ?? '';
  const files = existsSync(stateDir)
    ? readdirSync(stateDir, { recursive: true })
        .map((name) => join(stateDir, String(name)))
        .filter((path) => statSync(path).isFile())
    : [];
  expect(files.filter((path) => readFileSync(path, 'utf8').includes(host))).toEqual([]);
}

describe.each(['en', 'zh-CN'] as const)('trusting a public registry from the dashboard, in %s', (language) => {
  const words = WORDS[language];
  let ui: UiSession;
  let dialog: StandInConfirmDialog;
  let planned: unknown[];
  let failed: string[];
  let trusted: TrustedPanel;

  beforeAll(async () => {
    dialog = standInConfirmDialog('apply');
    const recording = recordingHandlers(dialog);
    planned = recording.planned;
    ui = await openRenderer(recording.handlers, { locale: words.locale });
    failed = failedRequests(ui.page);
    trusted = new TrustedPanel(ui.page, words);
    await trusted.open();
  });

  afterAll(async () => {
    await ui?.close();
  });

  it(`refuses ${PUBLIC} before connecting, says why in the user's language, and offers a red confirmation; nothing is written or asked`, async () => {
    await trusted.trust(PUBLIC);
    await expect.poll(() => trusted.refusal.count(), { timeout: 20_000 }).toBe(1);
    expect(await trusted.change.getByRole('heading', { level: 3 }).textContent()).toBe(words.title);
    expect(await trusted.refusal.getAttribute('role')).toBe('alert');
    const text = (await trusted.refusal.textContent()) ?? '';
    expect(await trusted.refusal.getByRole('heading', { level: 4 }).textContent()).toBe(words.heading);
    expect(text).toContain(words.risk);
    expect(text).toContain(words.nothingChanged);
    expect(text).toContain(words.hint);
    // The refusal's full sentence, in the user's language, is one click away beside its code.
    const evidence = trusted.refusal.locator('details.evidence');
    expect(await evidence.locator('summary').textContent()).toContain('public-registry');
    expect(await evidence.getByText(words.engineSays).isVisible()).toBe(false);

    // The red confirmation: a danger button, white on red, named for what it does.
    expect(await trusted.allow.count()).toBe(1);
    expect(await trusted.allow.getAttribute('class')).toContain('danger');
    const style = await trusted.allow.evaluate((button) => {
      const computed = getComputedStyle(button);
      return { background: computed.backgroundColor, color: computed.color };
    });
    expect(style).toEqual({ background: DANGER_BG, color: DANGER_FG });
    expect(await trusted.refusal.getByRole('button', { name: words.keep }).count()).toBe(1);

    // Planned once, as the user asked it (no allowance yet), and nothing to apply.
    expect(planned).toEqual([{ kind: 'trust-add', registry: PUBLIC }]);
    expect(await trusted.change.getByRole('button', { name: words.apply, exact: true }).count()).toBe(0);
    expect(dialog.asked).toEqual([]);
    nothingWrittenFor(PUBLIC);

    await evidence.locator('summary').click();
    expect(await evidence.getByText(words.engineSays).isVisible()).toBe(true);
    await evidence.locator('summary').click();

    await trusted.section.scrollIntoViewIfNeeded();
    await screenshotIn(trusted.section, language, { path: `${SHOTS}/public-registry-refusal-${language}.png` });
    await ui.page.emulateMedia({ colorScheme: 'dark' });
    await screenshotIn(trusted.section, language, { path: `${SHOTS}/public-registry-refusal-${language}-dark.png` });
    await ui.page.emulateMedia({ colorScheme: 'light' });
  });

  it('“Leave it as it is” closes the refusal without planning anything else', async () => {
    await trusted.refusal.getByRole('button', { name: words.keep }).click();
    await expect.poll(() => trusted.change.count()).toBe(0);
    expect(planned).toHaveLength(1);
    await trusted.trust(PUBLIC);
    await expect.poll(() => trusted.refusal.count(), { timeout: 20_000 }).toBe(1);
    expect(planned).toHaveLength(2);
  });

  it('the red confirmation plans the same change with allowPublicRegistry; offline, main then cannot reach the registry and says so, and still nothing is applied', async () => {
    await trusted.allow.click();
    const alert = trusted.change.getByRole('alert');
    await expect.poll(async () => (await alert.count()) === 1 && ((await alert.textContent()) ?? '').includes('host-not-found'), { timeout: 30_000 }).toBe(true);
    expect(await alert.textContent()).toContain(words.hostNotFound);
    expect(await trusted.refusal.count()).toBe(0);
    expect(planned.at(-1)).toEqual({ kind: 'trust-add', registry: PUBLIC, allowPublicRegistry: true });
    expect(await trusted.change.getByRole('button', { name: words.apply, exact: true }).count()).toBe(0);
    expect(dialog.asked).toEqual([]);
    nothingWrittenFor(PUBLIC);
    await screenshotIn(trusted.section, language, { path: `${SHOTS}/public-registry-allowed-offline-${language}.png` });
  });

  it('a registry that is not public takes the same form the ordinary way: plan, Apply, main’s confirmation, ca.crt in the temp certs.d', async () => {
    const registry = ownRegistries[language] ?? '';
    await trusted.trust(registry);
    const plan = trusted.change.getByTestId('change-plan');
    await expect.poll(() => plan.count(), { timeout: 30_000 }).toBe(1);
    expect(await trusted.section.getByTestId('public-registry-refusal').count()).toBe(0);
    expect(await trusted.section.getByTestId('public-registry-allowed').count()).toBe(0);
    const caFile = join(env.DOCKSIDE_CERTS_DIR ?? '', registry, 'ca.crt');
    expect(await plan.textContent()).toContain(caFile);
    expect(await plan.textContent()).toContain(ca.fingerprintSha256);
    expect(planned.at(-1)).toEqual({ kind: 'trust-add', registry });
    await trusted.change.getByRole('button', { name: words.apply, exact: true }).click();
    await expect.poll(() => trusted.change.getByTestId('apply-outcome').count(), { timeout: 60_000 }).toBe(1);
    expect(await trusted.change.getByTestId('apply-outcome').textContent()).toContain(words.applied);
    expect(dialog.asked).toHaveLength(1);
    expect(dialog.asked[0]?.language).toBe(language);
    expect(readFileSync(caFile, 'utf8').trim()).toBe(ca.pem.trim());
    await expect.poll(() => trusted.section.getByTestId('trusted-row').filter({ hasText: registry }).count(), { timeout: 20_000 }).toBe(1);
    nothingWrittenFor(PUBLIC);
    expect(ui.errors).toEqual([]);
    expect(failed).toEqual([]);
  });
});
