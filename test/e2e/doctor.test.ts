import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DoctorJsonSchema } from '../../shared/doctor';
import { gatherEvidence, trustedCas } from '../../electron/core/doctor/gather';
import { PROBE_BLOB_DIGEST } from '../../electron/core/doctor/evidence/push-probe';
import { gatherRegistryEvidence } from '../../electron/core/doctor/evidence/registry';
import { createEngineControl } from '../../electron/core/runtimes/docker/engine/control';
import { execProgram } from '../../electron/core/platform/exec';
import { createCa, issueCert } from '../harness/certs';
import { installCa } from '../harness/certs-d';
import { createCleanups } from '../harness/cleanup';
import { type Dockerd, startDockerd } from '../harness/dockerd';
import { dockside, HELPER_DIR, userEnv as harnessUserEnv } from '../harness/dockside';
import { addHosts } from '../harness/hosts';
import { type Keyring, startKeyring } from '../harness/keyring';
import { freePort } from '../harness/ports';
import { type Registry, startRegistry } from '../harness/registry';
import { seedImage } from '../harness/seed-image';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';

// Issue 7 end to end: `dockside doctor` on a healthy setup (a trusted TLS htpasswd registry on a
// ::1 name, logged in with `dockside login` into gnome-keyring, a usable Docker Hub mirror in
// daemon.json of an isolated dockerd), and the push-permission probe checked on the registry's
// disk: it changes nothing that was there, and leaves only its probe blob and a
// cancelled session's hash state.

const suffix = uniqueSuffix();
const REGISTRY_HOST = `doctor-${suffix}.dockside.test`;
const USER = 'dev';
const PASSWORD = `Doctor-${suffix}-pw!`;
const CERTS_DIR = '/etc/docker/certs.d';

const cleanups = createCleanups();
let dir: TempDir;
let home: string;
let dockerConfig: string;
let keyring: Keyring;
let dockerd: Dockerd;
let registry: Registry;
let hostPort: string;
let mirrorUrl: string;

function userEnv(): NodeJS.ProcessEnv {
  return harnessUserEnv({ dockerd, keyring, home, dockerConfig, stateDir: join(dir.path, 'state') });
}

/** Every file and directory under root: its kind and, for a file, a hash of its bytes. */
function snapshot(root: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (path: string): void => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      const key = relative(root, full);
      const info = lstatSync(full);
      if (info.isDirectory()) {
        entries[key] = 'dir';
        walk(full);
      } else if (info.isSymbolicLink()) entries[key] = `link ${readlinkSync(full)}`;
      else entries[key] = `file ${createHash('sha256').update(readFileSync(full)).digest('hex')}`;
    }
  };
  walk(root);
  return entries;
}

beforeAll(async () => {
  dir = makeTempDir('doctor');
  cleanups.add(() => dir.remove());
  home = dir.join('home');
  dockerConfig = join(home, '.docker');
  mkdirSync(home);
  const hosts = addHosts([REGISTRY_HOST]);
  cleanups.add(() => hosts.remove());
  keyring = cleanups.track(await startKeyring());

  // Docker Hub's busybox, played by a local registry: the mirror daemon.json names.
  const hub = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } }));
  mirrorUrl = `${hub.url}/`;
  dockerd = cleanups.track(await startDockerd({ daemonJson: { 'registry-mirrors': [mirrorUrl] } }));
  await seedImage(dockerd, 'dockside-seed:1');
  for (const args of [['tag', 'dockside-seed:1', `${hub.hostPort}/library/busybox:latest`], ['push', `${hub.hostPort}/library/busybox:latest`]]) {
    const result = await dockerd.docker(args);
    expect(result.code, result.stderr).toBe(0);
  }

  // The team's registry: TLS from a private CA installed in certs.d, htpasswd.
  const ca = await createCa(dir.path, { commonName: `Doctor Test CA ${suffix}` });
  const port = await freePort('::1');
  const cert = await issueCert(ca, dir.path, { commonName: REGISTRY_HOST, dnsNames: [REGISTRY_HOST] });
  registry = cleanups.track(await startRegistry({ listen: { host: '::1', port }, tls: { certPath: cert.chainPath, keyPath: cert.keyPath }, htpasswd: { users: { [USER]: PASSWORD } } }));
  hostPort = `${REGISTRY_HOST}:${port}`;
  const installed = installCa(hostPort, ca.pem);
  cleanups.add(() => installed.remove());
  expect(existsSync(join(HELPER_DIR, 'docker-credential-dockside'))).toBe(true);

  const login = await dockside(['login', hostPort, '-u', USER, '--password-stdin', '--json'], userEnv(), { input: `${PASSWORD}\n` });
  expect(login.code, login.stderr).toBe(0);
  // The team's image is there, as in a setup in use.
  const image = `${hostPort}/team/app:1`;
  const dockerEnv = { ...userEnv() };
  for (const args of [['tag', 'dockside-seed:1', image], ['push', image]]) {
    const { run } = await import('../harness/run');
    const result = await run('docker', args, { env: dockerEnv, timeoutMs: 120_000 });
    expect(result.code, `docker ${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(0);
  }
});

afterAll(() => cleanups.run());

describe('doctor on a healthy setup', () => {
  it('`dockside doctor <host:port>/team/app --json` validates against DoctorJsonSchema with no error-level finding', async () => {
    const result = await dockside(['doctor', `${hostPort}/team/app`, '--json', '--daemon-json', dockerd.configFile, '--certs-dir', CERTS_DIR], userEnv());
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const json = DoctorJsonSchema.parse(JSON.parse(result.stdout));
    expect(json.registry).toBe(hostPort);
    expect(json.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    // Everything was checked: the credentials were found, the push probe and the mirrors ran.
    expect(json.skipped).toEqual([]);
    expect(result.stdout).not.toContain(PASSWORD);
    expect(result.stderr).not.toContain(PASSWORD);
  });

  it('prints the result as text in the chosen language', async () => {
    const result = await dockside(['doctor', `${hostPort}/team/app`, '--lang', 'zh-CN', '--daemon-json', dockerd.configFile, '--certs-dir', CERTS_DIR], userEnv());
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`检查对象: ${hostPort}`);
    expect(result.stdout).not.toContain(PASSWORD);
  });

  it('gathers every piece of evidence: ping 401 with a Basic challenge, TLS trusted by certs.d, push probe 202 then 204, the mirror usable', async () => {
    const evidence = await gatherEvidence({
      registry: { registry: hostPort, repository: 'team/app', credentials: { username: USER, password: PASSWORD } },
      local: {
        daemonJsonPath: dockerd.configFile,
        certsDir: CERTS_DIR,
        configDir: dockerConfig,
        engine: createEngineControl({ kind: 'pidfile', pidfile: dockerd.pidfile, dockerHost: dockerd.dockerHost }, { exec: execProgram }),
        target: { exec: execProgram, dockerHost: dockerd.dockerHost },
        env: userEnv(),
      },
      mirrors: true,
      image: `${hostPort}/team/app:1`,
      timeoutMs: 10_000,
    });
    expect(evidence.skipped).toEqual([]);
    const reg = evidence.registry;
    expect(reg?.ping).toMatchObject({ method: 'GET', url: `https://${hostPort}/v2/`, status: 401, error: null });
    expect(reg?.ping.headers['www-authenticate']).toContain('Basic');
    expect(reg?.challenges.map((challenge) => challenge.scheme)).toEqual(['basic']);
    expect(reg?.anonymousToken).toBeNull();
    expect(reg?.anonymousRepository).toMatchObject({ status: 401 });
    expect(reg?.tls).toMatchObject({ registry: hostPort, trustedBy: 'certs.d', problems: [] });
    expect(reg?.push?.start).toMatchObject({ method: 'PUT', status: 400 });
    expect(reg?.push?.start.body).toContain('MANIFEST_INVALID');
    expect(evidence.mirrors).toEqual([expect.objectContaining({ url: mirrorUrl, status: 'usable', usable: true })]);

    const local = evidence.local;
    expect(local.daemonJson).toMatchObject({ exists: true, settings: { mirrors: [mirrorUrl] }, error: null });
    expect(local.daemonJson.keys).toContain('registry-mirrors');
    expect(local.engine).toMatchObject({ running: true, error: null, socket: { path: dockerd.socketPath, exists: true, accessible: true }, flagConflicts: [] });
    expect(local.engine.active?.mirrors).toEqual([mirrorUrl]);
    expect(local.config.config?.credHelpers).toEqual({ [hostPort]: 'dockside' });
    expect(local.helpers).toEqual({ dockside: true });
    expect(local.certsD.defaultDir).toBe(false);

    const recorded = JSON.stringify(evidence);
    expect(recorded).not.toContain(PASSWORD);
    expect(recorded).not.toContain(Buffer.from(`${USER}:${PASSWORD}`).toString('base64'));
  });
});

describe('the push-permission probe', () => {
  it("changes nothing on the registry's disk but its probe blob and a cancelled session's hash state, and tells an allowed push from a refused one", async () => {
    const before = snapshot(registry.dataDir);
    expect(Object.keys(before).some((path) => path.includes(join('repositories', 'team', 'app')))).toBe(true);
    const probe = async (password: string) =>
      gatherRegistryEvidence({
        registry: hostPort,
        repository: 'team/app',
        scheme: 'https',
        ca: await trustedCas(CERTS_DIR, hostPort),
        timeoutMs: 10_000,
        credentials: { username: USER, password },
        certsDir: CERTS_DIR,
      });
    const allowed = await probe(PASSWORD);
    // Permission checked, then the deliberately invalid manifest refused: push allowed, nothing stored.
    expect(allowed.push?.start).toMatchObject({ method: 'PUT', status: 400 });
    expect(allowed.push?.start.body).toContain('MANIFEST_INVALID');
    expect(allowed.push?.upload).toMatchObject({ open: { status: 202 }, cancel: { status: 204 } });
    const refused = await probe('not-the-password');
    expect(refused.push?.start.status).toBe(401);
    expect(refused.push?.upload).toMatchObject({ open: { status: 401 }, cancel: null });
    // What the probe leaves: the probe blob (its data and team/app's link to it: a few bytes no
    // manifest references, so garbage collection removes them) and the hash state Distribution
    // keeps of the cancelled upload session (its upload purging removes it). Nothing that was there changed; no manifest, no tag.
    const after = snapshot(registry.dataDir);
    for (const [path, entry] of Object.entries(before)) expect(after[path], path).toBe(entry);
    const hex = PROBE_BLOB_DIGEST.slice('sha256:'.length);
    const left = Object.keys(after).filter((path) => !(path in before));
    expect(left.filter((path) => !path.includes(hex) && !/\/team\/app\/_uploads\/[0-9a-f-]{36}(?:\/hashstates(?:\/sha256(?:\/0)?)?)?$/.test(path))).toEqual([]);
    // The doctor runs above already stored the probe blob: this probe found it (HEAD 200) and stored nothing more.
    expect(allowed.push?.blob).toMatchObject({ before: { method: 'HEAD', status: 200 }, stored: [], after: null });
    expect(after[`docker/registry/v2/repositories/team/app/_layers/sha256/${hex}/link`]).toMatch(/^file /);
    expect(after[`docker/registry/v2/blobs/sha256/${hex.slice(0, 2)}/${hex}/data`]).toBe(`file ${hex}`);
  });
});
