import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ErrorJsonSchema } from '../../shared/cli';
import { DoctorJsonSchema } from '../../shared/doctor';
import { type CertificateAuthority, createCa, issueCert } from '../harness/certs';
import { installCa } from '../harness/certs-d';
import { createCleanups } from '../harness/cleanup';
import { dockside, HELPER_DIR } from '../harness/dockside';
import { addHosts } from '../harness/hosts';
import { docksideKeychainSecret, type Keyring, startKeyring } from '../harness/keyring';
import { freePort } from '../harness/ports';
import { run } from '../harness/run';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';
import { chinese, english } from '../harness/english';
import { englishSentences } from '../harness/prose';

// Issue 17 item 8 end to end, with real servers and no mocks: a real HTTPS server on a ::1 name
// (its CA in /etc/docker/certs.d, as Docker would trust it) answers /v2/ like Nexus behind an
// nginx that lacks `proxy_set_header X-Forwarded-Proto https` (seed 002): 401 with a Bearer realm
// that is plain http://. On that http port a capture server (raw TCP: it records every
// connection and every byte, whatever is sent) stands in for the token service, and answers a
// token to anything that does reach it, so a client that leaked would also "succeed". The built
// CLI runs with gnome-keyring as the Secret Service and its own DOCKER_CONFIG. Also: a registry
// trickling its body must not hang login.

const suffix = uniqueSuffix();
const REGISTRY_HOST = `realm-${suffix}.dockside.test`;
const TRICKLE_HOST = `trickle-${suffix}.dockside.test`;
const USER = 'dev';
/** Characters that change under URL encoding and case: every form of it is searched for. */
const PASSWORD = `Clear/Text Pa55:${suffix}!`;
const CAPTURED_TOKEN = `captured-token-${suffix}`;

const cleanups = createCleanups();
let dir: TempDir;
let home: string;
let dockerConfig: string;
let keyring: Keyring;
let ca: CertificateAuthority;
let registry: string;
let realm: string;
let trickleRegistry: string;

/** What the capture server on the realm's port received: one entry per connection, all its bytes. */
const captured: Buffer[][] = [];
/** What the HTTPS registry received. */
const registryRequests: Array<{ method: string; url: string; authorization: string | undefined }> = [];

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...keyring.env,
    HOME: home,
    DOCKER_CONFIG: dockerConfig,
    PATH: `${HELPER_DIR}:${process.env.PATH ?? ''}`,
    DOCKSIDE_STATE_DIR: join(dir.path, 'state'),
    // No engine and no daemon.json of this machine: only the registry is under test.
    DOCKSIDE_ENGINE: 'none',
    DOCKSIDE_DAEMON_JSON: join(dir.path, 'daemon.json'),
    LANG: 'C.UTF-8',
    LANGUAGE: '',
    LC_ALL: '',
    LC_MESSAGES: '',
    ...extra,
  };
}

function login(host: string, args: string[] = [], extraEnv: NodeJS.ProcessEnv = {}) {
  return dockside(['login', host, '-u', USER, '--password-stdin', ...args], env(extraEnv), { input: `${PASSWORD}\n` });
}

/** Every form the password could travel in: as typed, in Basic, URL-encoded both ways, case-changed. */
function passwordForms(): string[] {
  const forms = [PASSWORD, Buffer.from(`${USER}:${PASSWORD}`).toString('base64'), encodeURIComponent(PASSWORD), new URLSearchParams({ p: PASSWORD }).toString().slice(2)];
  return forms.flatMap((form) => [form, form.toLowerCase(), form.toUpperCase()]);
}

/** All bytes the capture server got, as latin1 text (every byte kept). */
function capturedText(): string {
  return captured.map((connection) => Buffer.concat(connection).toString('latin1')).join('\n');
}

async function listen(server: HttpsServer | TcpServer, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '::1', () => resolve());
  });
}

function close(server: HttpsServer | TcpServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}

beforeAll(async () => {
  dir = makeTempDir('login-realm');
  cleanups.add(() => dir.remove());
  home = dir.join('home');
  dockerConfig = join(home, '.docker');
  mkdirSync(home);
  const hosts = addHosts([REGISTRY_HOST, TRICKLE_HOST]);
  cleanups.add(() => hosts.remove());
  keyring = cleanups.track(await startKeyring());
  ca = await createCa(dir.path, { commonName: `Realm In Clear Test CA ${suffix}` });

  // The capture server on the realm's plain-HTTP port.
  const realmPort = await freePort('::1');
  realm = `http://${REGISTRY_HOST}:${realmPort}/token`;
  const capture = createTcpServer((socket) => {
    const bytes: Buffer[] = [];
    captured.push(bytes);
    socket.on('data', (chunk: Buffer) => {
      bytes.push(chunk);
      if (Buffer.concat(bytes).includes('\r\n\r\n')) {
        const body = JSON.stringify({ token: CAPTURED_TOKEN });
        socket.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
      }
    });
    socket.on('error', () => undefined);
  });
  await listen(capture, realmPort);
  cleanups.add(() => close(capture));

  // The HTTPS registry: the challenge names the http realm; a request with the captured token would be let in.
  const port = await freePort('::1');
  registry = `${REGISTRY_HOST}:${port}`;
  const cert = await issueCert(ca, dir.path, { commonName: REGISTRY_HOST, dnsNames: [REGISTRY_HOST] });
  const https = createHttpsServer({ cert: readFileSync(cert.chainPath), key: readFileSync(cert.keyPath) }, (req, res) => {
    registryRequests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    const headers = { 'content-type': 'application/json', 'docker-distribution-api-version': 'registry/2.0' };
    if (req.headers.authorization === `Bearer ${CAPTURED_TOKEN}`) {
      res.writeHead(200, headers).end('{}');
      return;
    }
    res.writeHead(401, { ...headers, 'www-authenticate': `Bearer realm="${realm}",service="x"` });
    res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
  });
  await listen(https, port);
  cleanups.add(() => close(https));
  const installed = installCa(registry, ca.pem);
  cleanups.add(() => installed.remove());

  // A registry that answers /v2/, then sends its body one byte a second, for ever.
  const tricklePort = await freePort('::1');
  trickleRegistry = `${TRICKLE_HOST}:${tricklePort}`;
  const trickleCert = await issueCert(ca, dir.path, { commonName: TRICKLE_HOST, dnsNames: [TRICKLE_HOST] });
  const timers = new Set<NodeJS.Timeout>();
  const trickle = createHttpsServer({ cert: readFileSync(trickleCert.chainPath), key: readFileSync(trickleCert.keyPath) }, (_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="trickle"' });
    const timer = setInterval(() => res.write(' '), 1000);
    timers.add(timer);
    res.on('close', () => {
      clearInterval(timer);
      timers.delete(timer);
    });
  });
  await listen(trickle, tricklePort);
  cleanups.add(async () => {
    for (const timer of timers) clearInterval(timer);
    await close(trickle);
  });
  const trickleCa = installCa(trickleRegistry, ca.pem);
  cleanups.add(() => trickleCa.remove());
  expect(existsSync(join(HELPER_DIR, 'docker-credential-dockside'))).toBe(true);
});

afterAll(() => cleanups.run());

beforeEach(() => {
  captured.length = 0;
  registryRequests.length = 0;
});

describe('dockside login to an https registry whose Bearer realm is http:// (real HTTPS registry, real capture server on the realm port)', () => {
  it('exits 1 with token-realm-not-https, explaining the nginx fix; the capture server got no connection; nothing in config.json or the keychain', async () => {
    const result = await login(registry, ['--json']);
    expect(result.code, result.stderr).toBe(1);
    const { error } = ErrorJsonSchema.parse(JSON.parse(result.stderr));
    expect(error.code).toBe('token-realm-not-https');
    expect(error.message).toContain(realm);
    expect(error.message).toContain('the password would cross the network in clear');
    expect(error.message).toContain('proxy_set_header X-Forwarded-Proto https;');

    // Not one connection to the realm, so no byte of the password in any form.
    expect(captured).toEqual([]);
    // The registry saw the anonymous ping only.
    expect(registryRequests).toEqual([{ method: 'GET', url: '/v2/', authorization: undefined }]);
    expect(existsSync(join(dockerConfig, 'config.json'))).toBe(false);
    expect(await docksideKeychainSecret(keyring, registry)).toBeNull();
    const search = await run('secret-tool', ['search', '--all', 'service', 'docker-credential-dockside'], { env: { ...process.env, ...keyring.env } });
    expect(search.stdout + search.stderr).not.toContain(registry);
    for (const form of passwordForms()) expect(result.stdout + result.stderr).not.toContain(form);
  });

  it('with --lang zh-CN prints the explanation and the fix in Simplified Chinese only, quoting Docker\'s text; still nothing sent', async () => {
    const result = await login(registry, ['--lang', 'zh-CN']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('该镜像仓库通过 HTTPS 访问');
    expect(result.stderr).toContain('"unauthorized: access to the requested resource is not authorized"');
    expect(englishSentences(result.stderr)).toEqual([]);
    expect(result.stderr).toContain('密码会以明文在网络上传输');
    expect(result.stderr).toContain('proxy_set_header X-Forwarded-Proto https;');
    expect(result.stderr).toContain('[token-realm-not-https]');
    expect(result.stderr).toContain(realm);
    expect(captured).toEqual([]);
    expect(existsSync(join(dockerConfig, 'config.json'))).toBe(false);
  });

  it('picks Chinese from LANG=zh_CN.UTF-8 without --lang, as gettext does', async () => {
    const result = await login(registry, [], { LANG: 'zh_CN.UTF-8' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Dockside 在发送密码之前就停止了');
    expect(englishSentences(result.stderr)).toEqual([]);
    expect(captured).toEqual([]);
  });
});

describe('dockside doctor on that registry', () => {
  it('reports realm-scheme-mismatch with the challenge as evidence and the nginx fix, in English and Chinese', async () => {
    const result = await dockside(['doctor', registry, '--json'], env());
    expect(result.code, result.stderr).toBe(1);
    const json = DoctorJsonSchema.parse(JSON.parse(result.stdout));
    const finding = json.findings.find((f) => f.id === 'realm-scheme-mismatch');
    expect(finding, JSON.stringify(json, null, 2)).toBeDefined();
    if (finding === undefined) return;
    expect(finding.severity).toBe('error');
    expect(finding?.evidence[0]?.detail).toContain(`realm="${realm}"`);
    expect(english(finding.fix.text)).toContain('proxy_set_header X-Forwarded-Proto https');
    expect(chinese(finding.fix.text)).toContain('proxy_set_header X-Forwarded-Proto https');
    expect(english(finding.explanation)).toContain('in clear');

    const zh = await dockside(['doctor', registry, '--lang', 'zh-CN'], env());
    expect(zh.code).toBe(1);
    expect(zh.stdout).toContain('令牌地址 (realm) 是 http://');
    expect(zh.stdout).toContain('(realm-scheme-mismatch)');
  });

  it('with a password stored for the registry, its push probe sends it nowhere near the http realm', async () => {
    // A credential Docker would use, stored by the real helper, as if signed in some other way.
    const store = await run(join(HELPER_DIR, 'docker-credential-dockside'), ['store'], {
      env: env(),
      input: JSON.stringify({ ServerURL: registry, Username: USER, Secret: PASSWORD }),
    });
    expect(store.code, store.stdout).toBe(0);
    cleanups.add(async () => {
      await run(join(HELPER_DIR, 'docker-credential-dockside'), ['erase'], { env: env(), input: registry });
    });
    mkdirSync(dockerConfig, { recursive: true });
    writeFileSync(join(dockerConfig, 'config.json'), JSON.stringify({ auths: { [registry]: {} }, credHelpers: { [registry]: 'dockside' } }));

    const result = await dockside(['doctor', `${registry}/team/app`, '--json'], env());
    expect(result.code, result.stderr).toBe(1);
    const json = DoctorJsonSchema.parse(JSON.parse(result.stdout));
    expect(json.findings.map((f) => f.id)).toContain('realm-scheme-mismatch');
    // The doctor asks the realm for an anonymous token (as Docker does for a pull): no credentials in it.
    const text = capturedText();
    expect(text).not.toMatch(/authorization:/i);
    for (const form of passwordForms()) expect(text).not.toContain(form);
    for (const form of passwordForms()) expect(result.stdout + result.stderr).not.toContain(form);
    expect(registryRequests.every((request) => request.authorization === undefined || request.authorization === `Bearer ${CAPTURED_TOKEN}`)).toBe(true);
  });
});

describe('dockside login to a registry that trickles its answer', () => {
  it('gives up after the login deadline for the whole body (15 s), naming the host, though a byte arrives every second', async () => {
    const configPath = join(dockerConfig, 'config.json');
    const before = existsSync(configPath) ? readFileSync(configPath, 'utf8') : null;
    const started = Date.now();
    const result = await login(trickleRegistry, ['--json']);
    const elapsed = Date.now() - started;
    expect(result.code, result.stderr).toBe(1);
    const { error } = ErrorJsonSchema.parse(JSON.parse(result.stderr));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain(trickleRegistry);
    expect(error.message).toContain('15000 ms');
    expect(elapsed).toBeLessThan(30_000);
    expect(existsSync(configPath) ? readFileSync(configPath, 'utf8') : null).toBe(before);
    expect(await docksideKeychainSecret(keyring, trickleRegistry)).toBeNull();
  }, 60_000);
});
