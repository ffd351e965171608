import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CertificateAuthority, createCa, issueCert } from '../harness/certs';
import { createCleanups } from '../harness/cleanup';
import { addHosts } from '../harness/hosts';
import { freePort } from '../harness/ports';
import { startRegistry } from '../harness/registry';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';
import { bridgeHandlers, openRenderer, type UiSession } from './bridge';
import { EN_WORDS, WizardPage, ZH_WORDS } from './pages/wizard-page';
import { screenshotIn } from './screen-language';

// Connect and Trust in Chromium against a real TLS registry on a ::1 name, with the real
// handlers and the real privileged apply. certs.d, the engine and the state dir are all
// redirected (DOCKSIDE_CERTS_DIR, DOCKSIDE_ENGINE=none, DOCKSIDE_STATE_DIR): nothing is written under /etc.

const SHOTS = 'test-results/screenshots';
const suffix = uniqueSuffix();
const cleanups = createCleanups();
const savedState = process.env.DOCKSIDE_STATE_DIR;

let dir: TempDir;
let certsDir: string;
let ca: CertificateAuthority;
let hostPort: string;
let otherHostPort: string;

/** A TLS registry on ::1 under `name`, serving its certificate with the CA after it. */
async function tlsRegistry(name: string): Promise<string> {
  const port = await freePort('::1');
  const cert = await issueCert(ca, dir.path, { commonName: name, dnsNames: [name] });
  cleanups.track(await startRegistry({ listen: { host: '::1', port }, tls: { certPath: cert.chainPath, keyPath: cert.keyPath } }));
  return `${name}:${port}`;
}

function watch(ui: UiSession): string[] {
  const failed: string[] = [];
  ui.page.on('requestfailed', (request) => {
    // The event stream is cut when the page closes; that is not a failed request of the run.
    if (!request.url().endsWith('/__dockside/events')) failed.push(`${request.url()}: ${request.failure()?.errorText ?? ''}`);
  });
  return failed;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dir = makeTempDir('ui-trust');
  cleanups.add(() => dir.remove());
  certsDir = dir.join('certs.d');
  const stateDir = dir.join('state');
  // The privileged child inherits process.env: its journal and backups go to the temp state dir.
  process.env.DOCKSIDE_STATE_DIR = stateDir;
  cleanups.add(() => {
    if (savedState === undefined) delete process.env.DOCKSIDE_STATE_DIR;
    else process.env.DOCKSIDE_STATE_DIR = savedState;
  });
  ca = await createCa(dir.path, { commonName: `Dockside UI Test CA ${suffix}` });
  const names = [`reg-${suffix}.dockside.test`, `zh-${suffix}.dockside.test`];
  const hosts = addHosts(names);
  cleanups.add(() => hosts.remove());
  hostPort = await tlsRegistry(names[0] ?? '');
  otherHostPort = await tlsRegistry(names[1] ?? '');
});

afterAll(async () => {
  await cleanups.run();
});

function handlers() {
  return bridgeHandlers({ ...process.env, DOCKSIDE_ENGINE: 'none', DOCKSIDE_CERTS_DIR: certsDir, DOCKSIDE_STATE_DIR: dir.join('state') });
}

describe.each([
  { language: 'en', locale: 'en-US', words: EN_WORDS, trusted: 'Yes, through certs.d', untrusted: 'No', applied: 'Applied.', registry: () => hostPort },
  { language: 'zh-CN', locale: 'zh-CN', words: ZH_WORDS, trusted: '是，通过 certs.d', untrusted: '否', applied: '已应用。', registry: () => otherHostPort },
])('Connect and Trust in $language against a real TLS registry', ({ language, locale, words, trusted, untrusted, applied, registry }) => {
  let ui: UiSession;
  let failed: string[];

  beforeAll(async () => {
    ui = await openRenderer(handlers(), { locale });
    failed = watch(ui);
  });

  afterAll(async () => {
    await ui?.close();
  });

  it('inspects the registry typed on Connect and shows the CA with its fingerprint', async () => {
    const wizard = new WizardPage(ui.page, words);
    // The other language's run trusted a registry already, so the app may open on the dashboard.
    await ui.page.getByTestId('view-setup').click();
    await expect.poll(() => wizard.registry.count()).toBe(1);
    await screenshotIn(ui.page, language, { path: `${SHOTS}/connect-${language}.png` });
    await wizard.connect(registry());
    await expect.poll(() => wizard.caFingerprint.count(), { timeout: 20_000 }).toBe(1);
    expect((await wizard.caFingerprint.textContent())?.trim()).toBe(ca.fingerprintSha256);
    expect(await wizard.trustedBy.textContent()).toBe(untrusted);
    expect(await ui.page.getByText('unknown-authority').count()).toBeGreaterThan(0);
    await screenshotIn(ui.page, language, { path: `${SHOTS}/trust-before-install-${language}.png` });
  });

  it('accepts the CA on Trust, skips sign-in and mirrors, and installs it with the one Apply of Review, into the temp certs.d only', async () => {
    const wizard = new WizardPage(ui.page, words);
    await ui.page.getByTestId('trust-accept').click();
    await ui.page.getByTestId('signin-skip').click();
    await ui.page.getByTestId('mirrors-continue').click();
    await expect.poll(() => ui.page.getByTestId('review-apply').count(), { timeout: 20_000 }).toBe(1);
    expect(await ui.page.getByTestId('review-changes').textContent()).toContain(join(certsDir, registry(), 'ca.crt'));
    // The CA is shown by subject, issuer, fingerprint and validity (issue 19 item 5): no PEM anywhere on Review.
    expect((await ui.page.getByTestId('ca-summary-fingerprint').textContent())?.trim()).toBe(ca.fingerprintSha256);
    expect(await ui.page.getByTestId('review-diff').count()).toBe(0);
    expect(await ui.page.content()).not.toContain('BEGIN CERTIFICATE');
    await screenshotIn(ui.page, language, { path: `${SHOTS}/review-trust-only-${language}.png` });
    await ui.page.getByTestId('review-apply').focus();
    await ui.page.keyboard.press('Enter');
    await expect.poll(() => wizard.outcome.getAttribute('data-outcome'), { timeout: 60_000 }).toBe('applied');
    expect(await wizard.outcome.textContent()).toContain(applied);
    expect(await wizard.progress.locator('li').count()).toBeGreaterThan(0);
    const caFile = join(certsDir, registry(), 'ca.crt');
    expect(readFileSync(caFile, 'utf8').trim()).toBe(ca.pem.trim());
    expect(existsSync(join('/etc/docker/certs.d', registry()))).toBe(false);
    await screenshotIn(ui.page, language, { path: `${SHOTS}/apply-trust-only-${language}.png` });
    await ui.page.emulateMedia({ colorScheme: 'dark' });
    await screenshotIn(ui.page, language, { path: `${SHOTS}/apply-trust-only-${language}-dark.png` });
    await ui.page.emulateMedia({ colorScheme: 'light' });
    // Back on Connect, the same registry now shows as trusted through certs.d.
    await ui.page.getByTestId('apply-done').click();
    await ui.page.getByRole('button', { name: words.another }).click();
    await wizard.connect(registry());
    await expect.poll(() => wizard.trustedBy.textContent(), { timeout: 20_000 }).toBe(trusted);
    expect(ui.errors).toEqual([]);
    expect(failed).toEqual([]);
  });
});

describe('Connect when the registry cannot be inspected', () => {
  it('shows the error in the user language with its code', async () => {
    const ui = await openRenderer(handlers(), { locale: 'zh-CN' });
    try {
      const wizard = new WizardPage(ui.page, ZH_WORDS);
      await ui.page.getByTestId('view-setup').click();
      await wizard.connect(`nowhere-${suffix}.dockside.test:1`);
      await expect.poll(() => wizard.alert.count(), { timeout: 20_000 }).toBe(1);
      const text = (await wizard.alert.textContent()) ?? '';
      expect(text).toContain('错误代码');
      expect(text).toContain('host-not-found');
      await screenshotIn(ui.page, 'zh-CN', { path: `${SHOTS}/connect-error-zh-CN.png` });
      expect(ui.errors).toEqual([]);
    } finally {
      await ui.close();
    }
  });
});
