import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCa } from '../harness/certs';
import { createCleanups } from '../harness/cleanup';
import { type Dockerd, startDockerd } from '../harness/dockerd';
import { addHosts } from '../harness/hosts';
import { type Keyring, startKeyring } from '../harness/keyring';
import { type Registry, startRegistry } from '../harness/registry';
import { seedImage } from '../harness/seed-image';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';
import { bridgeHandlers, openRenderer, type UiSession } from './bridge';
import { screenshotIn } from './screen-language';

// The dashboard in Chromium over the real handlers and the real privileged apply, against an
// isolated dockerd (its own daemon.json, engine pidfile:PATH): switch the mirror to a local
// registry that serves library/busybox in two clicks, see it in `docker info` and the history,
// roll it back, run the checks. certs.d, config.json and the journal are temp dirs: nothing
// under /etc is touched, and the machine's own Docker is never asked.

const SHOTS = 'test-results/screenshots';
const suffix = uniqueSuffix();
const MIRROR_HOST = `mirror-${suffix}.dockside.test`;
const TRUSTED = `reg-${suffix}.dockside.test:5443`;
const PLAINTEXT = `plain-${suffix}.dockside.test:5000`;
/** Nothing listens on port 1: a mirror that never answers. */
const DEAD_MIRROR = 'http://127.0.0.1:1/';
const cleanups = createCleanups();
const savedState = process.env.DOCKSIDE_STATE_DIR;

let dir: TempDir;
let keyring: Keyring;
let hub: Registry;
let dockerd: Dockerd;
let mirrorUrl: string;
let env: NodeJS.ProcessEnv;

function watch(ui: UiSession): string[] {
  const failed: string[] = [];
  ui.page.on('requestfailed', (request) => {
    // The event stream is cut when the page closes; that is not a failed request of the run.
    if (!request.url().endsWith('/__dockside/events')) failed.push(`${request.url()}: ${request.failure()?.errorText ?? ''}`);
  });
  return failed;
}

/** The dashboard as a person sees it: sections by test id, buttons by their names. */
class DashboardPage {
  constructor(readonly page: Page) {}
  section(name: 'engine' | 'trusted' | 'logins' | 'findings' | 'mirrors' | 'history'): Locator {
    return this.page.getByTestId(`dashboard-${name}`);
  }
  mirrorRow(url: string): Locator {
    return this.section('mirrors').locator(`[data-testid="mirror-row"][data-url="${url}"]`);
  }
  change(section: 'mirrors' | 'history'): Locator {
    return this.section(section).getByTestId('dashboard-change');
  }
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dir = makeTempDir('ui-dashboard');
  cleanups.add(() => dir.remove());
  // The mirror's name resolves to 127.0.0.1, where the registry listens; mapped before dockerd starts.
  const hosts = addHosts([MIRROR_HOST], '127.0.0.1');
  cleanups.add(() => hosts.remove());
  keyring = cleanups.track(await startKeyring());
  hub = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } }));
  mirrorUrl = `http://${MIRROR_HOST}:${hub.hostPort.split(':')[1]}/`;
  dockerd = cleanups.track(await startDockerd());
  // Docker Hub played by the local registry: the probe fetches library/busybox's manifest through it.
  await seedImage(dockerd, `${hub.hostPort}/library/busybox:latest`);

  // One trusted registry (so the app opens on the dashboard) and one plaintext sign-in (a finding).
  const certsDir = dir.join('certs.d');
  const ca = await createCa(dir.path, { commonName: `Dockside Dashboard Test CA ${suffix}` });
  mkdirSync(join(certsDir, TRUSTED), { recursive: true });
  writeFileSync(join(certsDir, TRUSTED, 'ca.crt'), ca.pem);
  const dockerConfig = dir.join('docker-config');
  mkdirSync(dockerConfig);
  writeFileSync(join(dockerConfig, 'config.json'), `${JSON.stringify({ auths: { [PLAINTEXT]: { auth: Buffer.from('dev:not-a-real-password').toString('base64') } } }, null, 2)}\n`);

  const stateDir = dir.join('state');
  // The privileged child inherits process.env: its journal and backups go to the temp state dir.
  process.env.DOCKSIDE_STATE_DIR = stateDir;
  cleanups.add(() => {
    if (savedState === undefined) delete process.env.DOCKSIDE_STATE_DIR;
    else process.env.DOCKSIDE_STATE_DIR = savedState;
  });
  env = {
    ...dockerd.env,
    ...keyring.env,
    DOCKSIDE_ENGINE: `pidfile:${dockerd.pidfile}`,
    DOCKSIDE_DAEMON_JSON: dockerd.configFile,
    DOCKSIDE_CERTS_DIR: certsDir,
    DOCKER_CONFIG: dockerConfig,
    DOCKSIDE_STATE_DIR: stateDir,
  };
});

afterAll(async () => {
  await cleanups.run();
});

describe('the dashboard against an isolated dockerd', () => {
  let ui: UiSession;
  let failed: string[];
  let dashboard: DashboardPage;

  beforeAll(async () => {
    ui = await openRenderer(bridgeHandlers(env), { locale: 'en-US' });
    failed = watch(ui);
    dashboard = new DashboardPage(ui.page);
  });

  afterAll(async () => {
    await ui?.close();
  });

  it('opens on the dashboard (a registry is trusted) and shows the engine running', async () => {
    await expect.poll(() => dashboard.section('engine').count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => dashboard.section('engine').getByTestId('engine-state').textContent(), { timeout: 20_000 }).toBe('Running');
    const engine = (await dashboard.section('engine').textContent()) ?? '';
    expect(engine).toContain('pidfile');
    expect(engine).toContain(dockerd.configFile);
    expect(engine).toContain((await dockerd.info()).ServerVersion);
    expect(await dashboard.section('trusted').textContent()).toContain(TRUSTED);
    const logins = dashboard.section('logins');
    expect(await logins.textContent()).toContain(PLAINTEXT);
    expect(await logins.textContent()).toContain('config.json, in plaintext');
    expect(await logins.getByRole('button', { name: 'Move passwords to the keychain' }).count()).toBe(1);
    expect(await dashboard.section('history').textContent()).toContain('No change made yet.');
  });

  it('switches the mirror in two clicks (Use, Apply), and docker info reports it', async () => {
    const mirrors = dashboard.section('mirrors');
    await mirrors.getByLabel('Mirror URL').fill(mirrorUrl.slice(0, -1));
    await mirrors.getByRole('button', { name: 'Check this mirror' }).click();
    const row = dashboard.mirrorRow(mirrorUrl);
    await expect.poll(() => row.getByRole('button', { name: `Use ${mirrorUrl}` }).count(), { timeout: 30_000 }).toBe(1);
    expect(await row.textContent()).toContain('Usable');

    await row.getByRole('button', { name: `Use ${mirrorUrl}` }).click();
    const change = dashboard.change('mirrors');
    await expect.poll(() => change.getByTestId('change-plan').count(), { timeout: 20_000 }).toBe(1);
    const plan = (await change.getByTestId('change-plan').textContent()) ?? '';
    expect(plan).toContain(dockerd.configFile);
    expect(plan).toContain('registry-mirrors');
    expect(plan).toContain('Reload the Docker engine');
    await change.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(() => change.getByTestId('apply-outcome').count(), { timeout: 90_000 }).toBe(1);
    expect(await change.getByTestId('apply-outcome').textContent()).toContain('Applied.');
    expect(await change.getByTestId('apply-progress').locator('li').count()).toBeGreaterThan(0);

    expect((await dockerd.info()).RegistryConfig.Mirrors).toEqual([mirrorUrl]);
    // Everything is read again after the apply: the engine's mirrors, the mirror in use, the history.
    await expect.poll(() => dashboard.section('engine').getByTestId('engine-mirrors').textContent(), { timeout: 20_000 }).toContain(mirrorUrl);
    expect(await row.textContent()).toContain('In use');
    const entries = dashboard.section('history').getByTestId('history-entry');
    await expect.poll(() => entries.count(), { timeout: 20_000 }).toBe(1);
    expect(await entries.first().getAttribute('data-next')).toBe('true');
    expect(await entries.first().textContent()).toContain(dockerd.configFile);
    await screenshotIn(ui.page, 'en', { path: `${SHOTS}/dashboard-en.png` });
  });

  it('rolls the change back from the history (Roll back, Apply): the mirror leaves docker info', async () => {
    const history = dashboard.section('history');
    await history.getByRole('button', { name: 'Roll back', exact: true }).click();
    const change = dashboard.change('history');
    await expect.poll(() => change.getByTestId('change-plan').count(), { timeout: 20_000 }).toBe(1);
    await change.getByRole('button', { name: 'Apply', exact: true }).focus();
    await ui.page.keyboard.press('Enter');
    await expect.poll(() => change.getByTestId('apply-outcome').count(), { timeout: 120_000 }).toBe(1);
    expect(await change.getByTestId('apply-outcome').textContent()).toContain('Applied.');
    expect((await dockerd.info()).RegistryConfig.Mirrors ?? []).toEqual([]);
    const entries = history.getByTestId('history-entry');
    await expect.poll(() => entries.count(), { timeout: 20_000 }).toBe(2);
    // Newest first: the rollback, then the change it undid.
    expect(await entries.nth(0).textContent()).toContain('Rollback');
    expect(await entries.nth(1).textContent()).toContain('Undone');
    await expect.poll(() => dashboard.section('engine').getByTestId('engine-mirrors').textContent(), { timeout: 20_000 }).toBe('None');
  });

  it('runs the checks and shows the findings with their evidence and fix', async () => {
    const findings = dashboard.section('findings');
    await findings.getByRole('button', { name: 'Run checks' }).click();
    const items = findings.getByTestId('finding');
    await expect.poll(() => items.count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const plaintext = findings.locator('[data-finding-id="plaintext-credentials"]');
    expect(await plaintext.count()).toBe(1);
    expect(await plaintext.textContent()).toContain(PLAINTEXT);
    expect(await plaintext.getByRole('button', { name: 'Move passwords to the keychain' }).count()).toBe(1);
    // The evidence is folded away until asked for.
    expect(await plaintext.locator('details').getAttribute('open')).toBeNull();
    await plaintext.locator('summary').click();
    expect(await plaintext.locator('details pre').first().isVisible()).toBe(true);
    await screenshotIn(ui.page, 'en', { path: `${SHOTS}/dashboard-findings-en.png` });
    await ui.page.emulateMedia({ colorScheme: 'dark' });
    await screenshotIn(ui.page, 'en', { path: `${SHOTS}/dashboard-dark-en.png` });
    expect(ui.errors).toEqual([]);
    expect(failed).toEqual([]);
  });

  it('fixes a finding from its button: a dead mirror set by hand, cleared through the plan', async () => {
    // Another tool (or a person) sets a mirror that does not answer, and reloads the engine.
    const settings = JSON.parse(readFileSync(dockerd.configFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(dockerd.configFile, `${JSON.stringify({ ...settings, 'registry-mirrors': [DEAD_MIRROR] }, null, 2)}\n`);
    // SIGHUP by hand: the rollback restarted dockerd (as Dockside does), so the harness no longer has its log.
    process.kill(dockerd.pid(), 'SIGHUP');
    await expect.poll(async () => (await dockerd.info()).RegistryConfig.Mirrors, { timeout: 20_000 }).toEqual([DEAD_MIRROR]);

    const findings = dashboard.section('findings');
    await findings.getByRole('button', { name: 'Run checks' }).click();
    const dead = findings.locator('[data-finding-id="mirror-not-serving-hub"]');
    await expect.poll(() => dead.count(), { timeout: 60_000 }).toBe(1);
    expect(await dead.textContent()).toContain(DEAD_MIRROR);
    await dead.getByRole('button', { name: 'Stop using mirrors' }).click();
    const change = findings.getByTestId('dashboard-change');
    await expect.poll(() => change.getByTestId('change-plan').count(), { timeout: 20_000 }).toBe(1);
    expect(await change.getByTestId('change-plan').textContent()).toContain(DEAD_MIRROR);
    await change.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect.poll(() => change.getByTestId('apply-outcome').count(), { timeout: 90_000 }).toBe(1);
    expect(await change.getByTestId('apply-outcome').textContent()).toContain('Applied.');
    expect((await dockerd.info()).RegistryConfig.Mirrors ?? []).toEqual([]);
    // The checks run again after the change: the finding is gone, the history has the change.
    await expect.poll(() => dead.count(), { timeout: 60_000 }).toBe(0);
    await expect.poll(() => dashboard.section('history').getByTestId('history-entry').count(), { timeout: 20_000 }).toBe(3);
    expect(ui.errors).toEqual([]);
    expect(failed).toEqual([]);
  });

  it('speaks Simplified Chinese, findings included', async () => {
    const page = await ui.newPage({ locale: 'zh-CN' });
    const zh = new DashboardPage(page);
    await expect.poll(() => zh.section('engine').getByTestId('engine-state').textContent(), { timeout: 20_000 }).toBe('运行中');
    expect(await page.getByRole('heading', { name: '已信任的镜像仓库' }).count()).toBe(1);
    await zh.section('findings').getByRole('button', { name: '开始检查' }).click();
    const plaintext = zh.section('findings').locator('[data-finding-id="plaintext-credentials"]');
    await expect.poll(() => plaintext.count(), { timeout: 60_000 }).toBe(1);
    expect(await plaintext.textContent()).toContain('明文');
    await expect.poll(() => zh.section('history').getByTestId('history-entry').count(), { timeout: 20_000 }).toBe(3);
    await screenshotIn(page, 'zh-CN', { path: `${SHOTS}/dashboard-zh-CN.png` });
    expect(ui.errors).toEqual([]);
  });
});
