import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LoginJsonSchema } from '../../../../../shared/credentials';
import { type LoginInput, login } from '../../../../../electron/core/credentials/login';
import { DocksideError } from '../../../../../electron/core/errors';
import { basicAuthorization } from '../../../../../electron/core/registry/registry-client';
import type { CertificateAuthority } from '../../../../harness/certs';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { rejectionOf } from '../../../dockside-error';
import { startHttpsRegistryDouble, type HttpsRegistryDouble } from './https-registry-double';
import { credentialDeps, type MemoryKeychain, memoryKeychain, writeFileStoreHelper, writeHelper, configFile } from './fakes';
import { english } from '../../../../harness/english';

/**
 * login() end to end inside core: a local HTTPS test double of a registry (Basic auth, as in
 * registry-client.test.ts), Dockside's keychain in memory, PATH holding a stub
 * docker-credential-dockside, and a temp dir as DOCKER_CONFIG.
 */

const USER = 'dev';
const PASSWORD = 'S3cret-Pa55:word';
const OTHER = 'other.example:5000';
const base64 = (text: string): string => Buffer.from(text).toString('base64');

interface Double {
  hostPort: string;
  requests: Array<{ path: string; authorization: string | undefined }>;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

let double: HttpsRegistryDouble | undefined;
let ca: CertificateAuthority;
const registry: Double = { hostPort: '', requests: [], handler: (_req, res) => res.writeHead(500).end() };

/** /v2/ accepting only USER:PASSWORD, challenging everything else with Basic. */
const basicRegistry: Double['handler'] = (req, res) => {
  if (req.headers.authorization === basicAuthorization(USER, PASSWORD)) {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    return;
  }
  res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="Registry Realm"' });
  res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
};

beforeAll(async () => {
  double = await startHttpsRegistryDouble('Login Test CA', (req, res) => {
    registry.requests.push({ path: new URL(req.url ?? '/', 'https://double.invalid').pathname, authorization: req.headers.authorization });
    registry.handler(req, res);
  });
  ca = double.ca;
  registry.hostPort = double.hostPort;
});

afterAll(() => double?.close());

let tmp: TempDir;
let bin: string;
let configDir: string;
let configPath: string;
let keychain: MemoryKeychain;
beforeEach(() => {
  tmp = makeTempDir('login-case');
  bin = tmp.join('bin');
  writeHelper(bin, 'dockside', 'cat > /dev/null\necho "{}"');
  configDir = tmp.join('docker');
  configPath = tmp.join('docker', 'config.json');
  keychain = memoryKeychain();
  registry.requests.length = 0;
  registry.handler = basicRegistry;
  return () => tmp.remove();
});

const input = (password = PASSWORD): LoginInput => ({ registry: registry.hostPort, username: USER, password, ca: [ca.pem], timeoutMs: 2000 });
const deps = (pathDirs = [bin]) => credentialDeps(configDir, pathDirs, keychain, tmp.join('helper-dir'));
const config = () => configFile(configDir);

describe('login', () => {
  it('stores the secret in the dockside keychain, points config.json at it and drops the plaintext copy', async () => {
    config().write({
      auths: { [registry.hostPort]: { auth: base64('old-user:old-password') }, [OTHER]: { auth: base64('bob:pw'), email: 'b@example.com' } },
      credHelpers: { 'gcr.io': 'gcloud' },
      proxies: { default: { httpProxy: 'http://proxy:3128' } },
      currentContext: 'desktop-linux',
    });

    const result = await login(input(), deps());

    expect(LoginJsonSchema.parse(result)).toEqual({
      registry: registry.hostPort,
      username: USER,
      scheme: 'basic',
      store: { helper: 'dockside', source: 'dockside', reason: expect.objectContaining({ code: 'creds.store-reason.no-native' }) },
      configPath,
      removedPlaintext: true,
      warnings: [],
    });
    expect([...keychain.items.values()]).toEqual([{ serverUrl: registry.hostPort, username: USER, secret: PASSWORD }]);
    expect(config().read()).toEqual({
      auths: { [registry.hostPort]: {}, [OTHER]: { auth: base64('bob:pw'), email: 'b@example.com' } },
      credHelpers: { 'gcr.io': 'gcloud', [registry.hostPort]: 'dockside' },
      proxies: { default: { httpProxy: 'http://proxy:3128' } },
      currentContext: 'desktop-linux',
    });
    const text = readFileSync(configPath, 'utf8');
    for (const secret of [PASSWORD, base64('old-user:old-password'), base64(`${USER}:${PASSWORD}`)]) expect(text).not.toContain(secret);
    // One ping, one answer to the challenge: nothing retried.
    expect(registry.requests.map((r) => r.authorization)).toEqual([undefined, basicAuthorization(USER, PASSWORD)]);
  });

  it('creates config.json (and its dir) when there is none, with no plaintext to remove', async () => {
    const result = await login(input(), deps());
    expect(result.removedPlaintext).toBe(false);
    expect(config().read()).toEqual({ auths: { [registry.hostPort]: {} }, credHelpers: { [registry.hostPort]: 'dockside' } });
    expect(keychain.items.get(registry.hostPort)).toEqual({ serverUrl: registry.hostPort, username: USER, secret: PASSWORD });
  });

  it('checks the store before the registry, then stores after the registry accepted', async () => {
    await login(input(), deps());
    expect(keychain.calls).toEqual(['list', `store ${registry.hostPort}`]);
  });

  it('stores nothing and leaves config.json byte-identical when the registry rejects the password', async () => {
    const before = config().write({ auths: { [registry.hostPort]: { auth: base64('old-user:old-password') } }, currentContext: 'desktop-linux' });
    const error = await rejectionOf(login(input('Wr0ng-Pa55'), deps()));
    expect(error.code).toBe('unauthorized');
    expect(english(error)).not.toContain('Wr0ng-Pa55');
    expect(keychain.items.size).toBe(0);
    expect(keychain.calls).toEqual(['list']);
    expect(readFileSync(configPath, 'utf8')).toBe(before);
    expect(registry.requests.filter((r) => r.authorization !== undefined)).toHaveLength(1);
  });

  it('stops before sending the password when the Bearer realm is plain http (nginx without X-Forwarded-Proto https): nothing stored, config.json untouched', async () => {
    const before = config().write({ auths: { [OTHER]: { auth: base64('bob:pw') } } });
    registry.handler = (_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': `Bearer realm="http://${registry.hostPort}/v2/token",service="${registry.hostPort}"` }).end('{}');
    };
    const error = await rejectionOf(login(input(), deps()));
    expect(error.code).toBe('token-realm-not-https');
    expect(english(error)).toContain('proxy_set_header X-Forwarded-Proto https;');
    expect(registry.requests).toEqual([{ path: '/v2/', authorization: undefined }]);
    expect(keychain.calls).toEqual(['list']);
    expect(readFileSync(configPath, 'utf8')).toBe(before);
  });

  it('creates no config.json when the registry rejects the password and there was none', async () => {
    await expect(login(input('Wr0ng-Pa55'), deps())).rejects.toMatchObject({ code: 'unauthorized' });
    expect(existsSync(configPath)).toBe(false);
    expect(keychain.items.size).toBe(0);
  });

  it('fails with the keychain error before any request reaches the registry', async () => {
    const before = config().write({ auths: { [registry.hostPort]: { auth: base64('old-user:old-password') } } });
    keychain.list = async () => {
      throw new DocksideError('no-secret-service', 'creds.error.no-secret-service.list', { action: 'list', serverUrl: '', detail: 'ServiceUnknown' });
    };
    const error = await rejectionOf(login(input(), deps()));
    expect(error.code).toBe('no-secret-service');
    expect(english(error)).toContain('no Secret Service');
    expect(registry.requests).toEqual([]);
    expect(keychain.items.size).toBe(0);
    expect(readFileSync(configPath, 'utf8')).toBe(before);
  });

  it('refuses before any request when docker-credential-dockside is not on PATH', async () => {
    const error = await rejectionOf(login(input(), deps([tmp.join('empty')])));
    expect(error.code).toBe('helper-not-on-path');
    expect(english(error)).toContain(tmp.join('helper-dir'));
    expect(registry.requests).toEqual([]);
    expect(keychain.calls).toEqual([]);
    expect(existsSync(configPath)).toBe(false);
  });

  it('reports scheme none with a warning when /v2/ answers 200 without asking for credentials', async () => {
    registry.handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    const result = await login(input(), deps());
    expect(result.scheme).toBe('none');
    expect(result.warnings).toHaveLength(1);
    expect(english(result.warnings[0]!)).toContain(`${registry.hostPort} does not ask for credentials at /v2/`);
    expect(registry.requests.map((r) => r.authorization)).toEqual([undefined]);
    expect(keychain.items.get(registry.hostPort)?.secret).toBe(PASSWORD);
  });

  it('gives the secret to the installed credsStore helper (on stdin) and names no credHelpers entry', async () => {
    const helperDir = tmp.join('secretservice-bin');
    writeFileStoreHelper(helperDir, 'secretservice');
    config().write({ credsStore: 'secretservice', auths: { [registry.hostPort]: { auth: base64('old-user:old-password') } } });

    const result = await login(input(), deps([bin, helperDir]));

    expect(result.store).toEqual({ helper: 'secretservice', source: 'credsStore', reason: expect.objectContaining({ code: 'creds.store-reason.credsStore' }) });
    expect(result.removedPlaintext).toBe(true);
    expect(config().read()).toEqual({ credsStore: 'secretservice', auths: { [registry.hostPort]: {} } });
    expect(keychain.items.size).toBe(0);
    const stored = JSON.parse(readFileSync(`${helperDir}/store/${registry.hostPort.replace(':', '_')}`, 'utf8')) as unknown;
    expect(stored).toEqual({ ServerURL: registry.hostPort, Username: USER, Secret: PASSWORD });
    expect(readFileSync(`${helperDir}/argv.log`, 'utf8')).not.toContain(PASSWORD);
  });
  it("stores through the platform's own helper when its list works: credHelpers names it for this registry only, never credsStore", async () => {
    const helperDir = tmp.join('secretservice-bin');
    writeFileStoreHelper(helperDir, 'secretservice');
    const otherAuth = base64('bob:other-password');
    config().write({ auths: { [registry.hostPort]: { auth: base64('old-user:old-password') }, [OTHER]: { auth: otherAuth } } });

    const result = await login(input(), { ...deps([bin, helperDir]), platform: 'linux' });

    expect(LoginJsonSchema.parse(result).store).toEqual({ helper: 'secretservice', source: 'native', reason: { code: 'creds.store-reason.native', params: { program: 'docker-credential-secretservice' } } });
    const written = config().read();
    // The other registry's plaintext entry stays readable to Docker: no credsStore takes over every registry.
    expect(written).toEqual({ auths: { [registry.hostPort]: {}, [OTHER]: { auth: otherAuth } }, credHelpers: { [registry.hostPort]: 'secretservice' } });
    expect(readFileSync(configPath, 'utf8')).not.toContain(PASSWORD);
    expect(keychain.items.size).toBe(0);
    const stored = JSON.parse(readFileSync(`${helperDir}/store/${registry.hostPort.replace(':', '_')}`, 'utf8')) as unknown;
    expect(stored).toEqual({ ServerURL: registry.hostPort, Username: USER, Secret: PASSWORD });
  });

  it("keeps Dockside's store with DOCKSIDE_CREDENTIAL_STORE=dockside though a native helper works", async () => {
    const helperDir = tmp.join('secretservice-bin');
    writeFileStoreHelper(helperDir, 'secretservice');
    const base = deps([bin, helperDir]);
    const result = await login(input(), { ...base, env: { ...base.env, DOCKSIDE_CREDENTIAL_STORE: 'dockside' }, platform: 'linux' });
    expect(result.store).toMatchObject({ helper: 'dockside', source: 'dockside' });
    expect(config().read()).toEqual({ auths: { [registry.hostPort]: {} }, credHelpers: { [registry.hostPort]: 'dockside' } });
    expect(keychain.items.get(registry.hostPort)?.secret).toBe(PASSWORD);
    expect(existsSync(`${helperDir}/store`)).toBe(false);
  });
});
