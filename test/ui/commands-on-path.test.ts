import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILE_LINE } from '../../electron/core/platform/user-commands';
import { createCa } from '../harness/certs';
import { createCleanups } from '../harness/cleanup';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';
import { bridgeHandlers, openRenderer, type UiSession } from './bridge';
import { screenshotIn } from './screen-language';

// The dashboard's offer to put dockside and docker-credential-dockside on PATH, over the real
// path:* handlers: the links go into a temporary HOME's ~/.docker/bin and the PATH line into its
// ~/.profile (bash, no ~/.bash_profile), where a login shell then finds the helper. Undo takes
// exactly those away. The built checkout's out/bin is the installation's launchers directory.

const SHOTS = 'test-results/screenshots';
const suffix = uniqueSuffix();
const TRUSTED = `reg-${suffix}.dockside.test:5443`;
const LAUNCHERS = resolve('out/bin');
const cleanups = createCleanups();

let dir: TempDir;
let home: string;
let env: NodeJS.ProcessEnv;

/** What a login shell of this HOME finds for the helper: how a user checks PATH. */
function loginShellFinds(name: string): string {
  try {
    return execFileSync('/usr/bin/env', ['-i', `HOME=${home}`, 'PATH=/usr/bin:/bin', '/usr/bin/bash', '-l', '-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dir = makeTempDir('ui-path');
  cleanups.add(() => dir.remove());
  home = dir.join('home');
  mkdirSync(home);
  writeFileSync(join(home, '.profile'), '# the user’s own profile\nexport EDITOR=vi\n');
  // One trusted registry, so the app opens on the dashboard.
  const certsDir = dir.join('certs.d');
  const ca = await createCa(dir.path, { commonName: `Dockside Path Test CA ${suffix}` });
  mkdirSync(join(certsDir, TRUSTED), { recursive: true });
  writeFileSync(join(certsDir, TRUSTED, 'ca.crt'), ca.pem);
  mkdirSync(dir.join('docker-config'));
  env = {
    HOME: home,
    SHELL: '/bin/bash',
    // Where an app started from a desktop looks: the checkout's launchers are not on it.
    PATH: '/usr/bin:/bin',
    DOCKSIDE_ENGINE: 'none',
    DOCKSIDE_CERTS_DIR: certsDir,
    DOCKSIDE_DAEMON_JSON: dir.join('daemon.json'),
    DOCKER_CONFIG: dir.join('docker-config'),
    DOCKSIDE_STATE_DIR: dir.join('state'),
  };
});

afterAll(async () => {
  await cleanups.run();
});

describe('Put dockside and docker-credential-dockside on PATH', () => {
  let ui: UiSession;
  let card: Locator;

  beforeAll(async () => {
    ui = await openRenderer(bridgeHandlers(env), { locale: 'en-US' });
    card = ui.page.getByTestId('dashboard-path');
  });

  afterAll(async () => {
    await ui?.close();
  });

  it('is offered on the dashboard while the helper is not on PATH, listing every change before the click', async () => {
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(1);
    expect(loginShellFinds('docker-credential-dockside')).toBe('');
    const listed = (await card.getByTestId('path-changes').textContent()) ?? '';
    expect(listed).toContain(`${join(home, '.docker', 'bin', 'docker-credential-dockside')} → ${join(LAUNCHERS, 'docker-credential-dockside')}`);
    expect(listed).toContain(`${join(home, '.profile')}: ${PROFILE_LINE}`);
    expect(await card.getByTestId('path-commands').textContent()).toContain('docker-credential-dockside: Not on PATH');
    // Nothing is written before the click.
    expect(existsSync(join(home, '.docker'))).toBe(false);
    await screenshotIn(card, 'en', { path: `${SHOTS}/dashboard-path-offer-en.png` });
  });

  it('links the launchers into ~/.docker/bin and adds one line to ~/.profile: a login shell then finds the helper', async () => {
    await card.getByRole('button', { name: 'Put dockside and docker-credential-dockside on PATH' }).click();
    await expect.poll(() => card.getByTestId('path-outcome').textContent(), { timeout: 20_000 }).toContain('Done.');
    const link = join(home, '.docker', 'bin', 'docker-credential-dockside');
    expect(readlinkSync(link)).toBe(join(LAUNCHERS, 'docker-credential-dockside'));
    expect(readFileSync(join(home, '.profile'), 'utf8')).toBe(`# the user’s own profile\nexport EDITOR=vi\n${PROFILE_LINE}\n`);
    expect(loginShellFinds('docker-credential-dockside')).toBe(link);
    // The helper Docker would run by that name answers.
    expect(execFileSync(link, ['version'], { encoding: 'utf8' })).toMatch(/\d+\.\d+\.\d+/);
    // This window's own PATH is unchanged: the card says where the link is and who finds it.
    expect(await card.getByTestId('path-commands').textContent()).toContain(`docker-credential-dockside: linked in ${join(home, '.docker', 'bin')}, found by terminals opened from now on`);
    expect(await card.getByRole('button', { name: 'Undo' }).count()).toBe(1);
    await screenshotIn(card, 'en', { path: `${SHOTS}/dashboard-path-done-en.png` });
  });

  it('shows the same state in Chinese after a restart of the window', async () => {
    const page = await ui.newPage({ locale: 'zh-CN' });
    const zhCard = page.getByTestId('dashboard-path');
    await expect.poll(() => zhCard.getByRole('button', { name: '撤销' }).count(), { timeout: 20_000 }).toBe(1);
    expect(await zhCard.textContent()).toContain(join(home, '.docker', 'bin'));
    await screenshotIn(zhCard, 'zh-CN', { path: `${SHOTS}/dashboard-path-done-zh-CN.png` });
    await page.close();
  });

  it('Undo removes exactly its links and its line', async () => {
    await card.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => card.getByTestId('path-outcome').textContent(), { timeout: 20_000 }).toContain('Undone');
    expect(existsSync(join(home, '.docker', 'bin', 'docker-credential-dockside'))).toBe(false);
    expect(readFileSync(join(home, '.profile'), 'utf8')).toBe('# the user’s own profile\nexport EDITOR=vi\n');
    expect(loginShellFinds('docker-credential-dockside')).toBe('');
    // The offer is there again, for another try.
    expect(await card.getByRole('button', { name: 'Put dockside and docker-credential-dockside on PATH' }).count()).toBe(1);
    expect(ui.errors).toEqual([]);
  });
});
