import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCa, type CertificateAuthority, issueCert } from '../harness/certs';
import { type InstalledCa, installCa } from '../harness/certs-d';
import { createCleanups } from '../harness/cleanup';
import { type Dockerd, startDockerd } from '../harness/dockerd';
import { addHosts, type HostsMapping } from '../harness/hosts';
import { type Keyring, startKeyring } from '../harness/keyring';
import { startNginxSplit, type NginxSplit } from '../harness/nginx';
import { freePort } from '../harness/ports';
import { type Registry, startRegistry } from '../harness/registry';
import { catalog } from '../harness/registry-client';
import { run } from '../harness/run';
import { seedImage } from '../harness/seed-image';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';

// The Foundation issue's harness smoke test, with every part real: an isolated dockerd, a TLS +
// htpasswd registry on a ::1 test name, certs.d, a Secret Service keyring behind `docker login`,
// nginx splitting pull and push between two registries, and a "Docker Hub" behind a mirror.

const suffix = uniqueSuffix();
const REGISTRY_HOST = `reg-${suffix}.dockside.test`;
const SPLIT_HOST = `split-${suffix}.dockside.test`;
const USER = 'alice';
const PASSWORD = `pw-${suffix}-correct horse`;

const cleanups = createCleanups();
let dir: TempDir;
let ca: CertificateAuthority;
let hosts: HostsMapping;
let keyring: Keyring;
let dockerd: Dockerd;

/** The docker CLI against the isolated daemon, with the keyring's D-Bus session for credentials. */
function docker(args: string[], input?: string) {
  return run('docker', args, { env: { ...dockerd.env, ...keyring.env }, input, timeoutMs: 120_000 });
}

beforeAll(async () => {
  dir = makeTempDir('smoke');
  cleanups.add(() => dir.remove());
  // Names first: a Go daemon started before them could cache /etc/hosts without them.
  hosts = addHosts([REGISTRY_HOST, SPLIT_HOST]);
  cleanups.add(() => hosts.remove());
  ca = await createCa(dir.path, { commonName: `Dockside Smoke CA ${suffix}` });
  keyring = cleanups.track(await startKeyring());
  dockerd = cleanups.track(await startDockerd());
  await seedImage(dockerd, 'dockside-seed:1');
});

afterAll(() => cleanups.run());

describe('TLS registry with htpasswd on a ::1 name', () => {
  let hostPort: string;
  let trust: InstalledCa | undefined;

  beforeAll(async () => {
    const port = await freePort('::1');
    hostPort = `${REGISTRY_HOST}:${port}`;
    const cert = await issueCert(ca, dir.path, { commonName: REGISTRY_HOST, dnsNames: [REGISTRY_HOST] });
    cleanups.track(
      await startRegistry({
        listen: { host: '::1', port },
        tls: { certPath: cert.chainPath, keyPath: cert.keyPath },
        htpasswd: { users: { [USER]: PASSWORD } },
      }),
    );
    cleanups.add(() => trust?.remove());
    expect((await docker(['tag', 'dockside-seed:1', `${hostPort}/team/busybox:1`])).code).toBe(0);
  });

  it('refuses login and push with an x509 error while the CA is not in certs.d', async () => {
    const login = await docker(['login', hostPort, '-u', USER, '--password-stdin'], PASSWORD);
    expect(login.code).not.toBe(0);
    expect(login.stderr).toContain('x509: certificate signed by unknown authority');
    const push = await docker(['push', `${hostPort}/team/busybox:1`]);
    expect(push.code).not.toBe(0);
    expect(push.stdout + push.stderr).toContain('x509: certificate signed by unknown authority');
  });

  it('logs in, pushes and pulls once the CA is in certs.d, without restarting dockerd', async () => {
    const pid = dockerd.pid();
    trust = installCa(hostPort, ca.pem);
    expect(readFileSync(join('/etc/docker/certs.d', hostPort, 'ca.crt'), 'utf8')).toBe(ca.pem);

    const login = await docker(['login', hostPort, '-u', USER, '--password-stdin'], PASSWORD);
    expect(login.stderr + login.stdout).toContain('Login Succeeded');
    const push = await docker(['push', `${hostPort}/team/busybox:1`]);
    expect(push.code, push.stdout + push.stderr).toBe(0);
    expect(await catalog(`https://${hostPort}`, { ca: ca.pem, username: USER, password: PASSWORD })).toContain('team/busybox');

    expect((await docker(['rmi', `${hostPort}/team/busybox:1`])).code).toBe(0);
    const pull = await docker(['pull', `${hostPort}/team/busybox:1`]);
    expect(pull.code, pull.stdout + pull.stderr).toBe(0);
    const ran = await docker(['run', '--rm', '--network', 'none', `${hostPort}/team/busybox:1`, 'echo', 'pulled and ran']);
    expect(ran.stdout.trim()).toBe('pulled and ran');
    expect(dockerd.pid()).toBe(pid);
  });

  it('keeps the password in the Secret Service keyring, not in config.json', async () => {
    const config = readFileSync(join(dockerd.env.DOCKER_CONFIG as string, 'config.json'), 'utf8');
    expect(config).not.toContain(Buffer.from(`${USER}:${PASSWORD}`).toString('base64'));
    expect(config).not.toContain(PASSWORD);
    const stored = await run('docker-credential-secretservice', ['get'], { env: { ...process.env, ...keyring.env }, input: hostPort });
    expect(stored.code, stored.stdout).toBe(0);
    expect(JSON.parse(stored.stdout)).toEqual({ ServerURL: hostPort, Username: USER, Secret: PASSWORD });
  });
});

describe('nginx split in front of a pull and a push registry', () => {
  let pull: Registry;
  let push: Registry;
  let nginx: NginxSplit;
  let hostPort: string;

  beforeAll(async () => {
    push = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } }));
    // The pull side plays a Nexus group whose member is the hosted repository: it serves what
    // was pushed (Docker HEADs each blob it uploaded through the pull side to verify it).
    pull = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' }, proxy: { remoteUrl: push.url } }));
    // 127.0.0.0/8 is insecure by default for dockerd: seed the hosted side over plain HTTP.
    expect((await docker(['tag', 'dockside-seed:1', `${push.hostPort}/team/base:1`])).code).toBe(0);
    const seeded = await docker(['push', `${push.hostPort}/team/base:1`]);
    expect(seeded.code, seeded.stderr).toBe(0);

    const port = await freePort('::1');
    hostPort = `${SPLIT_HOST}:${port}`;
    const cert = await issueCert(ca, dir.path, { commonName: SPLIT_HOST, dnsNames: [SPLIT_HOST] });
    nginx = cleanups.track(
      await startNginxSplit({
        listen: { host: '::1', port },
        tls: { certPath: cert.chainPath, keyPath: cert.keyPath },
        pullUpstream: pull.hostPort,
        pushUpstream: push.hostPort,
      }),
    );
    const trust = installCa(hostPort, ca.pem);
    cleanups.add(() => trust.remove());
  });

  it('routes every write of docker push to the push registry', async () => {
    expect((await docker(['tag', 'dockside-seed:1', `${hostPort}/team/app:1`])).code).toBe(0);
    const pushed = await docker(['push', `${hostPort}/team/app:1`]);
    expect(pushed.code, pushed.stdout + pushed.stderr).toBe(0);
    expect(await catalog(push.url)).toContain('team/app');
    const writes = nginx.requests().filter((r) => !['GET', 'HEAD'].includes(r.method));
    expect(writes.map((r) => r.method)).toContain('PUT');
    expect(new Set(writes.map((r) => r.upstreamAddr))).toEqual(new Set([push.hostPort]));
  });

  it('routes docker pull to the pull registry', async () => {
    const pulled = await docker(['pull', `${hostPort}/team/base:1`]);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    const reads = nginx.requests().filter((r) => r.uri.startsWith('/v2/team/base/'));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => ['GET', 'HEAD'].includes(r.method) && r.upstreamAddr === pull.hostPort)).toBe(true);
    // The pull registry's own log shows it answered the manifest request.
    expect(pull.log()).toContain('/v2/team/base/manifests/1');
  });
});

describe('a "Docker Hub" behind a pull-through mirror', () => {
  it('serves `docker pull busybox` through registry-mirrors, offline', async () => {
    const hub = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } }));
    expect((await docker(['tag', 'dockside-seed:1', `${hub.hostPort}/library/busybox:latest`])).code).toBe(0);
    expect((await docker(['push', `${hub.hostPort}/library/busybox:latest`])).code).toBe(0);
    const mirror = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' }, proxy: { remoteUrl: hub.url } }));

    const mirrorDockerd = cleanups.track(await startDockerd({ daemonJson: { 'registry-mirrors': [`${mirror.url}/`] } }));
    expect((await mirrorDockerd.info()).RegistryConfig.Mirrors).toEqual([`${mirror.url}/`]);
    const pulled = await mirrorDockerd.docker(['pull', 'busybox']);
    expect(pulled.code, pulled.stdout + pulled.stderr).toBe(0);
    expect(await catalog(mirror.url)).toContain('library/busybox');
    const ran = await mirrorDockerd.docker(['run', '--rm', '--network', 'none', 'busybox', 'echo', 'from the hub mirror']);
    expect(ran.stdout.trim()).toBe('from the hub mirror');
  });
});
