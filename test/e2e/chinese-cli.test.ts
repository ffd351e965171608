import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DoctorJsonSchema } from '../../shared/doctor';
import { MirrorsProbeJsonSchema } from '../../shared/mirrors';
import { ErrorValueSchema } from '../../shared/result';
import { TrustInspectJsonSchema } from '../../shared/trust';
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
  // The --json checks look at the registry as an untrusted machine sees it, after the login test trusted it in certs.d.
  mkdirSync(dir.join('empty-certs.d'));
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

/** Every object in a JSON value that says something (has `params`): each must carry its code and the rendered message. */
function sayings(value: unknown, path = '$'): { path: string; code: unknown; message: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => sayings(item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const own = 'params' in record ? [{ path, code: record.key ?? record.code, message: record.message }] : [];
  return [...own, ...Object.entries(record).flatMap(([name, child]) => sayings(child, `${path}.${name}`))];
}

function expectCodedAndRendered(value: unknown): void {
  const said = sayings(value);
  expect(said.length).toBeGreaterThan(0);
  for (const item of said) {
    expect(typeof item.code, item.path).toBe('string');
    expect(typeof item.message, item.path).toBe('string');
    expect(englishSentences(String(item.message)), item.path).toEqual([]);
  }
}

describe('--json carries code, params and the rendered message for every error, finding and verdict (Done when 3)', () => {
  const zh = () => envWith('zh_CN.UTF-8');
  it('doctor --json validates against DoctorJsonSchema; every finding has its id and coded texts', async () => {
    const result = await dockside(['doctor', `${hostPort}/team/app`, '--json', '--certs-dir', dir.join('empty-certs.d')], zh());
    const json = DoctorJsonSchema.parse(JSON.parse(result.stdout));
    expect(json.findings.length).toBeGreaterThan(0);
    for (const finding of json.findings) expect(finding.id).toMatch(/^[a-z0-9-]+$/);
    expectCodedAndRendered(json.findings);
  });

  it('mirrors probe --json validates against MirrorsProbeJsonSchema; every result carries a coded verdict', async () => {
    const result = await dockside(['mirrors', 'probe', mirrorUrl, 'http://127.0.0.1:9/', '--json'], zh());
    const json = MirrorsProbeJsonSchema.parse(JSON.parse(result.stdout));
    expect(json.results.length).toBe(2);
    expectCodedAndRendered(json.results);
  });

  it('trust inspect --json validates against TrustInspectJsonSchema; every problem carries its code and a coded explanation', async () => {
    const result = await dockside(['trust', 'inspect', hostPort, '--json', '--certs-dir', dir.join('empty-certs.d')], zh());
    const json = TrustInspectJsonSchema.parse(JSON.parse(result.stdout));
    expect(json.problems.length).toBeGreaterThan(0);
    for (const problem of json.problems) expect(problem.code).toMatch(/^[a-z0-9-]+$/);
    expectCodedAndRendered(json.problems);
  });

  it('an error under --json is {code, key, params, message} on stderr', async () => {
    const result = await dockside(['trust', 'add', hostPort, '--fingerprint', WRONG_PIN, '--json', '--certs-dir', dir.join('empty-certs.d')], zh());
    expect(result.code).not.toBe(0);
    const error = ErrorValueSchema.parse((JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '') as { error: unknown }).error);
    expect(error.code).toBe('fingerprint-mismatch');
    expectCodedAndRendered(error);
  });

  it('a refused profile under --json lists its problems field by field, each coded and rendered', async () => {
    const result = await dockside(['profile', 'check', dir.join('bad-profile.json'), '--json'], zh());
    expect(result.code).not.toBe(0);
    const error = ErrorValueSchema.parse((JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '') as { error: unknown }).error);
    expect(error.code).toBe('invalid-profile');
    expect(error.problems?.map((problem) => problem.field)).toEqual(expect.arrayContaining(['name', 'registries[0].host', 'lang']));
    expectCodedAndRendered(error);
  });
});
