import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NexusFixture, startNexusFixture } from '../fixtures/nexus/server';
import { type CertificateAuthority, createCa, issueCert } from '../harness/certs';
import { createCleanups } from '../harness/cleanup';
import { addHosts } from '../harness/hosts';
import { freePort } from '../harness/ports';
import { startRegistry } from '../harness/registry';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';
import { bridgeHandlers, openRenderer, type UiSession } from './bridge';
import { screenshotIn } from './screen-language';

// Connect's other two starts in Chromium: a Nexus (its REST API mocked by the recorded fixtures
// of test/fixtures/nexus, since Nexus cannot run here) and a profile file whose pinned CA
// fingerprint is compared on Trust with what a real TLS registry sends. Engine none, certs.d and
// state in a temp dir: nothing is written under /etc.

const SHOTS = 'test-results/screenshots';
const suffix = uniqueSuffix();
const cleanups = createCleanups();
let dir: TempDir;
let ca: CertificateAuthority;
let nexus: NexusFixture;
let hostPort: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dir = makeTempDir('ui-connect');
  cleanups.add(() => dir.remove());
  ca = await createCa(dir.path, { commonName: `Dockside Profile Test CA ${suffix}` });
  const name = `profile-${suffix}.dockside.test`;
  const hosts = addHosts([name]);
  cleanups.add(() => hosts.remove());
  const port = await freePort('::1');
  const cert = await issueCert(ca, dir.path, { commonName: name, dnsNames: [name] });
  cleanups.track(await startRegistry({ listen: { host: '::1', port }, tls: { certPath: cert.chainPath, keyPath: cert.keyPath } }));
  hostPort = `${name}:${port}`;
  nexus = await startNexusFixture();
  cleanups.add(() => nexus.stop());
});

afterAll(() => cleanups.run());

async function open(locale: string): Promise<{ ui: UiSession; failed: string[] }> {
  const ui = await openRenderer(bridgeHandlers({ ...process.env, DOCKSIDE_ENGINE: 'none', DOCKSIDE_CERTS_DIR: dir.join('certs.d'), DOCKSIDE_STATE_DIR: dir.join('state') }), { locale });
  const failed: string[] = [];
  ui.page.on('requestfailed', (request) => {
    if (!request.url().endsWith('/__dockside/events')) failed.push(request.url());
  });
  return { ui, failed };
}

function profileFile(name: string, profile: unknown): string {
  const path = dir.join(name);
  writeFileSync(path, typeof profile === 'string' ? profile : JSON.stringify(profile, null, 2));
  return path;
}

describe.each([
  { language: 'en', locale: 'en-US', nexusSource: 'A Nexus server', profileSource: 'A profile from your platform team', matches: 'The fingerprint matches the profile' },
  { language: 'zh-CN', locale: 'zh-CN', nexusSource: 'Nexus 服务器', profileSource: '平台团队提供的配置文件', matches: '指纹与配置文件一致' },
])('Connect in $language', ({ language, locale, nexusSource, profileSource, matches }) => {
  it('lists a Nexus’s Docker repositories with roles and endpoints (Nexus REST mocked by recorded fixtures)', async () => {
    const { ui, failed } = await open(locale);
    try {
      await ui.page.getByLabel(nexusSource).check();
      await ui.page.getByTestId('connect-nexus-url').fill(nexus.url);
      await ui.page.getByRole('textbox', { name: /User name|用户名/ }).fill(nexus.adminUser);
      await ui.page.getByLabel(/^(Password \(optional\)|密码（可选）)$/).fill(nexus.adminPassword);
      await ui.page.getByTestId('connect-nexus-submit').click();
      const table = ui.page.getByTestId('nexus-repositories');
      await expect.poll(() => table.count(), { timeout: 20_000 }).toBe(1);
      const text = (await table.textContent()) ?? '';
      for (const repository of ['docker-proxy', 'docker-hosted', 'docker-group']) expect(text).toContain(repository);
      expect(text).not.toContain('maven-central');
      expect(text).toContain('http://127.0.0.1:8001');
      await screenshotIn(ui.page, language, { path: `${SHOTS}/connect-nexus-${language}.png` });
      expect(ui.errors).toEqual([]);
      expect(failed).toEqual([]);
    } finally {
      await ui.close();
    }
  });

  it('loads a profile file, and Trust compares the registry’s CA with the fingerprint it pins', async () => {
    const { ui, failed } = await open(locale);
    try {
      await ui.page.getByLabel(profileSource).check();
      const wrong = profileFile(`wrong-${language}.json`, { version: 1, name: 'Wrong pin', registries: [{ host: hostPort, push: true, caFingerprint: `sha256:${'AB'.repeat(32)}` }] });
      await ui.page.getByTestId('connect-profile-file').setInputFiles(wrong);
      await expect.poll(() => ui.page.getByTestId('connect-profile').count(), { timeout: 10_000 }).toBe(1);
      await screenshotIn(ui.page, language, { path: `${SHOTS}/connect-profile-${language}.png` });
      await ui.page.getByTestId('connect-profile-continue').click();
      await expect.poll(() => ui.page.getByTestId('pin-check').getAttribute('class'), { timeout: 20_000 }).toBe('badge bad');
      expect(await ui.page.getByTestId('trust-accept').isDisabled()).toBe(true);
      await screenshotIn(ui.page, language, { path: `${SHOTS}/trust-pin-differs-${language}.png` });

      await ui.page.getByTestId('view-setup').click();
      await ui.page.getByRole('button', { name: /Change registry|更换镜像仓库/ }).click();
      const right = profileFile(`right-${language}.json`, { version: 1, name: 'Team', registries: [{ host: hostPort, push: true, caFingerprint: ca.fingerprintSha256 }], mirrors: ['http://mirror.example:5000'] });
      await ui.page.getByTestId('connect-profile-file').setInputFiles(right);
      await expect.poll(async () => (await ui.page.getByTestId('connect-profile').textContent())?.includes('Team'), { timeout: 10_000 }).toBe(true);
      await ui.page.getByTestId('connect-profile-continue').click();
      await expect.poll(() => ui.page.getByTestId('pin-check').textContent(), { timeout: 20_000 }).toBe(matches);
      expect(await ui.page.getByTestId('trust-accept').isEnabled()).toBe(true);
      expect(ui.errors).toEqual([]);
      expect(failed).toEqual([]);
    } finally {
      await ui.close();
    }
  });

  it('names the field of each mistake in a malformed profile', async () => {
    const { ui } = await open(locale);
    try {
      await ui.page.getByLabel(profileSource).check();
      const bad = profileFile(`bad-${language}.json`, { version: 2, name: 'Bad', registries: [{ host: 'https://registry.example' }] });
      await ui.page.getByTestId('connect-profile-file').setInputFiles(bad);
      const alert = ui.page.getByRole('alert');
      await expect.poll(() => alert.count(), { timeout: 10_000 }).toBe(1);
      const text = (await alert.textContent()) ?? '';
      expect(text).toContain('invalid-profile');
      expect(text).toContain('version, registries[0].host');
      // Each mistake listed under the error, in the page's language, never in zod's English.
      const problems = (await ui.page.getByTestId('connect-profile-problems').textContent()) ?? '';
      expect(problems).toContain('version');
      expect(problems).toContain('registries[0].host');
      expect(problems).not.toMatch(/Invalid input|Invalid option/);
      if (language === 'zh-CN') expect(problems).toContain('必须是 Docker 写法的 registry 名称');
      else expect(problems).toContain('must be a registry name as Docker writes it');
      await screenshotIn(ui.page, language, { path: `${SHOTS}/connect-profile-invalid-${language}.png` });
      expect(ui.errors).toEqual([]);
    } finally {
      await ui.close();
    }
  });
});
