import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileUrlFromArgs } from '../../electron/main/deep-link';
import { createPendingLink } from '../../electron/main/pending-link';
import { bridgeHandlers, createEventHub, failedRequests, openRenderer, type UiSession } from './bridge';
import { MIRROR_PROBING, MIRROR_USABLE, SetupPage } from './pages/setup-page';
import { walkSteps } from './walk-steps';
import { type ProfileServer, startProfileServer } from './profile-server';
import { startWizardServices, type WizardServices } from './wizard-services';
import { screenshotIn } from './screen-language';

// Issue 9, the desktop part: a `dockside://profile?url=<https URL>` link opens the wizard with the
// profile loaded, and the developer only confirms and types a password. The link is played by
// the bridge's pending link (what main keeps from argv, second-instance or open-url) and by the
// profile:open event (a link arriving while the app runs). The profile is served over https by a
// server whose CA is trusted through SSL_CERT_FILE, as the app's fetch trusts the system roots;
// it names the wizard services' TLS registry (pinned to its real CA), a plain-HTTP registry and
// the mirror. Everything else is real (wizard-services.ts): the apply writes /etc/docker/certs.d
// for the test registry only, and the isolated dockerd's daemon.json.

const SHOTS = 'test-results/screenshots';
const SLOW = { timeout: 180_000, interval: 500 };
const QUICK = { timeout: 30_000 };
const STEP_MS = 240_000;
const PROFILE_PATH = '/repository/profiles/team.json';
const SECOND_PROFILE_PATH = '/repository/profiles/second-team.json';

let services: WizardServices;
let profiles: ProfileServer;
/** The plain-HTTP registry the profile names (anonymous: the survey asks it, so it runs). */
let httpRegistry: string;

const link = (url: string): string => `dockside://profile?url=${encodeURIComponent(url)}`;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  services = await startWizardServices({ profileRegistries: true });
  httpRegistry = services.profile?.anonymous[0] ?? '';
  profiles = await startProfileServer({
    [PROFILE_PATH]: {
      version: 1,
      name: 'Team platform',
      registries: [
        { host: services.registry, pull: true, push: true, caFingerprint: services.caFingerprint },
        { host: httpRegistry, pull: true, insecure: true },
      ],
      mirrors: [services.mirrorUrl],
    },
    [SECOND_PROFILE_PATH]: { version: 1, name: 'Second team', registries: [{ host: services.registry, push: true, caFingerprint: services.caFingerprint }], mirrors: [] },
  });
}, 240_000);

afterAll(async () => {
  await profiles?.stop();
  await services?.cleanup();
}, 120_000);

describe.each([
  { language: 'en', locale: 'en-US', fromLink: 'Opened from a link: ', apply: false },
  { language: 'zh-CN', locale: 'zh-CN', fromLink: '通过链接打开：', apply: true },
])('a profile link in $language: Connect → Trust → Sign in → Mirrors → Review with nothing but a password typed', ({ language, locale, fromLink, apply }) => {
  let ui: UiSession;
  let failed: string[];
  let setup: SetupPage;
  let profileUrl: string;

  const shot = (screen: string): Promise<Buffer> => screenshotIn(ui.page, language, { path: `${SHOTS}/profile-link-${screen}-${language}.png` });

  const step = walkSteps(STEP_MS);

  beforeAll(async () => {
    profileUrl = profiles.url(PROFILE_PATH);
    // What main keeps when the link starts the app: the URL its argv's dockside:// link names.
    const fromArgs = profileUrlFromArgs(['/opt/Dockside/dockside', link(profileUrl)]);
    if (fromArgs === null) throw new Error(`${link(profileUrl)} was refused`);
    const pending = createPendingLink();
    pending.set(fromArgs);
    ui = await openRenderer(bridgeHandlers(services.handlersEnv, undefined, pending), { locale });
    failed = failedRequests(ui.page);
    setup = new SetupPage(ui.page);
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  step('Connect: the wizard opens on the profile, loaded from the link, without a click', async () => {
    await expect.poll(() => setup.profile.count(), QUICK).toBe(1);
    expect(await setup.profile.textContent()).toContain('Team platform');
    expect(await setup.profileUrl.inputValue()).toBe(profileUrl);
    expect(await setup.profileLink.textContent()).toBe(`${fromLink}${profileUrl}`);
    const registries = (await setup.profileRegistries.textContent()) ?? '';
    expect(registries).toContain(services.registry);
    expect(registries).toContain(httpRegistry);
    // The main registry (the push one) is preselected.
    expect(await ui.page.getByTestId('connect-profile-registry').inputValue()).toBe(services.registry);
    await shot('connect');
    await setup.profileContinue.click();
  });

  step('Trust: the CA matches the profile’s pin, so Accept is enabled; the plain-HTTP registry is listed under it', async () => {
    await expect.poll(() => setup.pinCheck.count(), SLOW).toBe(1);
    expect(await setup.pinCheck.getAttribute('class')).toBe('badge ok');
    expect(await setup.fingerprint()).toBe(services.caFingerprint);
    expect(await setup.trustOtherRegistries.textContent()).toContain(httpRegistry);
    expect(await setup.trustAccept.isEnabled()).toBe(true);
    await shot('trust');
    await setup.trustAccept.click();
  });

  step('Sign in: the registry that asks is listed (the anonymous plain-HTTP one is not); the user types a user name and password', async () => {
    await expect.poll(() => setup.username.count(), SLOW).toBe(1);
    expect(await ui.page.getByTestId('signin-registry').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-host')))).toEqual([services.registry]);
    await setup.username.fill(services.username);
    await setup.password.fill(services.password);
    await shot('signin');
    await setup.signInSubmit.click();
  });

  step('Mirrors: the profile’s mirror is probed and preselected, first in Docker’s order', async () => {
    await expect.poll(() => setup.mirrorRow(services.mirrorUrl).count(), SLOW).toBe(1);
    await expect.poll(async () => [null, MIRROR_PROBING].includes(await setup.mirrorStatus(services.mirrorUrl)), SLOW).toBe(false);
    expect(await setup.mirrorStatus(services.mirrorUrl)).toBe(MIRROR_USABLE);
    await expect.poll(() => setup.mirrorCheckbox(services.mirrorUrl).isChecked(), QUICK).toBe(true);
    expect(await setup.mirrorOrder(services.mirrorUrl).textContent()).toBe('1');
    await shot('mirrors');
    await setup.mirrorsContinue.click();
  });

  step('Review: the CA, the keychain item, config.json and daemon.json with the mirror and the plain-HTTP registry', async () => {
    await expect.poll(() => setup.reviewDiff.count(), SLOW).toBe(1);
    const changes = (await setup.reviewChanges.textContent()) ?? '';
    expect(changes).toContain(join(services.certsDDir, 'ca.crt'));
    expect(changes).toContain(services.registry);
    expect(changes).toContain(services.username);
    expect(changes).toContain(join(services.dockerConfig, 'config.json'));
    expect(changes).toContain(services.dockerd.configFile);
    // A keychain item for the TLS registry only: the plain-HTTP one gets no sign-in.
    expect(await setup.reviewChanges.locator('li').filter({ hasText: services.username }).count()).toBe(1);
    const diff = (await setup.reviewDiff.textContent()) ?? '';
    expect(diff).toContain(services.mirrorUrl);
    expect(diff).toContain(httpRegistry);
    expect(await ui.page.content()).not.toContain(services.password);
    await shot('review');
  });

  if (apply) {
    step('Apply, then as the developer: Docker reports the mirror and the plain-HTTP registry, certs.d holds the CA, the keychain the password', async () => {
      await setup.reviewApply.click();
      await expect.poll(() => setup.outcome(), SLOW).not.toBeNull();
      expect(await setup.outcome(), (await setup.page.locator('main').textContent()) ?? '').toBe('applied');
      await shot('apply');

      const info = await services.docker(['info', '--format', '{{json .RegistryConfig}}']);
      expect(info.code, info.stderr).toBe(0);
      const registryConfig = JSON.parse(info.stdout) as { Mirrors: string[]; IndexConfigs: Record<string, { Secure: boolean }> };
      expect(registryConfig.Mirrors).toEqual([`${services.mirrorUrl}/`]);
      expect(registryConfig.IndexConfigs[httpRegistry]?.Secure).toBe(false);
      // The profile names its insecure registries; its http:// mirror does not join them (as with `dockside profile apply`).
      expect(Object.keys(registryConfig.IndexConfigs)).not.toContain(new URL(services.mirrorUrl).host);
      expect(readFileSync(join(services.certsDDir, 'ca.crt'), 'utf8').trim()).toBe(services.ca.pem.trim());
      expect(JSON.parse((await services.keychainSecret(services.registry)) ?? '{}')).toEqual({ Username: services.username, Secret: services.password });
    });
  }

  it('had no console error and no failed request during the run', () => {
    expect(ui.errors).toEqual([]);
    expect(failed).toEqual([]);
  });
});

describe('a profile link arriving while the app is elsewhere (profile:open)', () => {
  it('switches to Connect and loads the new profile, showing where it came from', async () => {
    const events = createEventHub();
    const pending = createPendingLink();
    const ui = await openRenderer(bridgeHandlers(services.handlersEnv, events, pending), { events });
    try {
      const failed = failedRequests(ui.page);
      const setup = new SetupPage(ui.page);
      // Elsewhere: the dashboard.
      await ui.page.getByTestId('view-dashboard').click();
      await expect.poll(() => ui.page.getByTestId('view-dashboard').getAttribute('aria-current'), QUICK).toBe('page');
      const url = profiles.url(SECOND_PROFILE_PATH);
      // What electron/main/index.ts does with a link from second-instance or open-url. The page's
      // event stream may not be connected yet (in the app, the pending link covers that), so the
      // event is sent again until the page shows it.
      pending.set(url);
      const shown = async (): Promise<boolean> => (await setup.profile.count()) === 1 && ((await setup.profile.textContent()) ?? '').includes('Second team');
      await expect
        .poll(async () => {
          if (await shown()) return true;
          events.emit('profile:open', { url });
          return false;
        }, QUICK)
        .toBe(true);
      expect(await ui.page.getByTestId('view-setup').getAttribute('aria-current')).toBe('page');
      expect(await setup.profileUrl.inputValue()).toBe(url);
      expect(await setup.profileLink.textContent()).toBe(`Opened from a link: ${url}`);
      await screenshotIn(ui.page, 'en', { path: `${SHOTS}/profile-link-open-event-en.png` });
      // The renderer took the link from main: a reload would not open it again.
      expect(pending.take()).toBeNull();
      expect(ui.errors).toEqual([]);
      expect(failed).toEqual([]);
    } finally {
      await ui.close();
    }
  }, 120_000);
});
