import { lookup } from 'node:dns/promises';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCa } from '../harness/certs-d';
import { type Dockerd, startDockerd } from '../harness/dockerd';
import { addHosts } from '../harness/hosts';
import { type Keyring, startKeyring } from '../harness/keyring';
import { mountsUnder } from '../harness/mounts';
import { isAlive, pidsMentioning } from '../harness/pids';
import { freePort } from '../harness/ports';
import { type Service, startService, waitUntil } from '../harness/proc';
import { run, runOk } from '../harness/run';
import { seedImage } from '../harness/seed-image';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';

// Proves the machine-level harness pieces with the real daemons: an isolated dockerd (seed
// image, containers, SIGHUP reload), /etc/hosts and certs.d edits, and a Secret Service.

/** What the suite must leave exactly as it found it. */
const machineState = (): Record<string, string[] | string | null> => {
  const tree = (dir: string): string[] | null => (existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).sort() : null);
  return {
    hosts: readFileSync('/etc/hosts', 'utf8'),
    etcDocker: tree('/etc/docker'),
    runDocker: tree('/run/docker'),
    runContainerd: tree('/run/containerd'),
  };
};
const before = machineState();

describe('isolated dockerd', () => {
  let dockerd: Dockerd;

  beforeAll(async () => {
    dockerd = await startDockerd({ daemonJson: { 'log-driver': 'json-file' } });
  });
  afterAll(async () => {
    await dockerd?.stop();
  });

  it('serves its own socket and keeps its data, and its identity key, under its own dir', async () => {
    expect(dockerd.socketPath.startsWith(`${dockerd.dir}/`)).toBe(true);
    expect(dockerd.dockerHost).toBe(`unix://${dockerd.socketPath}`);
    const info = await dockerd.info();
    expect(info.DockerRootDir).toBe(dockerd.dataRoot);
    expect(existsSync(join(dockerd.dir, 'key.json'))).toBe(true);
  });

  it('imports the seed image and runs a container from it', async () => {
    const id = await seedImage(dockerd, 'library/busybox:latest');
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    const hello = await dockerd.docker(['run', '--rm', '--network', 'none', 'busybox', 'echo', 'hello']);
    expect(hello).toMatchObject({ code: 0, stdout: 'hello\n' });
  });

  describe('pushing the seed image', () => {
    let registryDir: TempDir;
    let registry: Service;
    afterAll(async () => {
      await registry?.stop();
      registryDir?.remove();
    });

    it('pushes it when the name carries a registry', async () => {
      // Plain HTTP on 127.0.0.1, which dockerd treats as insecure by default: no TLS needed here.
      registryDir = makeTempDir('registry');
      const port = await freePort();
      const config = registryDir.join('config.yml');
      writeFileSync(
        config,
        `version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: ${registryDir.join('store')}\nhttp:\n  addr: 127.0.0.1:${port}\n`,
      );
      registry = startService('docker-registry', 'docker-registry', ['serve', config], { logFile: registryDir.join('registry.log') });
      await waitUntil(registry, 'its /v2/', async () => (await fetch(`http://127.0.0.1:${port}/v2/`)).ok);

      await seedImage(dockerd, `127.0.0.1:${port}/team/busybox:1`);
      const tags = await (await fetch(`http://127.0.0.1:${port}/v2/team/busybox/tags/list`)).json();
      expect(tags).toEqual({ name: 'team/busybox', tags: ['1'] });
    });
  });

  it('reloads registry-mirrors from its daemon.json on SIGHUP, without a restart', async () => {
    const pid = dockerd.pid();
    const mirror = `https://mirror-${uniqueSuffix()}.dockside.test:5000`;
    const config = JSON.parse(readFileSync(dockerd.configFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(dockerd.configFile, JSON.stringify({ ...config, 'registry-mirrors': [mirror] }));
    await dockerd.reload();
    expect((await dockerd.info()).RegistryConfig.Mirrors).toEqual([`${mirror}/`]);
    expect(dockerd.pid()).toBe(pid);

    writeFileSync(dockerd.configFile, '{ "registry-mirrors": [');
    await expect(dockerd.reload()).rejects.toThrow(/refused/);
    expect((await dockerd.info()).RegistryConfig.Mirrors).toEqual([`${mirror}/`]);

    // dockerd 20.10 reloads only the keys present: dropping the key keeps the old mirrors,
    // an explicit empty list clears them.
    writeFileSync(dockerd.configFile, JSON.stringify(config));
    await dockerd.reload();
    expect((await dockerd.info()).RegistryConfig.Mirrors).toEqual([`${mirror}/`]);
    writeFileSync(dockerd.configFile, JSON.stringify({ ...config, 'registry-mirrors': [] }));
    await dockerd.reload();
    expect((await dockerd.info()).RegistryConfig.Mirrors).toEqual([]);
    expect(dockerd.pid()).toBe(pid);
  });

  it('resolves a test host name to ::1, in Node and in dockerd, until removed', async () => {
    const name = `reg-${uniqueSuffix()}.dockside.test`;
    expect(() => addHosts(['registry.example.com'])).toThrow(/refusing/);
    const mapping = addHosts([name]);
    try {
      expect(await lookup(name, { all: true })).toEqual([{ address: '::1', family: 6 }]);
      // This dockerd already resolved names: give its Go resolver's cache time to expire.
      await mapping.visibleToGo();
      // Nothing listens there: the error names the address dockerd's resolver picked.
      const port = await freePort('::1');
      const pull = await dockerd.docker(['pull', `${name}:${port}/team/app:1`]);
      expect(pull.code).not.toBe(0);
      expect(pull.stderr).toContain(`[::1]:${port}`);
    } finally {
      mapping.remove();
    }
    expect(readFileSync('/etc/hosts', 'utf8')).toBe(before.hosts);
    await expect(lookup(name)).rejects.toThrow(/ENOTFOUND|EAI_AGAIN/);
  });

  it('installs a CA in /etc/docker/certs.d and removes exactly what it created', () => {
    const certsD = '/etc/docker/certs.d';
    const certsDExisted = existsSync(certsD);
    const hostPort = `reg-${uniqueSuffix()}.dockside.test:5000`;
    expect(() => installCa('registry.example.com:5000', 'x')).toThrow(/refusing/);
    const pem = '-----BEGIN CERTIFICATE-----\nnot checked here\n-----END CERTIFICATE-----\n';
    const ca = installCa(hostPort, pem);
    try {
      expect(ca.file).toBe(join(certsD, hostPort, 'ca.crt'));
      expect(readFileSync(ca.file, 'utf8')).toBe(pem);
      expect(() => installCa(hostPort, pem)).toThrow(/already exists/);
    } finally {
      ca.remove();
    }
    expect(existsSync(ca.dir)).toBe(false);
    expect(existsSync(certsD)).toBe(certsDExisted);
  });

  it('stops with a container still running and leaves no process, mount or directory behind', async () => {
    const started = await dockerd.docker(['run', '-d', '--network', 'none', 'busybox', '/bin/busybox', 'sleep', '600']);
    expect(started.code).toBe(0);
    // dockerd, its containerd and the container's shim all name the daemon's dir.
    const pids = [...new Set([dockerd.pid(), ...pidsMentioning(dockerd.dir)])];
    const commands = pids.map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]);
    expect(commands).toEqual(expect.arrayContaining(['dockerd', 'containerd', '/usr/bin/containerd-shim-runc-v2']));

    await dockerd.stop();
    expect(pids.filter(isAlive)).toEqual([]);
    expect(mountsUnder(dockerd.dir)).toEqual([]);
    expect(existsSync(dockerd.dir)).toBe(false);
  });
});

describe('Secret Service keyring', () => {
  let keyring: Keyring;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    keyring = await startKeyring();
    env = { ...process.env, ...keyring.env };
  });
  afterAll(async () => {
    await keyring?.stop();
  });

  it('stores a secret with secret-tool and looks it up', async () => {
    const attributes = ['service', 'dockside-harness', 'account', `alice-${uniqueSuffix()}`];
    await runOk('secret-tool', ['store', '--label=dockside harness', ...attributes], { env, input: 's3cret' });
    expect((await runOk('secret-tool', ['lookup', ...attributes], { env })).stdout).toBe('s3cret');
  });

  it('round-trips docker-credential-secretservice store, get and erase', async () => {
    const serverURL = `reg-${uniqueSuffix()}.dockside.test:5000`;
    const credentials = { ServerURL: serverURL, Username: 'alice', Secret: 'p4ss' };
    await runOk('docker-credential-secretservice', ['store'], { env, input: JSON.stringify(credentials) });
    const got = await runOk('docker-credential-secretservice', ['get'], { env, input: serverURL });
    expect(JSON.parse(got.stdout)).toEqual(credentials);
    await runOk('docker-credential-secretservice', ['erase'], { env, input: serverURL });
    expect((await run('docker-credential-secretservice', ['get'], { env, input: serverURL })).code).not.toBe(0);
  });

  it('stops both daemons and removes its dir', async () => {
    const pids = keyring.pids();
    const commands = pids.map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]);
    expect(commands.sort()).toEqual(['dbus-daemon', 'gnome-keyring-daemon']);
    await keyring.stop();
    expect(pids.filter(isAlive)).toEqual([]);
    expect(existsSync(keyring.dir)).toBe(false);
  });
});

describe('the machine afterwards', () => {
  it('has /etc/hosts, /etc/docker, /run/docker and /run/containerd as before', () => {
    expect(readFileSync('/etc/hosts', 'utf8')).not.toContain(`# dockside-test ${process.pid} `);
    expect(machineState()).toEqual(before);
  });
});
