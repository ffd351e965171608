import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorJsonSchema } from '../../shared/cli';
import { ProfileApplyJsonSchema, ProfileCheckJsonSchema } from '../../shared/profile';
import type { ErrorValue } from '../../shared/result';
import type { ChangeItem } from '../../shared/setup';
import { dockside } from '../harness/dockside';
import type { NginxRequest } from '../harness/nginx';
import type { RunResult } from '../harness/run';
import { seedRootfsTar } from '../harness/seed-image';
import { type ProfileServices, startProfileServices } from './profile-services';

// Issue 9 end to end: `dockside profile check|apply` with an organisation profile naming a TLS
// registry (CA A pinned), an nginx GET/PUT front (CA B pinned) over a hosted registry and a
// read-only registry on its storage (a Nexus group), and an HTTP mirror playing Docker Hub; against an
// isolated dockerd, the real /etc/docker/certs.d and gnome-keyring. Nothing is mocked: there is
// no internet, so only the mirror can serve `docker pull busybox`.

let s: ProfileServices;

beforeAll(async () => {
  s = await startProfileServices();
}, 300_000);

afterAll(async () => {
  await s?.cleanup();
});

type Json = Record<string, unknown>;

/** `AB:CD:..`, `sha256:abcd..` and `abcd..` are the same fingerprint. */
const fingerprint = (value: unknown): string => String(value).replace(/^sha256:/i, '').replace(/:/g, '').toLowerCase();
/** `http://h:p` and `http://h:p/` are the same mirror (docker info adds the slash). */
const mirrorKey = (url: string): string => url.replace(/\/+$/, '');
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

function goodProfile(): Json {
  return {
    version: 1,
    name: `Team ${s.suffix}`,
    registries: [
      { host: s.tls, pull: true, caFingerprint: s.tlsCa.fingerprintSha256 },
      { host: s.front, pull: true, push: true, caFingerprint: s.frontCa.fingerprintSha256 },
    ],
    mirrors: [s.mirrorUrl],
  };
}

let written = 0;
/** Writes a profile (an object as JSON, or text verbatim) into the work dir; returns its path. */
function profileFile(content: Json | string, name = `profile-${++written}.json`): string {
  const path = join(s.workDir, name);
  writeFileSync(path, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  return path;
}

function check(path: string): Promise<RunResult> {
  return dockside(['profile', 'check', path, '--json'], s.env);
}

function apply(path: string, { json = true }: { json?: boolean } = {}): Promise<RunResult> {
  const args = ['profile', 'apply', path, '-u', s.username, '--password-stdin', '--yes', ...(json ? ['--json'] : [])];
  return dockside(args, s.env, { input: `${s.password}\n` });
}

const configPath = (): string => join(s.dockerConfig, 'config.json');
const journalPath = (): string => join(s.stateDir, 'journal.jsonl');
const caPath = (hostPort: string): string => join(s.certsDDir(hostPort), 'ca.crt');

/** Every file a profile apply may write, with its mtime and bytes (null when absent), and whether each certs.d dir exists. */
function snapshot(): Record<string, { mtimeMs: number; sha256: string } | boolean | null> {
  const files = [s.dockerd.configFile, configPath(), journalPath(), caPath(s.tls), caPath(s.front), caPath(s.bad)];
  const state: Record<string, { mtimeMs: number; sha256: string } | boolean | null> = {};
  for (const file of files) state[file] = existsSync(file) ? { mtimeMs: statSync(file).mtimeMs, sha256: sha256(readFileSync(file)) } : null;
  for (const hostPort of [s.tls, s.front, s.bad]) state[`dir ${s.certsDDir(hostPort)}`] = existsSync(s.certsDDir(hostPort));
  return state;
}

/** An error printed as `{"error":{"code","message"}}` on stderr, nothing on stdout. */
function errorOf(result: RunResult): ErrorValue & { message: string } {
  expect(result.stdout, `stdout should be empty; stderr: ${result.stderr}`).toBe('');
  const { error } = ErrorJsonSchema.parse(JSON.parse(result.stderr));
  return { ...error, message: error.message ?? '' };
}

/** The message names `field` itself, not a longer path starting with it (`registries` but not only `registries[0].host`). */
function namesField(message: string, field: string): boolean {
  const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w.\\]])${escaped}(?![\\w[.])`).test(message);
}

/**
 * The PUT of `repo:tag`'s manifest (the push), and the manifest requests after it (the pull:
 * dockerd 20.10 HEADs the tag, then GETs the manifest by digest).
 */
function pushThenPull(requests: NginxRequest[], repo: string, tag: string): { put: NginxRequest | undefined; pulls: NginxRequest[] } {
  const manifests = `/v2/${repo}/manifests/`;
  const putAt = requests.findIndex((r) => r.method === 'PUT' && r.uri === `${manifests}${tag}`);
  const pulls = putAt < 0 ? [] : requests.slice(putAt + 1).filter((r) => (r.method === 'GET' || r.method === 'HEAD') && r.uri.startsWith(manifests));
  return { put: requests[putAt], pulls };
}

/** The registry's log lines for requests that passed its htpasswd check (Distribution logs `msg="authorized request"`). */
const authenticatedLines = (log: string): string[] => log.split('\n').filter((line) => line.includes('msg="authorized request"'));

describe('the services', () => {
  it('the nginx front takes pushes on registry_push and serves pulls from registry_pull (proved with docker before any profile)', () => {
    const log = JSON.stringify(s.frontProof.requests, null, 1);
    const { put, pulls } = pushThenPull(s.frontProof.requests, 'team/proof', '1');
    expect(put, log).toMatchObject({ backend: 'registry_push', status: 201 });
    expect(pulls.filter((r) => r.method === 'GET').length, log).toBeGreaterThan(0);
    for (const request of pulls) expect(request, log).toMatchObject({ backend: 'registry_pull', status: 200 });
    // Both upstreams answered the authenticated user: one account behind every connector.
    expect(authenticatedLines(s.pushUpstream.log()).length).toBeGreaterThan(0);
    expect(authenticatedLines(s.pullUpstream.log()).length).toBeGreaterThan(0);
  });

  it('start untrusted and signed out: no certs.d dir, no config.json, nothing in the keychain', async () => {
    for (const hostPort of [s.tls, s.front, s.bad]) {
      expect(existsSync(s.certsDDir(hostPort))).toBe(false);
      expect(await s.keychainSecret(hostPort)).toBeNull();
    }
    expect(existsSync(configPath())).toBe(false);
    const pull = await s.docker(['pull', s.privateImage]);
    expect(pull.code).not.toBe(0);
    expect(pull.stdout + pull.stderr).toContain('x509');
  });
});

describe('profile check: a malformed profile is refused with the field it gets wrong (exit 2)', () => {
  const withRegistry = (index: number, change: Json, drop: string[] = []): Json => {
    const profile = goodProfile();
    const registries = (profile.registries as Json[]).map((registry) => ({ ...registry }));
    const target = registries[index] ?? {};
    for (const key of drop) delete target[key];
    registries[index] = { ...target, ...change };
    return { ...profile, registries };
  };
  const without = (key: string): Json => {
    const profile = goodProfile();
    delete profile[key];
    return profile;
  };
  const cases: Array<{ mistake: string; profile: () => Json | string; field: string }> = [
    { mistake: 'wrong version', profile: () => ({ ...goodProfile(), version: 2 }), field: 'version' },
    { mistake: 'missing name', profile: () => without('name'), field: 'name' },
    { mistake: 'registries empty', profile: () => ({ ...goodProfile(), registries: [] }), field: 'registries' },
    { mistake: 'host with a scheme', profile: () => withRegistry(0, { host: `https://${s.tls}` }), field: 'registries[0].host' },
    { mistake: 'host with a path', profile: () => withRegistry(1, { host: `${s.front}/team` }), field: 'registries[1].host' },
    { mistake: 'bad fingerprint', profile: () => withRegistry(1, { caFingerprint: 'AB:CD:EF' }), field: 'registries[1].caFingerprint' },
    { mistake: 'insecure with caFingerprint', profile: () => withRegistry(0, { insecure: true }), field: 'registries[0].caFingerprint' },
    { mistake: 'unknown top-level key', profile: () => ({ ...goodProfile(), 'registry-auth': { user: 'dev' } }), field: 'registry-auth' },
    { mistake: 'unknown registry key', profile: () => withRegistry(1, { username: 'dev' }), field: 'registries[1].username' },
    { mistake: 'mirror not a URL', profile: () => ({ ...goodProfile(), mirrors: [s.mirrorUrl, 'not a url'] }), field: 'mirrors[1]' },
    { mistake: 'mirror ftp://', profile: () => ({ ...goodProfile(), mirrors: ['ftp://mirror.example.com'] }), field: 'mirrors[0]' },
    { mistake: 'duplicate host', profile: () => withRegistry(1, { host: s.tls }), field: 'registries' },
    { mistake: 'lang unknown', profile: () => ({ ...goodProfile(), lang: 'fr' }), field: 'lang' },
    { mistake: 'pull not boolean', profile: () => withRegistry(0, { pull: 'yes' }), field: 'registries[0].pull' },
    { mistake: 'name empty', profile: () => ({ ...goodProfile(), name: '   ' }), field: 'name' },
    { mistake: 'registries not a list', profile: () => ({ ...goodProfile(), registries: { host: s.tls } }), field: 'registries' },
  ];

  it.each(cases)('$mistake: names $field', async ({ profile, field }) => {
    const before = snapshot();
    const result = await check(profileFile(profile()));
    expect(result.code, result.stderr).toBe(2);
    const error = errorOf(result);
    expect(error.code).toBe('invalid-profile');
    expect(namesField(error.message, field), `"${error.message}" should name ${field}`).toBe(true);
    expect(snapshot()).toEqual(before);
  });

  it('lists each mistake in the reader\'s language (LANG=zh_CN.UTF-8), field by field, never in zod\'s English', async () => {
    const path = profileFile({ ...withRegistry(0, { host: `https://${s.tls}`, pull: 'yes' }), version: 2, lang: 'fr' });
    const result = await dockside(['profile', 'check', path], { ...s.env, LANG: 'zh_CN.UTF-8', LANGUAGE: '', LC_ALL: '', LC_MESSAGES: '' });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toContain('问题：version: 必须为 1');
    expect(result.stdout).toContain('问题：registries[0].host: 必须是 Docker 写法的 registry 名称');
    expect(result.stdout).toContain('问题：registries[0].pull: 必须是 true 或 false');
    expect(result.stdout).toContain('问题：lang: 必须是以下之一："en", "zh-CN"');
    expect(result.stderr).toContain('不是有效的 Dockside 配置文件');
    expect(result.stderr).toContain('[invalid-profile]');
    expect(result.stdout + result.stderr).not.toMatch(/Invalid input|Invalid option|expected|must be/);
  });

  it('JSON syntax error: names the file, line and column', async () => {
    const path = profileFile(`{\n  "version": 1,\n  "name": "broken",\n  "registries": [\n`);
    const result = await check(path);
    expect(result.code, result.stderr).toBe(2);
    const error = errorOf(result);
    expect(error.code).toBe('invalid-profile');
    expect(error.message).toMatch(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+`));
  });

  it('apply refuses a malformed profile the same way (exit 2), before reading anything else', async () => {
    const before = snapshot();
    const result = await apply(profileFile({ ...goodProfile(), version: 3 }));
    expect(result.code, result.stderr).toBe(2);
    const error = errorOf(result);
    expect(error.code).toBe('invalid-profile');
    expect(namesField(error.message, 'version')).toBe(true);
    expect(snapshot()).toEqual(before);
  });

  it('an http:// profile URL is refused with profile-url-not-https', async () => {
    const result = await dockside(['profile', 'check', `http://127.0.0.1:9/profile.json`, '--json'], s.env);
    expect(result.code, result.stderr).not.toBe(0);
    expect(errorOf(result).code).toBe('profile-url-not-https');
  });

  it('a missing file is refused with an error naming the path', async () => {
    const path = join(s.workDir, 'no-such-profile.json');
    const result = await check(path);
    expect(result.code, result.stderr).not.toBe(0);
    expect(errorOf(result).message).toContain(path);
  });
});

describe('profile check on the good profile, before apply', () => {
  it('reports each registry to trust (the server\'s CA equals the pin) and to sign in to, the mirror usable, what apply would change; changes nothing', async () => {
    const path = profileFile(goodProfile(), 'good.json');
    const before = snapshot();
    const pid = s.dockerd.pid();
    const result = await check(path);
    expect(result.code, result.stderr).toBe(0);
    const out = ProfileCheckJsonSchema.parse(JSON.parse(result.stdout));
    expect(out.profile.name).toBe(`Team ${s.suffix}`);
    expect(out.profile.source).toContain('good.json');
    expect(out.problems).toEqual([]);

    expect(out.registries.map((r) => r.host)).toEqual([s.tls, s.front]);
    for (const [registry, ca, push] of [[out.registries[0], s.tlsCa, false], [out.registries[1], s.frontCa, true]] as const) {
      expect(registry).toMatchObject({ problem: null, state: { pull: true, push, trust: { state: 'install' }, signIn: { state: 'sign-in' } } });
      expect(fingerprint(registry?.state?.trust.fingerprint)).toBe(fingerprint(ca.fingerprintSha256));
    }

    const probes = out.mirrors;
    const probe = probes.find((p) => mirrorKey(p.url) === mirrorKey(s.mirrorUrl));
    expect(probe, JSON.stringify(probes)).toBeDefined();
    expect(probe?.usable, JSON.stringify(probe?.reason)).toBe(true);

    const changes = out.changes;
    expect(changes).toContainEqual({ kind: 'file', path: s.dockerd.configFile, role: 'daemon-json', action: 'modify', elevated: true });
    // Each CA is named by its subject, issuer and fingerprint (the review shows no PEM).
    expect(changes).toContainEqual({ kind: 'file', path: caPath(s.tls), role: 'ca-cert', action: 'create', elevated: true, ca: [expect.objectContaining({ fingerprintSha256: s.tlsCa.fingerprintSha256 })] });
    expect(changes).toContainEqual({ kind: 'file', path: caPath(s.front), role: 'ca-cert', action: 'create', elevated: true, ca: [expect.objectContaining({ fingerprintSha256: s.frontCa.fingerprintSha256 })] });
    const verify = changes.find((change): change is Extract<ChangeItem, { kind: 'verify' }> => change.kind === 'verify');
    expect(verify?.expected.mirrors.map(mirrorKey)).toContain(mirrorKey(s.mirrorUrl));
    expect(out.diff).toContain(mirrorKey(s.mirrorUrl));
    expect(out.steps.length).toBeGreaterThan(0);

    expect(snapshot()).toEqual(before);
    expect(s.dockerd.pid()).toBe(pid);
    for (const hostPort of [s.tls, s.front]) expect(await s.keychainSecret(hostPort)).toBeNull();
    expect((await s.dockerd.info()).RegistryConfig.Mirrors ?? []).toEqual([]);
  });
});

describe('a profile whose pinned fingerprint does not match the server', () => {
  it('is refused before anything is written or any credential is sent, though a password is on stdin', async () => {
    // The good registry first, then one whose server presents CA C while the profile pins CA A.
    const profile = {
      ...goodProfile(),
      name: `Wrong pin ${s.suffix}`,
      registries: [
        { host: s.tls, pull: true, caFingerprint: s.tlsCa.fingerprintSha256 },
        { host: s.bad, pull: true, push: true, caFingerprint: s.tlsCa.fingerprintSha256 },
      ],
    };
    const path = profileFile(profile, 'wrong-pin.json');
    const before = snapshot();
    const daemonJson = readFileSync(s.dockerd.configFile);
    const pid = s.dockerd.pid();
    const logs = { tls: s.tlsRegistry.log().length, bad: s.badRegistry.log().length };

    const result = await apply(path);
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(1);
    const error = errorOf(result);
    expect(error.code).toBe('fingerprint-mismatch');
    expect(error.message).toContain(s.bad);
    expect(`${result.stdout}${result.stderr}`).not.toContain(s.password);

    expect(existsSync(s.certsDDir(s.bad))).toBe(false);
    expect(existsSync(s.certsDDir(s.tls))).toBe(false);
    expect(readFileSync(s.dockerd.configFile).equals(daemonJson)).toBe(true);
    expect(existsSync(configPath())).toBe(false);
    expect(snapshot()).toEqual(before);
    expect(s.dockerd.pid()).toBe(pid);
    for (const hostPort of [s.bad, s.tls]) expect(await s.keychainSecret(hostPort)).toBeNull();
    // The password was read and never used: no registry saw an authenticated request.
    expect(authenticatedLines(s.badRegistry.log().slice(logs.bad))).toEqual([]);
    expect(authenticatedLines(s.tlsRegistry.log().slice(logs.tls))).toEqual([]);
    // Nothing at all was asked of the server whose certificate did not match: not even an anonymous /v2/.
    expect(s.badRegistry.log().slice(logs.bad).split('\n').filter((line) => line.includes('http.request.uri='))).toEqual([]);
  });
});

describe('profile apply', () => {
  let path: string;
  let afterFirst: ReturnType<typeof snapshot>;
  let pidAfterFirst: number;

  beforeAll(() => {
    path = profileFile(goodProfile(), 'apply.json');
  });

  it('trusts both CAs, activates the mirror, keeps the password in the keychain only; pulls via the mirror and the TLS registry, push and pull through the front work', async () => {
    const result = await apply(path);
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(s.password);
    const out = ProfileApplyJsonSchema.parse(JSON.parse(result.stdout));
    expect(out.outcome).toBe('applied');
    expect(out.profile.name).toBe(`Team ${s.suffix}`);
    expect(out.active?.mirrors.map(mirrorKey)).toContain(mirrorKey(s.mirrorUrl));
    expect(out.logins.map((login) => login.registry).sort()).toEqual([s.tls, s.front].sort());
    for (const login of out.logins) expect(login).toMatchObject({ username: s.username, scheme: 'basic', store: { helper: 'dockside', source: 'dockside' } });
    for (const host of [s.tls, s.front]) {
      expect(out.changes).toContainEqual({ kind: 'keychain', registry: host, username: s.username, store: { helper: 'dockside', source: 'dockside', reason: expect.objectContaining({ code: 'creds.store-reason.opted-out' }) } });
      expect(out.changes).toContainEqual(expect.objectContaining({ kind: 'file', path: caPath(host), role: 'ca-cert', action: 'create', elevated: true }));
    }

    // The engine: docker info lists the mirror.
    const info = await s.dockerd.info();
    expect((info.RegistryConfig.Mirrors ?? []).map(mirrorKey)).toContain(mirrorKey(s.mirrorUrl));

    // The CAs, each where dockerd reads it.
    expect(new X509Certificate(readFileSync(caPath(s.tls))).fingerprint256).toBe(s.tlsCa.fingerprintSha256);
    expect(new X509Certificate(readFileSync(caPath(s.front))).fingerprint256).toBe(s.frontCa.fingerprintSha256);
    expect(existsSync(s.certsDDir(s.bad))).toBe(false);

    // The credentials: in the keychain, config.json only pointing at the helper.
    for (const hostPort of [s.tls, s.front]) {
      expect(JSON.parse((await s.keychainSecret(hostPort)) ?? '{}')).toEqual({ Username: s.username, Secret: s.password });
    }
    const configText = readFileSync(configPath(), 'utf8');
    const config = JSON.parse(configText) as { credHelpers?: Record<string, string>; auths?: Record<string, { auth?: string }> };
    expect(config.credHelpers?.[s.tls]).toBe('dockside');
    expect(config.credHelpers?.[s.front]).toBe('dockside');
    for (const hostPort of [s.tls, s.front]) expect(config.auths?.[hostPort]?.auth).toBeUndefined();
    for (const secret of [s.password, Buffer.from(`${s.username}:${s.password}`).toString('base64'), Buffer.from(s.password).toString('base64')]) {
      expect(configText).not.toContain(secret);
    }

    // Docker Hub through the mirror (there is no internet: nothing else could serve it).
    const busybox = await s.docker(['pull', 'busybox']);
    expect(busybox.code, busybox.stdout + busybox.stderr).toBe(0);
    expect(s.mirror.log()).toContain('/v2/library/busybox/manifests/latest');

    // The private image from the TLS registry.
    const pulled = await s.docker(['pull', s.privateImage]);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);

    // Push, then pull, through the front. An image of its own (a label no other has): dockerd keeps
    // the manifests it has seen and would pull an already-known one with a HEAD alone.
    const image = `${s.front}/team/web:1`;
    const imported = await s.docker(['import', '--change', `LABEL dockside.test=profile-${s.suffix}`, await seedRootfsTar(), image]);
    expect(imported.code, imported.stderr).toBe(0);
    const seen = s.nginx.requests().length;
    for (const args of [['push', image], ['rmi', image], ['pull', image]]) {
      const step = await s.docker(args);
      expect(step.code, `docker ${args.join(' ')}: ${step.stdout}${step.stderr}`).toBe(0);
    }
    const requests = s.nginx.requests().slice(seen);
    const log = JSON.stringify(requests, null, 1);
    const { put, pulls } = pushThenPull(requests, 'team/web', '1');
    expect(put, log).toMatchObject({ backend: 'registry_push', status: 201 });
    expect(pulls.filter((r) => r.method === 'GET').length, log).toBeGreaterThan(0);
    for (const request of pulls) expect(request, log).toMatchObject({ backend: 'registry_pull', status: 200 });

    afterFirst = snapshot();
    pidAfterFirst = s.dockerd.pid();
    expect(existsSync(journalPath())).toBe(true);
  });

  it('a second apply of the same profile (--json) is unchanged and writes nothing', async () => {
    expect(afterFirst, 'the first apply must have passed').toBeDefined();
    const result = await apply(path);
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(0);
    const out = ProfileApplyJsonSchema.parse(JSON.parse(result.stdout));
    expect(out.outcome).toBe('unchanged');
    expect(out.logins).toEqual([]);
    expect(out.changes).toEqual([]);
    for (const [host, ca] of [[s.tls, s.tlsCa], [s.front, s.frontCa]] as const) {
      const registry = out.registries.find((r) => r.host === host);
      expect(registry, JSON.stringify(out.registries)).toMatchObject({ trust: { state: 'installed' }, signIn: { state: 'signed-in', username: s.username } });
      expect(fingerprint(registry?.trust.fingerprint)).toBe(fingerprint(ca.fingerprintSha256));
    }
    expect(snapshot()).toEqual(afterFirst);
    expect(s.dockerd.pid()).toBe(pidAfterFirst);
  });

  it('a third apply, in text mode, says "Nothing to do" and writes nothing', async () => {
    expect(afterFirst, 'the first apply must have passed').toBeDefined();
    const result = await apply(path, { json: false });
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('Nothing to do');
    expect(result.stdout + result.stderr).not.toContain(s.password);
    expect(snapshot()).toEqual(afterFirst);
    expect(s.dockerd.pid()).toBe(pidAfterFirst);
    const pulled = await s.docker(['pull', s.privateImage]);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
  });
});
