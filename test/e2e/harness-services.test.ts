import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCa, issueCert, type CertificateAuthority } from '../harness/certs';
import { createCleanups } from '../harness/cleanup';
import { basicAuth, httpRequest, type HttpOptions } from '../harness/http';
import { startNginxSplit, type NginxSplit } from '../harness/nginx';
import { startRegistry, type Registry } from '../harness/registry';
import { catalog, parseChallenge, tags } from '../harness/registry-client';
import { run, runOk } from '../harness/run';
import { makeTempDir, type TempDir } from '../harness/tmp';
import { startTokenServer, type TokenServer } from '../harness/token-server';

// Proves the harness itself against real processes: openssl, docker-registry, nginx and the
// Node token server. Nothing is mocked and no Docker daemon is involved.

const cleanups = createCleanups();
const track = cleanups.track;
let dir: TempDir;
let ca: CertificateAuthority;

beforeAll(async () => {
  dir = makeTempDir('harness-services');
  cleanups.add(() => dir.remove());
  ca = await createCa(dir.path, { commonName: 'Dockside Harness Test CA' });
});

afterAll(() => cleanups.run());

describe('certificates (openssl)', () => {
  async function verify(certPath: string, ...extra: string[]): Promise<string> {
    const result = await run('openssl', ['verify', '-CAfile', ca.certPath, ...extra, certPath]);
    return `${result.code} ${result.stdout}${result.stderr}`;
  }

  it('CA fingerprint is what openssl prints', async () => {
    const { stdout } = await runOk('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', ca.certPath]);
    expect(ca.fingerprintSha256).toBe(stdout.trim().split('=')[1]);
    expect(ca.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('a SAN cert verifies for its DNS name and IPs (incl. ::1) and not for another IP', async () => {
    const cert = await issueCert(ca, dir.path, { commonName: 'san.dockside.test', dnsNames: ['san.dockside.test'], ipAddresses: ['::1', '127.0.0.1'] });
    expect(await verify(cert.certPath, '-verify_hostname', 'san.dockside.test')).toMatch(/^0 .*: OK/);
    expect(await verify(cert.certPath, '-verify_ip', '::1')).toMatch(/^0 .*: OK/);
    expect(await verify(cert.certPath, '-verify_ip', '127.0.0.2')).toContain('IP address mismatch');
    expect(new X509Certificate(cert.pem).subjectAltName).toBe('DNS:san.dockside.test, IP Address:0:0:0:0:0:0:0:1, IP Address:127.0.0.1');
    expect(readFileSync(cert.chainPath, 'utf8')).toBe(cert.pem + ca.pem);
  });

  it('a CN-only cert chains to the CA but carries no subjectAltName', async () => {
    const cert = await issueCert(ca, dir.path, { commonName: 'nosan.dockside.test', noSan: true });
    expect(await verify(cert.certPath)).toMatch(/^0 .*: OK/);
    expect(new X509Certificate(cert.pem).subjectAltName).toBeUndefined();
    const ext = await runOk('openssl', ['x509', '-noout', '-ext', 'subjectAltName', '-in', cert.certPath]);
    expect(ext.stdout + ext.stderr).toContain('No extensions');
  });

  it('an expired cert and a not-yet-valid cert fail verification for their dates', async () => {
    const day = 86400_000;
    const expired = await issueCert(ca, dir.path, {
      commonName: 'expired.dockside.test', dnsNames: ['expired.dockside.test'],
      notBefore: new Date(Date.now() - 10 * day), notAfter: new Date(Date.now() - day),
    });
    const future = await issueCert(ca, dir.path, {
      commonName: 'future.dockside.test', dnsNames: ['future.dockside.test'],
      notBefore: new Date(Date.now() + day), notAfter: new Date(Date.now() + 10 * day),
    });
    expect(await verify(expired.certPath)).toContain('certificate has expired');
    expect(await verify(future.certPath)).toContain('certificate is not yet valid');
  });

  it('a codeSigning cert is refused for TLS server use', async () => {
    const cert = await issueCert(ca, dir.path, { commonName: 'signer.dockside.test', dnsNames: ['signer.dockside.test'], extKeyUsage: 'codeSigning' });
    expect(await verify(cert.certPath, '-purpose', 'sslserver')).toContain('unsuitable certificate purpose');
  });
});

describe('TLS registry with htpasswd on 127.0.0.1', () => {
  let registry: Registry;
  beforeAll(async () => {
    const cert = await issueCert(ca, dir.path, { commonName: 'htpasswd-registry', ipAddresses: ['127.0.0.1'] });
    registry = track(
      await startRegistry({ listen: { host: '127.0.0.1' }, tls: { certPath: cert.chainPath, keyPath: cert.keyPath }, htpasswd: { users: { alice: 'alice-pw' } } }),
    );
  });

  it('asks for Basic credentials at /v2/ and accepts the right ones only', async () => {
    const anonymous = await httpRequest(`${registry.url}/v2/`, { ca: ca.pem });
    expect(anonymous.status).toBe(401);
    expect(parseChallenge(String(anonymous.headers['www-authenticate'])).scheme).toBe('basic');
    expect((await httpRequest(`${registry.url}/v2/`, { ca: ca.pem, headers: { authorization: basicAuth('alice', 'wrong') } })).status).toBe(401);
    const ok = await httpRequest(`${registry.url}/v2/`, { ca: ca.pem, headers: { authorization: basicAuth('alice', 'alice-pw') } });
    expect(ok.status).toBe(200);
    expect(ok.headers['docker-distribution-api-version']).toBe('registry/2.0');
    expect(await catalog(registry.url, { ca: ca.pem, username: 'alice', password: 'alice-pw' })).toEqual([]);
  });

  it('is not trusted without the test CA', async () => {
    await expect(httpRequest(`${registry.url}/v2/`)).rejects.toMatchObject({
      code: expect.stringMatching(/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)$/),
    });
  });
});

describe('registry with auth: token on ::1 and the Nexus-like token server', () => {
  const issuer = 'dockside-test-issuer';
  const service = 'dockside-test-registry';
  let tokens: TokenServer;
  let registry: Registry;

  beforeAll(async () => {
    // The signer needs no SAN: the registry only checks that its chain leads to the bundle.
    const signer = await issueCert(ca, dir.path, { commonName: 'dockside token signer', noSan: true });
    const tokenCert = await issueCert(ca, dir.path, { commonName: 'token-server', ipAddresses: ['::1'] });
    tokens = track(
      await startTokenServer({
        signer,
        users: { bob: 'bob-pw' },
        anonymousPull: ['library/*'],
        issuer,
        service,
        listen: { host: '::1' },
        tls: { certPath: tokenCert.chainPath, keyPath: tokenCert.keyPath },
      }),
    );
    const cert = await issueCert(ca, dir.path, { commonName: 'token-registry', ipAddresses: ['::1'] });
    registry = track(
      await startRegistry({
        listen: { host: '::1' },
        tls: { certPath: cert.chainPath, keyPath: cert.keyPath },
        token: { realm: tokens.realm, service, issuer, rootCertBundlePath: ca.certPath },
      }),
    );
  });

  async function token(scopes: string[], credentials?: [string, string]): Promise<{ status: number; token: string; body: string }> {
    const url = new URL(tokens.realm);
    url.searchParams.set('service', service);
    for (const scope of scopes) url.searchParams.append('scope', scope);
    if (credentials) {
      url.searchParams.set('account', credentials[0]);
      url.searchParams.set('offline_token', 'true');
      url.searchParams.set('client_id', 'docker');
    }
    const res = await httpRequest(url.href, { ca: ca.pem, headers: credentials ? { authorization: basicAuth(...credentials) } : {} });
    const token = res.status === 200 ? (JSON.parse(res.body) as { access_token: string }).access_token : '';
    return { status: res.status, token, body: res.body };
  }

  function withToken(value: string, extra: HttpOptions = {}): HttpOptions {
    return { ...extra, ca: ca.pem, headers: { authorization: `Bearer ${value}` } };
  }

  it('challenges /v2/ with the token realm', async () => {
    const res = await httpRequest(`${registry.url}/v2/`, { ca: ca.pem });
    expect(res.status).toBe(401);
    const challenge = parseChallenge(String(res.headers['www-authenticate']));
    expect(challenge).toMatchObject({ scheme: 'bearer', params: { realm: tokens.realm, service } });
    expect(tokens.realm).toMatch(/^https:\/\/\[::1\]:\d+\/token$/);
  });

  it('lets anonymous users pull library/* but nothing else, and never push', async () => {
    const pull = await token(['repository:library/alpine:pull']);
    expect(pull.status).toBe(200);
    const list = await httpRequest(`${registry.url}/v2/library/alpine/tags/list`, withToken(pull.token));
    expect(list.status).toBe(404);
    expect(list.body).toContain('NAME_UNKNOWN');

    const privateRepo = await token(['repository:team/app:pull']);
    expect((await httpRequest(`${registry.url}/v2/team/app/tags/list`, withToken(privateRepo.token))).status).toBe(401);

    const push = await token(['repository:library/alpine:pull,push']);
    expect(push.status).toBe(200);
    expect(tokens.requests.at(-1)).toMatchObject({ user: null, status: 200, granted: [{ type: 'repository', name: 'library/alpine', actions: ['pull'] }] });
    const upload = await httpRequest(`${registry.url}/v2/library/alpine/blobs/uploads/`, withToken(push.token, { method: 'POST', body: '' }));
    expect(upload.status).toBe(401);
    expect(parseChallenge(String(upload.headers['www-authenticate'])).params).toMatchObject({ error: 'insufficient_scope' });
  });

  it('answers a wrong password with 401 UNAUTHORIZED', async () => {
    const res = await token(['repository:team/app:pull,push'], ['bob', 'nope']);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ errors: [{ code: 'UNAUTHORIZED' }] });
    expect(tokens.requests.at(-1)).toMatchObject({ user: 'bob', status: 401, query: { account: ['bob'], client_id: ['docker'] } });
  });

  it('grants push to the right password: upload session opens (202); cancelling it needs delete', async () => {
    const res = await token(['repository:team/app:pull,push'], ['bob', 'bob-pw']);
    expect(res.status).toBe(200);
    const upload = await httpRequest(`${registry.url}/v2/team/app/blobs/uploads/`, withToken(res.token, { method: 'POST', body: '' }));
    expect(upload.status).toBe(202);
    const location = String(upload.headers.location);
    expect(location.startsWith(`${registry.url}/v2/team/app/blobs/uploads/`)).toBe(true);
    // Distribution maps every DELETE, an upload's included, to the `delete` action, not `push`.
    const refused = await httpRequest(location, withToken(res.token, { method: 'DELETE' }));
    expect(refused.status).toBe(401);
    expect(parseChallenge(String(refused.headers['www-authenticate'])).params).toMatchObject({ error: 'insufficient_scope' });
    const withDelete = await token(['repository:team/app:pull,push,delete'], ['bob', 'bob-pw']);
    expect((await httpRequest(location, withToken(withDelete.token, { method: 'DELETE' }))).status).toBe(204);
    // The registry:catalog:* scope goes through the same token flow.
    expect(await catalog(registry.url, { ca: ca.pem, username: 'bob', password: 'bob-pw' })).toEqual([]);
  });
});

/** Pushes a one-blob image (config only, no layers) with plain Registry API calls. */
async function pushTinyImage(url: string, repo: string, tag: string, options: HttpOptions = {}): Promise<void> {
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } });
  const digest = `sha256:${createHash('sha256').update(config).digest('hex')}`;
  const start = await httpRequest(`${url}/v2/${repo}/blobs/uploads/`, { ...options, method: 'POST', body: '' });
  if (start.status !== 202) throw new Error(`POST upload: ${start.status} ${start.body}`);
  const location = new URL(String(start.headers.location), url);
  location.searchParams.set('digest', digest);
  const put = await httpRequest(location.href, { ...options, method: 'PUT', body: config, headers: { 'content-type': 'application/octet-stream' } });
  if (put.status !== 201) throw new Error(`PUT blob: ${put.status} ${put.body}`);
  const mediaType = 'application/vnd.docker.distribution.manifest.v2+json';
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType,
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: Buffer.byteLength(config), digest },
    layers: [],
  });
  const res = await httpRequest(`${url}/v2/${repo}/manifests/${tag}`, { ...options, method: 'PUT', body: manifest, headers: { 'content-type': mediaType } });
  if (res.status !== 201) throw new Error(`PUT manifest: ${res.status} ${res.body}`);
}

describe('pull-through cache of a TLS upstream playing Docker Hub', () => {
  let hub: Registry;
  let mirror: Registry;
  beforeAll(async () => {
    const cert = await issueCert(ca, dir.path, { commonName: 'hub', ipAddresses: ['127.0.0.1'] });
    hub = track(await startRegistry({ listen: { host: '127.0.0.1' }, tls: { certPath: cert.chainPath, keyPath: cert.keyPath } }));
    await pushTinyImage(hub.url, 'library/alpine', 'latest', { ca: ca.pem });
    mirror = track(
      await startRegistry({ listen: { host: '127.0.0.1' }, proxy: { remoteUrl: hub.url }, extraEnv: { SSL_CERT_FILE: ca.certPath } }),
    );
  });

  it('serves the upstream manifest and then holds it', async () => {
    expect(await catalog(mirror.url)).toEqual([]);
    const res = await httpRequest(`${mirror.url}/v2/library/alpine/manifests/latest`, {
      headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
    });
    expect(res.status, mirror.log().slice(-2000)).toBe(200);
    expect(await tags(mirror.url, 'library/alpine')).toEqual(['latest']);
    // Distribution's catalog lists repositories that hold a blob link, not a manifest alone:
    // fetch the config blob as `docker pull` would.
    const { config } = JSON.parse(res.body) as { config: { digest: string } };
    expect((await httpRequest(`${mirror.url}/v2/library/alpine/blobs/${config.digest}`)).status).toBe(200);
    await expect.poll(() => catalog(mirror.url)).toEqual(['library/alpine']);
  });
});

describe('nginx split: GET/HEAD to the pull registry, the rest to the push registry', () => {
  let pull: Registry;
  let push: Registry;
  let nginx: NginxSplit;
  let wrongProto: NginxSplit;
  beforeAll(async () => {
    pull = track(await startRegistry({ listen: { host: '127.0.0.1' } }));
    push = track(await startRegistry({ listen: { host: '127.0.0.1' } }));
    const cert = await issueCert(ca, dir.path, { commonName: 'front', ipAddresses: ['::1'] });
    const tls = { certPath: cert.chainPath, keyPath: cert.keyPath };
    nginx = track(await startNginxSplit({ listen: { host: '::1' }, tls, pullUpstream: pull.hostPort, pushUpstream: push.hostPort }));
    wrongProto = track(
      await startNginxSplit({ listen: { host: '::1' }, tls, pullUpstream: pull.hostPort, pushUpstream: push.hostPort, forwardedProto: 'http' }),
    );
  });

  it('routes by method, as the access log shows', async () => {
    expect((await httpRequest(`${nginx.url}/v2/`, { ca: ca.pem })).status).toBe(200);
    const upload = await httpRequest(`${nginx.url}/v2/x/blobs/uploads/`, { ca: ca.pem, method: 'POST', body: '' });
    expect(upload.status).toBe(202);
    // Host and X-Forwarded-Proto reach the registry: it builds the Location on the front's URL.
    expect(String(upload.headers.location).startsWith(`${nginx.url}/v2/x/blobs/uploads/`)).toBe(true);
    await expect
      .poll(() => nginx.requests().map(({ method, uri, upstreamAddr, backend }) => ({ method, uri, upstreamAddr, backend })))
      .toEqual([
        { method: 'GET', uri: '/v2/', upstreamAddr: pull.hostPort, backend: 'registry_pull' },
        { method: 'POST', uri: '/v2/x/blobs/uploads/', upstreamAddr: push.hostPort, backend: 'registry_push' },
      ]);
  });

  it('lands a pushed image on the push registry only', async () => {
    await pushTinyImage(nginx.url, 'team/app', 'v1', { ca: ca.pem });
    expect(await tags(push.url, 'team/app')).toEqual(['v1']);
    expect(await tags(pull.url, 'team/app')).toEqual([]);
    expect(await catalog(pull.url)).toEqual([]);
  });

  it('passes a wrong X-Forwarded-Proto through when configured to', async () => {
    const upload = await httpRequest(`${wrongProto.url}/v2/y/blobs/uploads/`, { ca: ca.pem, method: 'POST', body: '' });
    expect(upload.status).toBe(202);
    expect(String(upload.headers.location).startsWith(`http://${wrongProto.hostPort}/v2/y/blobs/uploads/`)).toBe(true);
  });
});
