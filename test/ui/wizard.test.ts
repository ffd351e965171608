import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Keyring, startKeyring } from '../harness/keyring';
import { bridgeHandlers, failedRequests, openRenderer, type UiSession } from './bridge';
import { MIRROR_PROBING, MIRROR_USABLE, SETUP_IDS, SetupPage } from './pages/setup-page';
import { walkSteps } from './walk-steps';
import { startWizardServices, type WizardServices } from './wizard-services';
import { screenshotIn } from './screen-language';

// Issue 8, "Done when 1": the whole setup wizard in Chromium against the harness's real services
// (a TLS registry with a self-signed CA and htpasswd, gnome-keyring, an isolated dockerd, a mirror
// registry playing Docker Hub), with the real handlers and the real privileged apply into the
// machine's /etc/docker/certs.d (dockerd reads no other). Afterwards, as the developer: `docker pull`
// of the private image and of busybox (through the mirror) work, and config.json holds no secret.
// Each language runs against services of its own (the first run changes the machine's state),
// except the keyring: libdbus keeps the first session bus address it connected to for the life
// of the process, so both runs share one, each with its own registry name in it.

const SHOTS = 'test-results/screenshots';
/** The apply writes certs.d and daemon.json and reloads or restarts dockerd; the probe takes seconds. */
const SLOW = { timeout: 180_000, interval: 500 };
const QUICK = { timeout: 30_000 };
const STEP_MS = 240_000;

let keyring: Keyring | undefined;

beforeAll(async () => {
  keyring = await startKeyring();
}, 60_000);

afterAll(async () => {
  await keyring?.stop();
});

interface DockerConfigFile {
  auths?: Record<string, Record<string, unknown>>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

describe.each([
  { language: 'en', locale: 'en-US', registryLabel: 'Registry (host:port)' },
  { language: 'zh-CN', locale: 'zh-CN', registryLabel: '镜像仓库（主机:端口）' },
])('the setup wizard in $language, end to end against real services', ({ language, locale, registryLabel }) => {
  let services: WizardServices;
  let ui: UiSession;
  let failed: string[];
  let setup: SetupPage;

  const shot = (screen: string): Promise<Buffer> => screenshotIn(ui.page, language, { path: `${SHOTS}/wizard-${screen}-${language}.png` });

  const step = walkSteps(STEP_MS);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    services = await startWizardServices({ keyring });
    ui = await openRenderer(bridgeHandlers(services.handlersEnv), { locale });
    failed = failedRequests(ui.page);
    // Done's copy button writes the pull command to the clipboard; reading it back needs the permission.
    await ui.page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    setup = new SetupPage(ui.page);
  }, 240_000);

  afterAll(async () => {
    await ui?.close();
    await services?.cleanup();
  }, 120_000);

  step('Connect: the registry field is labelled in the language; continuing inspects the registry', async () => {
    await expect.poll(() => ui.page.evaluate(() => document.documentElement.lang), QUICK).toBe(language);
    await expect.poll(() => setup.registryInput.count(), QUICK).toBe(1);
    // The test id and the accessible name are the same field.
    expect(await ui.page.getByLabel(registryLabel, { exact: true }).getAttribute('data-testid')).toBe(SETUP_IDS.connectRegistry);
    await setup.registryInput.fill(services.registry);
    await shot('connect');
    await setup.connectSubmit.click();
  });

  step('Trust: shows the self-signed CA with the fingerprint openssl prints; the user trusts it', async () => {
    await expect.poll(() => setup.caFingerprint.count(), SLOW).toBe(1);
    expect(await setup.fingerprint()).toBe(services.caFingerprint);
    await shot('trust');
    await setup.trustAccept.click();
  });

  step('Sign in: the registry accepts the credentials, and the screen says where the secret will live', async () => {
    await expect.poll(() => setup.username.count(), SLOW).toBe(1);
    await setup.signIn(services.username, services.password);
    await expect.poll(() => setup.signInStore.count(), SLOW).toBe(1);
    expect(((await setup.signInStore.textContent()) ?? '').trim()).not.toBe('');
    // Nothing is stored before the apply.
    expect(await services.keychainSecret(services.registry)).toBeNull();
    await shot('signin');
    await setup.signInContinue.click();
  });

  step('Mirrors: the mirror typed in is probed usable and chosen', async () => {
    await expect.poll(() => setup.mirrorAddUrl.count(), SLOW).toBe(1);
    await setup.addMirror(services.mirrorUrl);
    await expect.poll(() => setup.mirrorRow(services.mirrorUrl).count(), QUICK).toBe(1);
    // Settled first, so a mirror found unusable fails at once with its status.
    await expect.poll(async () => [null, MIRROR_PROBING].includes(await setup.mirrorStatus(services.mirrorUrl)), SLOW).toBe(false);
    expect(await setup.mirrorStatus(services.mirrorUrl)).toBe(MIRROR_USABLE);
    await setup.chooseMirror(services.mirrorUrl);
    expect(await setup.mirrorChoice(services.mirrorUrl).isChecked()).toBe(true);
    await shot('mirrors');
    await setup.mirrorsContinue.click();
  });

  step('Review: lists the changes and shows the daemon.json diff with the mirror, then applies', async () => {
    await expect.poll(() => setup.reviewDiff.count(), SLOW).toBe(1);
    expect(await setup.reviewChanges.count()).toBe(1);
    expect(((await setup.reviewChanges.textContent()) ?? '').trim()).not.toBe('');
    expect(await setup.reviewDiff.textContent()).toContain(services.mirrorUrl);
    expect(await ui.page.content()).not.toContain(services.password);
    await shot('review');
    await setup.reviewApply.click();
  });

  step('Apply: the progress shows, and the outcome is "applied"', async () => {
    await expect.poll(() => setup.outcome(), SLOW).not.toBeNull();
    await shot('apply');
    expect(await setup.outcome(), (await setup.page.locator('main').textContent()) ?? '').toBe('applied');
    expect(await setup.applyProgress.locator('li').count()).toBeGreaterThan(0);
    await setup.applyDone.click();
  });

  step('Done: shows the pull, tag and push commands for the registry, and copies the pull command', async () => {
    await expect.poll(() => setup.donePull.count(), SLOW).toBe(1);
    const pull = ((await setup.donePull.textContent()) ?? '').trim();
    expect(pull).toMatch(/^docker pull /);
    expect(pull).toContain(services.registry);
    expect(await setup.doneTag.textContent()).toContain(services.registry);
    expect(await setup.donePush.textContent()).toContain(services.registry);
    await setup.doneCopyPull.click();
    await expect.poll(() => ui.page.evaluate(() => navigator.clipboard.readText()), QUICK).toBe(pull);
    // The password was for the apply only: gone from the page.
    expect(await ui.page.content()).not.toContain(services.password);
    await shot('done');
  });

  step('afterwards, as the developer: docker pulls the private image and busybox (through the mirror); config.json holds no secret', async () => {
    const info = await services.docker(['info', '--format', '{{json .RegistryConfig.Mirrors}}']);
    expect(info.code, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout) as string[]).toContain(`${services.mirrorUrl}/`);

    await services.docker(['rmi', services.privateImage]); // not there: only the seeding had it, and removed it
    const privatePull = await services.docker(['pull', services.privateImage]);
    expect(privatePull.code, privatePull.stdout + privatePull.stderr).toBe(0);
    // There is no internet: only the mirror can serve a Docker Hub name. Its log shows it did.
    const mirrorLogBefore = services.mirror.log().length;
    const busybox = await services.docker(['pull', 'busybox']);
    expect(busybox.code, busybox.stdout + busybox.stderr).toBe(0);
    expect(services.mirror.log().slice(mirrorLogBefore)).toContain('/v2/library/busybox/manifests/latest');

    const text = readFileSync(join(services.dockerConfig, 'config.json'), 'utf8');
    const config = JSON.parse(text) as DockerConfigFile;
    expect(config.credHelpers?.[services.registry]).toBe('dockside');
    expect(config.auths?.[services.registry]?.auth).toBeUndefined();
    expect(text).not.toContain(services.password);
    expect(text).not.toContain(Buffer.from(`${services.username}:${services.password}`).toString('base64'));

    expect(JSON.parse((await services.keychainSecret(services.registry)) ?? '{}')).toEqual({ Username: services.username, Secret: services.password });
    expect(readFileSync(join(services.certsDDir, 'ca.crt'), 'utf8').trim()).toBe(services.ca.pem.trim());
  });

  it('had no console error and no failed request during the run', () => {
    expect(ui.errors).toEqual([]);
    expect(failed).toEqual([]);
  });
});
