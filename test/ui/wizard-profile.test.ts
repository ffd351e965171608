import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pkexecElevator } from '../../electron/core/plan/elevator';
import { createPendingLink } from '../../electron/main/pending-link';
import { type Keyring, startKeyring } from '../harness/keyring';
import { makeTempDir, type TempDir } from '../harness/tmp';
import { bridgeHandlers, failedRequests, openRenderer, standInConfirmDialog, type UiSession } from './bridge';
import { MIRROR_PROBING, MIRROR_USABLE, SetupPage } from './pages/setup-page';
import { type ProfileServer, startProfileServer } from './profile-server';
import { walkSteps } from './walk-steps';
import { type ProfileRegistries, startWizardServices, type WizardServices } from './wizard-services';
import { screenshotIn } from './screen-language';

// Issue 18, "Done when 5": the wizard sets up a whole profile as `dockside profile apply` does.
// A profile of two TLS registries (two CAs pinned; one with an account of its own) and a plain-HTTP
// registry behind htpasswd, with a mirror; and a profile of one anonymous plain-HTTP registry only.
// All real (wizard-services.ts): certs.d, daemon.json of an isolated dockerd, gnome-keyring. The
// apply runs through pkexecElevator, the app's Linux elevator, with a stand-in for pkexec that
// runs the privileged entry (the test is root: polkit has nothing to ask) and pauses a second
// after each line it passes on, a slow step: the progress must show while the apply still runs.

const SHOTS = '/tmp';
const SLOW = { timeout: 180_000, interval: 250 };
const QUICK = { timeout: 30_000 };
const STEP_MS = 240_000;
const TEAM = '/repository/profiles/team.json';
const INSECURE = ['/repository/profiles/http-only-1.json', '/repository/profiles/http-only-2.json'] as const;

let keyring: Keyring | undefined;
let services: WizardServices;
let extra: ProfileRegistries;
let profiles: ProfileServer;
let standIn: TempDir;
let pkexec: string;

interface DockerConfigFile {
  auths?: Record<string, Record<string, unknown>>;
  credHelpers?: Record<string, string>;
}

beforeAll(async () => {
  keyring = await startKeyring();
  services = await startWizardServices({ keyring, profileRegistries: true });
  if (services.profile === null) throw new Error('the profile registries did not start');
  extra = services.profile;
  profiles = await startProfileServer({
    [TEAM]: {
      version: 1,
      name: 'Team platform',
      registries: [
        { host: services.registry, pull: true, push: true, caFingerprint: services.caFingerprint },
        { host: extra.tls, pull: true, caFingerprint: extra.tlsCa.fingerprintSha256 },
        { host: extra.http, pull: true, insecure: true },
      ],
      mirrors: [services.mirrorUrl],
    },
    [INSECURE[0]]: { version: 1, name: 'Plain HTTP only', registries: [{ host: extra.anonymous[0], pull: true, insecure: true }] },
    [INSECURE[1]]: { version: 1, name: 'Plain HTTP only', registries: [{ host: extra.anonymous[1], pull: true, insecure: true }] },
  });
  standIn = makeTempDir('ui-pkexec');
  pkexec = standIn.join('pkexec');
  writeFileSync(pkexec, '#!/bin/bash\n# pkexec, once polkit said yes: runs the command; each line it prints is passed on, then a pause.\nset -o pipefail\n"$@" | while IFS= read -r line; do printf \'%s\\n\' "$line"; sleep 1; done\n');
  chmodSync(pkexec, 0o755);
  mkdirSync(SHOTS, { recursive: true });
}, 300_000);

afterAll(async () => {
  await profiles?.stop();
  await services?.cleanup();
  standIn?.remove();
  await keyring?.stop();
}, 120_000);

/** The app as it runs on Linux: every apply through pkexecElevator (the stand-in pkexec). */
async function openWizard(profilePath: string, locale: string): Promise<{ ui: UiSession; setup: SetupPage; failed: string[] }> {
  const pending = createPendingLink();
  pending.set(profiles.url(profilePath));
  const handlers = bridgeHandlers(services.handlersEnv, undefined, pending, standInConfirmDialog('apply'), () => pkexecElevator(pkexec));
  const ui = await openRenderer(handlers, { locale });
  return { ui, setup: new SetupPage(ui.page), failed: failedRequests(ui.page) };
}

/** Opens the wizard before a walk's first step and closes it after its last; `opened` receives the session. */
function openWizardAround(profilePath: string, locale: string, opened: (session: Awaited<ReturnType<typeof openWizard>>) => void): void {
  let session: Awaited<ReturnType<typeof openWizard>> | undefined;
  beforeAll(async () => {
    session = await openWizard(profilePath, locale);
    opened(session);
  }, 120_000);
  afterAll(async () => {
    await session?.ui.close();
  });
}

const hostsOf = (ui: UiSession): Promise<(string | null)[]> => ui.page.getByTestId('signin-registry').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-host')));
const row = (ui: UiSession, host: string) => ui.page.locator(`[data-testid="signin-registry"][data-host="${host}"]`);

describe.each([
  { language: 'en', locale: 'en-US', apply: true },
  { language: 'zh-CN', locale: 'zh-CN', apply: false },
])('a team profile of two TLS registries and one HTTP registry with credentials, in $language', ({ language, locale, apply }) => {
  let ui: UiSession;
  let setup: SetupPage;
  let failed: string[];
  const shot = (screen: string): Promise<Buffer> => screenshotIn(ui.page, language, { path: `${SHOTS}/wizard-${screen}-${language}.png` });
  const step = walkSteps(STEP_MS);

  openWizardAround(TEAM, locale, (opened) => ({ ui, setup, failed } = opened));

  step('Connect and Trust: the profile loads from its link; the main registry’s CA matches the pin', async () => {
    await expect.poll(() => setup.profile.count(), QUICK).toBe(1);
    await shot('profile-connect');
    await setup.profileContinue.click();
    if (apply) {
      await expect.poll(() => setup.pinCheck.count(), SLOW).toBe(1);
      expect(await setup.pinCheck.getAttribute('class')).toBe('badge ok');
      await setup.trustAccept.click();
    } else {
      // The English run installed the CA: Docker trusts the registry through certs.d now.
      await expect.poll(() => ui.page.getByTestId('trust-continue').count(), SLOW).toBe(1);
      await ui.page.getByTestId('trust-continue').click();
    }
  });

  step('Sign in: every registry that asks is listed, the HTTP one too; one shared account, and one of its own for the second TLS registry', async () => {
    await expect.poll(() => ui.page.getByTestId('signin-registry').count(), SLOW).toBe(3);
    expect(await hostsOf(ui)).toEqual([services.registry, extra.tls, extra.http]);
    if (!apply) {
      // The English run applied already: each keeps its stored sign-in, and Continue needs nothing typed.
      expect(await row(ui, extra.tls).getByTestId('signin-outcome').textContent()).toContain(extra.tlsAccount.username);
      expect(await setup.signInSubmit.isEnabled()).toBe(true);
      await shot('profile-signin-stored');
    } else {
      // Nothing stored: Continue waits for the accounts.
      expect(await setup.signInSubmit.isEnabled()).toBe(false);
      expect(await ui.page.getByTestId('signin-missing').textContent()).toContain(extra.http);
    }
    await setup.username.fill(services.username);
    await setup.password.fill(services.password);
    await row(ui, extra.tls).getByTestId('signin-own').check();
    await row(ui, extra.tls).getByTestId('signin-own-username').fill(extra.tlsAccount.username);
    await row(ui, extra.tls).getByTestId('signin-own-password').fill(extra.tlsAccount.password);
    expect(await row(ui, extra.http).getByTestId('signin-outcome').textContent()).toContain(services.username);
    expect(await row(ui, extra.tls).getByTestId('signin-outcome').textContent()).toContain(extra.tlsAccount.username);
    expect(await setup.signInSubmit.isEnabled()).toBe(true);
    await shot('profile-signin');
    await setup.signInSubmit.click();
  });

  step('Mirrors: the profile’s mirror is probed usable and preselected', async () => {
    await expect.poll(() => setup.mirrorRow(services.mirrorUrl).count(), SLOW).toBe(1);
    await expect.poll(async () => [null, MIRROR_PROBING].includes(await setup.mirrorStatus(services.mirrorUrl)), SLOW).toBe(false);
    expect(await setup.mirrorStatus(services.mirrorUrl)).toBe(MIRROR_USABLE);
    await expect.poll(() => setup.mirrorCheckbox(services.mirrorUrl).isChecked(), QUICK).toBe(true);
    await setup.mirrorsContinue.click();
  });

  step('Review: both CAs, a keychain item for each of the three registries, daemon.json with the mirror and the HTTP registry (the second time: nothing to do)', async () => {
    if (!apply) {
      // The same profile with the same accounts, after the English run applied it: nothing to do.
      await expect.poll(() => ui.page.getByTestId('review-nothing').count(), SLOW).toBe(1);
    } else {
      await expect.poll(() => setup.reviewChanges.count(), SLOW).toBe(1);
      const changes = (await setup.reviewChanges.textContent()) ?? '';
      expect(changes).toContain(join(services.certsDDir, 'ca.crt'));
      expect(changes).toContain(join(extra.tlsCertsDDir, 'ca.crt'));
      for (const host of [services.registry, extra.tls, extra.http]) expect(await setup.reviewChanges.locator('li').filter({ hasText: host }).count()).toBeGreaterThan(0);
      expect(await setup.reviewChanges.locator('li').filter({ hasText: extra.tlsAccount.username }).count()).toBe(1);
      const diff = (await setup.reviewDiff.textContent()) ?? '';
      expect(diff).toContain(services.mirrorUrl);
      expect(diff).toContain(extra.http);
    }
    for (const secret of [services.password, extra.tlsAccount.password]) expect(await ui.page.content()).not.toContain(secret);
    await shot('profile-review');
  });

  if (apply) {
    step('Apply: progress steps show while the elevated process still runs, then the outcome is "applied"', async () => {
      await setup.reviewApply.click();
      // The sign-ins report before the elevation; what counts is a step of the elevated process
      // itself (one naming daemon.json) on screen while the apply still runs. The stand-in pauses
      // a second after each line, and several follow it: batched at the end (sudo-prompt), the
      // outcome would follow within a poll.
      let seenAt = 0;
      let whileRunning = '';
      await expect
        .poll(async () => {
          const lines = await setup.applyProgress.locator('li').allTextContents();
          if (seenAt === 0 && lines.some((line) => line.includes(services.dockerd.configFile)) && (await setup.applyOutcome.count()) === 0) {
            seenAt = Date.now();
            whileRunning = lines.join('\n');
            await shot('profile-apply-running');
          }
          return (await setup.applyOutcome.count()) > 0;
        }, SLOW)
        .toBe(true);
      const outcomeAt = Date.now();
      expect(seenAt, 'no step of the elevated process was shown before the outcome').toBeGreaterThan(0);
      expect(outcomeAt - seenAt).toBeGreaterThanOrEqual(1500);
      expect(await setup.outcome(), (await setup.page.locator('main').textContent()) ?? '').toBe('applied');
      // The lines seen while running came from the elevated process, before its result.
      expect((await setup.applyProgress.locator('li').allTextContents()).join('\n').startsWith(whileRunning)).toBe(true);
      await shot('profile-apply');
    });

    step('afterwards, as the developer: each registry trusted, signed in with its account, the mirror and the HTTP registry active', async () => {
      const info = await services.docker(['info', '--format', '{{json .RegistryConfig}}']);
      expect(info.code, info.stderr).toBe(0);
      const registryConfig = JSON.parse(info.stdout) as { Mirrors: string[]; IndexConfigs: Record<string, { Secure: boolean }> };
      expect(registryConfig.Mirrors).toEqual([`${services.mirrorUrl}/`]);
      expect(registryConfig.IndexConfigs[extra.http]?.Secure).toBe(false);
      expect(readFileSync(join(services.certsDDir, 'ca.crt'), 'utf8').trim()).toBe(services.ca.pem.trim());
      expect(readFileSync(join(extra.tlsCertsDDir, 'ca.crt'), 'utf8').trim()).toBe(extra.tlsCa.pem.trim());
      expect(JSON.parse((await services.keychainSecret(services.registry)) ?? '{}')).toEqual({ Username: services.username, Secret: services.password });
      expect(JSON.parse((await services.keychainSecret(extra.tls)) ?? '{}')).toEqual({ Username: extra.tlsAccount.username, Secret: extra.tlsAccount.password });
      expect(JSON.parse((await services.keychainSecret(extra.http)) ?? '{}')).toEqual({ Username: services.username, Secret: services.password });
      const text = readFileSync(join(services.dockerConfig, 'config.json'), 'utf8');
      const config = JSON.parse(text) as DockerConfigFile;
      for (const host of [services.registry, extra.tls, extra.http]) {
        expect(config.credHelpers?.[host]).toBe('dockside');
        expect(config.auths?.[host]?.auth).toBeUndefined();
      }
      for (const secret of [services.password, extra.tlsAccount.password]) expect(text).not.toContain(secret);
      // Docker uses what was set up: the private image from the first registry.
      await services.docker(['rmi', services.privateImage]);
      const pulled = await services.docker(['pull', services.privateImage]);
      expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    });
  }

  it('had no console error and no failed request during the run', () => {
    expect(ui.errors).toEqual([]);
    expect(failed).toEqual([]);
  });
});

describe.each([
  { language: 'en', locale: 'en-US', profile: INSECURE[0], index: 0 },
  { language: 'zh-CN', locale: 'zh-CN', profile: INSECURE[1], index: 1 },
] as const)('a profile of plain-HTTP registries only, in $language', ({ language, locale, profile, index }) => {
  let ui: UiSession;
  let setup: SetupPage;
  let failed: string[];
  const shot = (screen: string): Promise<Buffer> => screenshotIn(ui.page, language, { path: `${SHOTS}/wizard-${screen}-${language}.png` });
  const step = walkSteps(STEP_MS);

  openWizardAround(profile, locale, (opened) => ({ ui, setup, failed } = opened));

  step('Connect: no main registry to pick, and Continue goes straight to Sign in, which has nothing to ask', async () => {
    await expect.poll(() => setup.profile.count(), QUICK).toBe(1);
    expect(await ui.page.getByTestId('connect-profile-registry').count()).toBe(0);
    expect(await setup.profileContinue.isEnabled()).toBe(true);
    await shot('insecure-connect');
    await setup.profileContinue.click();
    await expect.poll(() => ui.page.getByTestId('signin-none').count(), SLOW).toBe(1);
    // Trust was skipped (no certificate to show), and the stepper says so rather than marking it done.
    expect(await ui.page.getByTestId('stepper-trust').getAttribute('class')).toBe('skipped');
    expect(await ui.page.getByTestId('stepper-trust').textContent()).toContain(language === 'en' ? 'skipped' : '已跳过');
    expect(await ui.page.getByTestId('stepper-connect').getAttribute('class')).toBe('past');
    await shot('insecure-signin');
    await setup.signInSubmit.click();
  });

  step('Mirrors, Review and Apply: the registry joins insecure-registries and the apply completes', async () => {
    await expect.poll(() => setup.mirrorsContinue.count(), SLOW).toBe(1);
    await setup.mirrorsContinue.click();
    await expect.poll(() => setup.reviewDiff.count(), SLOW).toBe(1);
    expect(await setup.reviewDiff.textContent()).toContain(extra.anonymous[index]);
    await setup.reviewApply.click();
    await expect.poll(() => setup.outcome(), SLOW).not.toBeNull();
    expect(await setup.outcome(), (await setup.page.locator('main').textContent()) ?? '').toBe('applied');
    await shot('insecure-apply');
    const info = await services.docker(['info', '--format', '{{json .RegistryConfig.IndexConfigs}}']);
    expect((JSON.parse(info.stdout) as Record<string, { Secure: boolean }>)[extra.anonymous[index]]?.Secure).toBe(false);
    await setup.applyDone.click();
    await expect.poll(() => setup.donePull.count(), QUICK).toBe(1);
    expect(await setup.donePull.textContent()).toContain(extra.anonymous[index]);
  });

  it('had no console error and no failed request during the run', () => {
    expect(ui.errors).toEqual([]);
    expect(failed).toEqual([]);
  });
});
