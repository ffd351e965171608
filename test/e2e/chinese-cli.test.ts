import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCa, issueCert } from '../harness/certs';
import { installCa } from '../harness/certs-d';
import { createCleanups } from '../harness/cleanup';
import { type Dockerd, startDockerd } from '../harness/dockerd';
import { dockside, userEnv as harnessUserEnv } from '../harness/dockside';
import { addHosts } from '../harness/hosts';
import { type Keyring, startKeyring } from '../harness/keyring';
import { freePort } from '../harness/ports';
import { chineseCharacters, englishSentences } from '../harness/prose';
import { startRegistry } from '../harness/registry';
import type { RunResult } from '../harness/run';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';

// Issue 19, Done when 1: a new user with LANG=zh_CN.UTF-8 and no --lang reads Chinese only in every
// command the issue lists, run against a real TLS htpasswd registry, an isolated dockerd,
// gnome-keyring and a local mirror. Each command also runs under LANG=C.UTF-8: the same detector
// must find English sentences there (so it can fail) and no Han character.

const suffix = uniqueSuffix();
const HOST = `zh-${suffix}.dockside.test`;
const USER = 'dev';
const PASSWORD = `Zh-${suffix}-pw!`;

const cleanups = createCleanups();
let dir: TempDir;
let dockerd: Dockerd;
let keyring: Keyring;
let hostPort: string;
let mirrorUrl: string;
let caPem: string;

/** The developer's shell with only the given locale: no LANGUAGE, LC_ALL or LC_MESSAGES to override it. */
function envWith(lang: string): NodeJS.ProcessEnv {
  const env = harnessUserEnv({ dockerd, keyring, home: dir.join('home'), dockerConfig: dir.join('home', '.docker'), stateDir: dir.join('state') });
  delete env.LANGUAGE;
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  return { ...env, LANG: lang, DOCKSIDE_DAEMON_JSON: dockerd.configFile };
}

const WRONG_PIN = `sha256:${'00'.repeat(32)}`;

/** The commands of the issue's "Why", as a user runs them; each returns what was printed. */
const COMMANDS: { name: string; args: () => string[]; input?: string; before?: () => void }[] = [
  { name: '--help', args: () => ['--help'] },
  { name: 'status', args: () => ['status'] },
  { name: 'trust inspect (an untrusted CA)', args: () => ['trust', 'inspect', hostPort] },
  { name: 'trust add with a wrong pin', args: () => ['trust', 'add', hostPort, '--fingerprint', WRONG_PIN] },
  { name: 'doctor (an untrusted CA)', args: () => ['doctor', `${hostPort}/team/app`] },
  { name: 'mirrors probe', args: () => ['mirrors', 'probe', mirrorUrl, 'http://127.0.0.1:9/'] },
  { name: 'profile check of a bad profile', args: () => ['profile', 'check', dir.join('bad-profile.json')] },
  { name: 'mirrors use (preview)', args: () => ['mirrors', 'use', mirrorUrl] },
  { name: 'mirrors use on a broken daemon.json', args: () => ['mirrors', 'use', mirrorUrl, '--daemon-json', dir.join('broken-daemon.json')] },
  {
    name: 'a failed login (wrong password)',
    args: () => ['login', hostPort, '-u', USER, '--password-stdin'],
    input: 'not-the-password\n',
    // Trusted first: the failure is the registry's 401, not the CA.
    before: () => {
      const installed = installCa(hostPort, caPem);
      cleanups.add(() => installed.remove());
    },
  },
];

const printed = (result: RunResult) => `${result.stdout}\n${result.stderr}`;

beforeAll(async () => {
  dir = makeTempDir('chinese-cli');
  cleanups.add(() => dir.remove());
  mkdirSync(dir.join('home'));
  const hosts = addHosts([HOST]);
  cleanups.add(() => hosts.remove());
  keyring = cleanups.track(await startKeyring());
  const hub = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } }));
  mirrorUrl = `${hub.url}/`;
  dockerd = cleanups.track(await startDockerd());
  const ca = await createCa(dir.path, { commonName: `Chinese CLI Test CA ${suffix}` });
  caPem = ca.pem;
  const port = await freePort('::1');
  const cert = await issueCert(ca, dir.path, { commonName: HOST, dnsNames: [HOST] });
  cleanups.track(await startRegistry({ listen: { host: '::1', port }, tls: { certPath: cert.chainPath, keyPath: cert.keyPath }, htpasswd: { users: { [USER]: PASSWORD } } }));
  hostPort = `${HOST}:${port}`;
  writeFileSync(dir.join('bad-profile.json'), JSON.stringify({ version: 1, name: '', registries: [{ host: 'https://nexus.example.com/repo' }], lang: 'fr' }));
  writeFileSync(dir.join('broken-daemon.json'), '{ "registry-mirrors": [ "https://a.example" ,, }');
});

afterAll(() => cleanups.run());

describe('under LANG=zh_CN.UTF-8 with no --lang, each command prints Chinese only', () => {
  for (const command of COMMANDS) {
    it(command.name, async () => {
      command.before?.();
      const english = await dockside(command.args(), envWith('C.UTF-8'), { input: command.input });
      const chinese = await dockside(command.args(), envWith('zh_CN.UTF-8'), { input: command.input });
      // The same command, the same outcome, in either language.
      expect(chinese.code, printed(chinese)).toBe(english.code);
      expect(printed(chinese).trim(), 'it printed something').not.toBe('');
      expect(englishSentences(printed(english)).length, `the detector finds English in:\n${printed(english)}`).toBeGreaterThan(0);
      expect(chineseCharacters(printed(english)), printed(english)).toEqual([]);
      expect(englishSentences(printed(chinese)), printed(chinese)).toEqual([]);
      expect(chineseCharacters(printed(chinese)).length, printed(chinese)).toBeGreaterThan(0);
      expect(printed(chinese)).not.toContain(PASSWORD);
    });
  }
});

describe('the catalog choice follows gettext', () => {
  it('LANGUAGE=zh_CN:en wins over LANG=en_US.UTF-8; LC_ALL=C disables LANGUAGE', async () => {
    const viaLanguage = await dockside(['--help'], { ...envWith('en_US.UTF-8'), LANGUAGE: 'zh_CN:en' });
    expect(chineseCharacters(viaLanguage.stdout).length).toBeGreaterThan(0);
    const cLocale = await dockside(['--help'], { ...envWith('zh_CN.UTF-8'), LC_ALL: 'C', LANGUAGE: 'zh_CN' });
    expect(chineseCharacters(cLocale.stdout)).toEqual([]);
  });
});
