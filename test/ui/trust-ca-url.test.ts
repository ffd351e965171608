import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { createCleanups } from '../harness/cleanup';
import { HELPER_DIR } from '../harness/dockside';
import { type Keyring, startKeyring } from '../harness/keyring';
import { makeTempDir, type TempDir } from '../harness/tmp';
import { bridgeHandlers, openRenderer, type UiSession } from './bridge';
import { type LeafFront, startLeafFront } from './leaf-front-services';
import { EN_WORDS, WizardPage, ZH_WORDS } from './pages/wizard-page';
import { screenshotIn } from './screen-language';
import { walkSteps } from './walk-steps';

// The Trust screen against a front that sends only its leaf (issue 21): the CA from the URL the
// front publishes it at, with its pin, through the real handlers, the real nginx and registry,
// and the real privileged apply. certs.d, the engine, HOME and the state dir are redirected
// (DOCKSIDE_CERTS_DIR, DOCKSIDE_ENGINE=none): nothing is written under /etc.

const SHOTS = 'test-results/screenshots';
const cleanups = createCleanups();
const savedState = process.env.DOCKSIDE_STATE_DIR;
const catalog = (language: string): Record<string, string> => JSON.parse(readFileSync(`shared/locales/${language}/ui.json`, 'utf8')) as Record<string, string>;

let dir: TempDir;
let front: LeafFront;
let keyring: Keyring;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dir = makeTempDir('ui-trust-ca-url');
  cleanups.add(() => dir.remove());
  // The privileged child inherits process.env: its journal and backups go to the temp state dir.
  process.env.DOCKSIDE_STATE_DIR = dir.join('state');
  cleanups.add(() => {
    if (savedState === undefined) delete process.env.DOCKSIDE_STATE_DIR;
    else process.env.DOCKSIDE_STATE_DIR = savedState;
  });
  front = await startLeafFront();
  cleanups.add(() => front.cleanup());
  // The sign-in check asks the Secret Service what it holds; @napi-rs/keyring reads the bus from process.env.
  keyring = cleanups.track(await startKeyring());
  const savedBus = Object.fromEntries(Object.keys(keyring.env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, keyring.env);
  cleanups.add(() => {
    for (const [key, value] of Object.entries(savedBus)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
}, 120_000);

afterAll(async () => {
  await cleanups.run();
});

/** The app with a certs.d, HOME and DOCKER_CONFIG of its own (`name`), as a developer starts it; the wizard on Connect. */
async function openWizard(name: string, locale: string): Promise<{ ui: UiSession; caFile: string }> {
  const certsDir = dir.join(`certs.d-${name}`);
  const home = dir.join(`home-${name}`);
  mkdirSync(home);
  // docker-credential-dockside on PATH, as the installed app puts it: the sign-in check asks for it.
  const path = `${HELPER_DIR}:${process.env.PATH ?? ''}`;
  const handlers = bridgeHandlers({ ...process.env, ...keyring.env, PATH: path, HOME: home, DOCKER_CONFIG: join(home, '.docker'), DOCKSIDE_ENGINE: 'none', DOCKSIDE_CERTS_DIR: certsDir, DOCKSIDE_STATE_DIR: dir.join('state') });
  const ui = await openRenderer(handlers, { locale });
  await ui.page.getByTestId('view-setup').click();
  return { ui, caFile: join(certsDir, front.registry, 'ca.crt') };
}

describe.each([
  // The pin as an administrator may hand it over: openssl's form, or sha256: and bare hex.
  { language: 'en', locale: 'en-US', words: EN_WORDS, applied: 'Applied.', pin: (fp: string) => fp },
  { language: 'zh-CN', locale: 'zh-CN', words: ZH_WORDS, applied: '已应用。', pin: (fp: string) => `sha256:${fp.replace(/:/g, '').toLowerCase()}` },
])('Trust in $language for a front that sends no CA: the CA from its URL, with the pin', ({ language, locale, words, applied, pin }) => {
  const step = walkSteps(90_000);
  let ui: UiSession;
  let caFile: string;

  beforeAll(async () => {
    ({ ui, caFile } = await openWizard(`url-${language}`, locale));
  });

  afterAll(async () => {
    await ui?.close();
  });

  step('says in one sentence that the server sends no CA, and offers the URL the front publishes it at', async () => {
    const wizard = new WizardPage(ui.page, words);
    await expect.poll(() => wizard.registry.count()).toBe(1);
    await wizard.connect(front.registry);
    await expect.poll(() => ui.page.getByTestId('ca-source-not-sent').count(), { timeout: 20_000 }).toBe(1);
    expect(await ui.page.getByTestId('ca-source-not-sent').textContent()).toBe(catalog(language)['trust.ca-source.notSent']);
    expect(await ui.page.getByText('ca-not-sent', { exact: true }).count()).toBe(1);
    expect(await ui.page.getByTestId('ca-source-kind-url').isChecked()).toBe(true);
    // The suggestion is where this front publishes its CA.
    expect(await ui.page.getByTestId('ca-source-url').inputValue()).toBe(front.caUrl);
    // The pin is required: no check without it.
    expect(await ui.page.getByTestId('ca-source-check').isDisabled()).toBe(true);
    expect(await ui.page.getByTestId('trust-accept').count()).toBe(0);
    await screenshotIn(ui.page, language, { path: `${SHOTS}/trust-ca-url-offered-${language}.png` });
  });

  step('refuses a wrong pin with the mismatch, and does not continue', async () => {
    await ui.page.getByTestId('ca-source-pin').fill(front.leafFingerprint);
    await ui.page.getByTestId('ca-source-check').click();
    const error = ui.page.getByTestId('ca-source-error');
    await expect.poll(() => error.count(), { timeout: 20_000 }).toBe(1);
    expect(await error.getAttribute('data-code')).toBe('fingerprint-mismatch');
    const text = (await error.textContent()) ?? '';
    expect(text).toContain(front.leafFingerprint);
    expect(text).toContain(front.ca.fingerprintSha256);
    expect(await ui.page.getByTestId('trust-accept').count()).toBe(0);
    expect(await ui.page.getByTestId('ca-fingerprint').count()).toBe(0);
    expect(existsSync(caFile)).toBe(false);
    await screenshotIn(ui.page, language, { path: `${SHOTS}/trust-ca-url-wrong-pin-${language}.png` });
  });

  step('with the right pin shows the CA that will be installed, the OS store left unticked', async () => {
    await ui.page.getByTestId('ca-source-pin').fill(pin(front.ca.fingerprintSha256));
    await ui.page.getByTestId('ca-source-check').click();
    await expect.poll(() => ui.page.getByTestId('ca-fingerprint').count(), { timeout: 20_000 }).toBe(1);
    expect((await ui.page.getByTestId('ca-fingerprint').textContent())?.trim()).toBe(front.ca.fingerprintSha256);
    expect(await ui.page.getByTestId('ca').getByRole('heading').textContent()).toContain(front.caUrl);
    expect(await ui.page.getByTestId('pin-check').getAttribute('class')).toContain('ok');
    expect(await ui.page.getByTestId('ca-source-error').count()).toBe(0);
    expect(await ui.page.getByTestId('trust-os-store').isChecked()).toBe(false);
    await screenshotIn(ui.page, language, { path: `${SHOTS}/trust-ca-url-checked-${language}.png` });
  });

  step('the sign-in check before install trusts the CA from the URL', async () => {
    await ui.page.getByTestId('trust-accept').click();
    await ui.page.getByTestId('signin-username').fill(front.username);
    await ui.page.getByTestId('signin-password').fill(front.password);
    await ui.page.getByTestId('signin-submit').click();
    const answered = async (): Promise<number> => (await ui.page.getByTestId('signin-continue').count()) + (await ui.page.getByRole('alert').count());
    await expect.poll(answered, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await ui.page.getByRole('alert').allTextContents()).toEqual([]);
    expect(await ui.page.getByTestId('signin-continue').count()).toBe(1);
    // Nothing stored: the account is not part of this setup.
    await ui.page.getByTestId('signin-skip').click();
  });

  step('Review writes ca.crt with the CA from the URL, and Apply installs it', async () => {
    const wizard = new WizardPage(ui.page, words);
    await ui.page.getByTestId('mirrors-continue').click();
    await expect.poll(() => ui.page.getByTestId('review-apply').count(), { timeout: 20_000 }).toBe(1);
    expect(await ui.page.getByTestId('review-changes').textContent()).toContain(caFile);
    expect((await ui.page.getByTestId('ca-summary-fingerprint').textContent())?.trim()).toBe(front.ca.fingerprintSha256);
    await screenshotIn(ui.page, language, { path: `${SHOTS}/trust-ca-url-review-${language}.png` });
    await ui.page.getByTestId('review-apply').click();
    await expect.poll(() => wizard.outcome.getAttribute('data-outcome'), { timeout: 60_000 }).toBe('applied');
    expect(await wizard.outcome.textContent()).toContain(applied);
    expect(readFileSync(caFile, 'utf8').trim()).toBe(front.ca.pem.trim());
    expect(existsSync(join('/etc/docker/certs.d', front.registry))).toBe(false);
    await screenshotIn(ui.page, language, { path: `${SHOTS}/trust-ca-url-applied-${language}.png` });
    expect(ui.errors).toEqual([]);
  });
});

describe.each([
  { language: 'en', locale: 'en-US', words: EN_WORDS },
  { language: 'zh-CN', locale: 'zh-CN', words: ZH_WORDS },
])('Trust in $language for a front that sends no CA: the CA from a file', ({ language, locale, words }) => {
  const step = walkSteps(90_000);
  let ui: UiSession;
  let caFile: string;
  let notes: string;

  beforeAll(async () => {
    ({ ui, caFile } = await openWizard(`file-${language}`, locale));
    notes = dir.join(`notes-${language}.txt`);
    writeFileSync(notes, 'ask the admin for the CA\n');
  });

  afterAll(async () => {
    await ui?.close();
  });

  step('refuses a file that holds no certificate, naming it', async () => {
    const wizard = new WizardPage(ui.page, words);
    await expect.poll(() => wizard.registry.count()).toBe(1);
    await wizard.connect(front.registry);
    await expect.poll(() => ui.page.getByTestId('ca-source-not-sent').count(), { timeout: 20_000 }).toBe(1);
    await ui.page.getByTestId('ca-source-kind-file').check();
    await ui.page.getByTestId('ca-source-file').setInputFiles(notes);
    await ui.page.getByTestId('ca-source-check').click();
    const error = ui.page.getByTestId('ca-source-error');
    await expect.poll(() => error.count(), { timeout: 20_000 }).toBe(1);
    expect(await error.getAttribute('data-code')).toBe('invalid-certificate');
    expect(await error.textContent()).toContain(basename(notes));
    expect(await ui.page.getByTestId('trust-accept').count()).toBe(0);
  });

  step('shows the file\'s CA with subject, issuer, fingerprint and validity, and asks to accept it', async () => {
    await ui.page.getByTestId('ca-source-file').setInputFiles(front.ca.certPath);
    await ui.page.getByTestId('ca-source-check').click();
    await expect.poll(() => ui.page.getByTestId('ca-fingerprint').count(), { timeout: 20_000 }).toBe(1);
    expect((await ui.page.getByTestId('ca-fingerprint').textContent())?.trim()).toBe(front.ca.fingerprintSha256);
    const card = (await ui.page.getByTestId('ca').textContent()) ?? '';
    expect(card).toContain(basename(front.ca.certPath));
    expect(card).toContain(`Dockside Leaf Front CA`);
    // No pin given: nothing to compare, the user accepts what they see.
    expect(await ui.page.getByTestId('pin-check').count()).toBe(0);
    expect(await ui.page.getByTestId('trust-accept').isEnabled()).toBe(true);
    await screenshotIn(ui.page, language, { path: `${SHOTS}/trust-ca-file-checked-${language}.png` });
  });

  step('a pasted pin of another certificate disables the accept', async () => {
    await ui.page.getByTestId('ca-source-pin').fill(front.leafFingerprint);
    await ui.page.getByTestId('ca-source-check').click();
    await expect.poll(() => ui.page.getByTestId('pin-check').getAttribute('class'), { timeout: 20_000 }).toContain('bad');
    expect(await ui.page.getByTestId('trust-accept').isDisabled()).toBe(true);
    await screenshotIn(ui.page, language, { path: `${SHOTS}/trust-ca-file-wrong-pin-${language}.png` });
  });

  step('with the right pin, Review writes the file\'s CA and Apply installs it', async () => {
    const wizard = new WizardPage(ui.page, words);
    await ui.page.getByTestId('ca-source-pin').fill(front.ca.fingerprintSha256);
    await ui.page.getByTestId('ca-source-check').click();
    await expect.poll(() => ui.page.getByTestId('pin-check').getAttribute('class'), { timeout: 20_000 }).toContain('ok');
    await ui.page.getByTestId('trust-accept').click();
    await ui.page.getByTestId('signin-skip').click();
    await ui.page.getByTestId('mirrors-continue').click();
    await expect.poll(() => ui.page.getByTestId('review-apply').count(), { timeout: 20_000 }).toBe(1);
    expect(await ui.page.getByTestId('review-changes').textContent()).toContain(caFile);
    expect((await ui.page.getByTestId('ca-summary-fingerprint').textContent())?.trim()).toBe(front.ca.fingerprintSha256);
    await ui.page.getByTestId('review-apply').click();
    await expect.poll(() => wizard.outcome.getAttribute('data-outcome'), { timeout: 60_000 }).toBe('applied');
    expect(readFileSync(caFile, 'utf8').trim()).toBe(front.ca.pem.trim());
    expect(ui.errors).toEqual([]);
  });
});
