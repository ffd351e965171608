import { describe, expect, it } from 'vitest';
import { changedLines, confirmationOf as confirm, languageOf } from '../../../../../electron/main/handlers/confirm-change';
import type { Plan } from '../../../../../shared/plan';
import type { ChangeItem } from '../../../../../shared/setup';

const DAEMON_JSON = '/etc/docker/daemon.json';
const CA = '/etc/docker/certs.d/nexus.example:8443/ca.crt';

/** A setup's diff as core writes it: the CA (a new file), then daemon.json. */
const DIFF = [
  '--- /dev/null',
  `+++ ${CA}`,
  '@@ -0,0 +1,3 @@',
  '+-----BEGIN CERTIFICATE-----',
  '+MIIB',
  '+-----END CERTIFICATE-----',
  `--- ${DAEMON_JSON}`,
  `+++ ${DAEMON_JSON}`,
  '@@ -1,3 +1,6 @@',
  ' {',
  '-  "debug": false',
  '+  "debug": false,',
  '+  "registry-mirrors": [',
  '+    "https://mirror.example/"',
  '+  ]',
  ' }',
  '',
].join('\n');

const SETUP: ChangeItem[] = [
  { kind: 'keychain', registry: 'nexus.example:8443', username: 'dev', store: { helper: 'dockside', source: 'dockside' } },
  { kind: 'file', path: '/home/dev/.docker/config.json', role: 'docker-config', action: 'modify', elevated: false },
  { kind: 'file', path: CA, role: 'ca-cert', action: 'create', elevated: true },
  { kind: 'file', path: DAEMON_JSON, role: 'daemon-json', action: 'modify', elevated: true },
  { kind: 'engine', action: 'reload' },
  { kind: 'verify', expected: { mirrors: ['https://mirror.example/'], insecureRegistries: [] } },
];

describe('the confirmation main words before it applies', () => {
  it('lists every item of the change in English, with the lines daemon.json changes, and says the password will be asked', async () => {
    const confirmation = await confirm({ items: SETUP, diff: DIFF }, 'en');
    expect(confirmation).toMatchObject({ language: 'en', title: 'Apply the change', message: 'Apply this change to Docker on this computer?', apply: 'Apply', cancel: 'Cancel' });
    expect(confirmation.detail.split('\n')).toEqual([
      '• Keep the password of dev for nexus.example:8443 in the system keychain (docker-credential-dockside)',
      '• Update your Docker config.json: /home/dev/.docker/config.json (as you)',
      `• Install the registry’s CA: ${CA} (as administrator)`,
      `• Change Docker’s daemon.json: ${DAEMON_JSON} (as administrator)`,
      '    -  "debug": false',
      '    +  "debug": false,',
      '    +  "registry-mirrors": [',
      '    +    "https://mirror.example/"',
      '    +  ]',
      '• Reload the Docker engine (running containers keep running)',
      '• Check that Docker reports the mirrors (https://mirror.example/) and insecure registries (—)',
      '',
      'Your system then asks for an administrator password, once.',
    ]);
  });

  it('asks its own question when the plan puts a CA in the OS trust store: trusted for every website, in English and Chinese', async () => {
    const anchor = '/usr/local/share/ca-certificates/dockside-0123456789abcdef.crt';
    const plan: Plan = {
      version: 1,
      id: 'confirm-os-0001',
      action: 'apply',
      reason: { code: 'plan.reason.confirmed', params: {} },
      engine: { kind: 'systemd' },
      steps: [
        { type: 'write-file', role: 'os-ca', path: anchor, content: '', mode: 0o644, beforeSha256: null },
        { type: 'refresh-os-trust', store: 'debian', commands: [['update-ca-certificates']] },
        { type: 'verify-os-trust', host: 'nexus.example:8443', sha256: 'a'.repeat(64), sha1: 'b'.repeat(40), trusted: true },
      ],
    };
    const items: ChangeItem[] = [{ kind: 'file', path: anchor, role: 'ca-cert', action: 'create', elevated: true }];
    const english = await confirm({ items, diff: '', plan }, 'en');
    expect(english.title).toBe('Trust this CA for every website?');
    expect(english.message).toBe('This change puts a CA in the OS trust store: every program on this computer will trust it for every website, not only Docker for this registry.');
    expect(english.detail.split('\n')[0]).toContain('they could stand in for any website you visit');
    expect(english.detail).toContain(`• Install the registry’s CA: ${anchor} (as administrator)`);
    const chinese = await confirm({ items, diff: '', plan }, 'zh-CN');
    expect(chinese.title).toBe('要对所有网站信任此 CA 吗？');
    expect(chinese.message).toContain('本机的每个程序都会对所有网站信任它');
    // Taking the CA out of the store asks the ordinary question.
    const removal: Plan = { ...plan, steps: [{ type: 'verify-os-trust', host: null, sha256: 'a'.repeat(64), sha1: 'b'.repeat(40), trusted: false }] };
    expect((await confirm({ items, diff: '', plan: removal }, 'en')).title).toBe('Apply the change');
  });

  it('says the same in Chinese', async () => {
    const confirmation = await confirm({ items: SETUP, diff: DIFF }, 'zh-CN');
    expect(confirmation).toMatchObject({ language: 'zh-CN', apply: '应用', cancel: '取消' });
    expect(confirmation.detail).toContain('保存 dev 在 nexus.example:8443 的密码：存入系统钥匙串（docker-credential-dockside）');
    expect(confirmation.detail).toContain(`安装镜像仓库的 CA：${CA}（以管理员身份）`);
    expect(confirmation.detail).toContain('    +    "https://mirror.example/"');
    expect(confirmation.detail).toContain('重新加载 Docker 引擎');
    expect(confirmation.detail.endsWith('随后系统会请求一次管理员密码。')).toBe(true);
  });

  it('says no password is needed when nothing is written as administrator, and names a plaintext store', async () => {
    const items: ChangeItem[] = [
      { kind: 'keychain', registry: 'nexus.example:8443', username: 'dev', store: { helper: null, source: 'plaintext' } },
      { kind: 'file', path: '/home/dev/.docker/config.json', role: 'docker-config', action: 'create', elevated: false },
    ];
    const { detail } = await confirm({ items, diff: '' }, 'en');
    expect(detail).toContain('in config.json as plain base64');
    expect(detail.endsWith('No administrator password is needed.')).toBe(true);
  });

  it('quotes only the changed lines of the file asked for, and at most 12 of them', async () => {
    expect(changedLines(DIFF, CA)).toEqual(['+-----BEGIN CERTIFICATE-----', '+MIIB', '+-----END CERTIFICATE-----']);
    expect(changedLines(DIFF, '/etc/other.json')).toEqual([]);
    const removed = `--- ${DAEMON_JSON}\n+++ /dev/null\n@@ -1 +0,0 @@\n-{}\n`;
    expect(changedLines(removed, DAEMON_JSON)).toEqual(['-{}']);

    const many = Array.from({ length: 20 }, (_, index) => `+    "https://mirror-${index}.example/",`);
    const long = [`--- ${DAEMON_JSON}`, `+++ ${DAEMON_JSON}`, '@@ -1 +1,20 @@', ...many].join('\n');
    const { detail } = await confirm({ items: [SETUP[3] as ChangeItem], diff: long }, 'en');
    expect(detail).toContain('mirror-11.example');
    expect(detail).not.toContain('mirror-12.example');
    expect(detail).toContain('    …');
  });

  it('asks in the language the renderer names, else the first OS language with a catalog', () => {
    expect(languageOf('en', ['zh-Hans-CN'])).toBe('en');
    expect(languageOf(undefined, ['fr-FR', 'zh-Hans-CN', 'en-US'])).toBe('zh-CN');
    expect(languageOf(undefined, ['de-DE'])).toBe('en');
    expect(languageOf(undefined, [])).toBe('en');
  });

  it('names another credential helper by its program, in both languages', async () => {
    const items: ChangeItem[] = [{ kind: 'keychain', registry: 'r.example', username: 'dev', store: { helper: 'pass', source: 'credsStore' } }];
    expect((await confirm({ items, diff: '' }, 'en')).detail).toContain('Keep the password of dev for r.example with docker-credential-pass');
    expect((await confirm({ items, diff: '' }, 'zh-CN')).detail).toContain('由 docker-credential-pass 保存');
  });
});
