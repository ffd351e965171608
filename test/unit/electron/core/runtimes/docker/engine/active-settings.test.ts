import { createServer } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RegistrySettings } from '../../../../../../../shared/engine';
import { activeSettingsFrom, readActiveSettings, settingsDifferences, settingsDrift } from '../../../../../../../electron/core/runtimes/docker/engine/active-settings';
import type { Exec, ExecOptions, ExecResult } from '../../../../../../../electron/core/platform/exec';
import { makeTempDir } from '../../../../../../harness/tmp';
import { english } from '../../../../../../harness/english';
import { rejectionOf } from '../../../../../dockside-error';
import { rejection } from '../daemon/said';

/** `docker info --format '{{json .RegistryConfig}}'` as dockerd 20.10.24 prints it. */
const DOCKERD_20_10 = {
  AllowNondistributableArtifactsCIDRs: [],
  AllowNondistributableArtifactsHostnames: [],
  InsecureRegistryCIDRs: ['::1/128', '127.0.0.0/8'],
  IndexConfigs: {
    'docker.io': { Name: 'docker.io', Mirrors: ['http://m:5000/'], Secure: true, Official: true },
    'reg.example:5000': { Name: 'reg.example:5000', Mirrors: [], Secure: false, Official: false },
  },
  Mirrors: ['http://m:5000/'],
};

interface Call {
  command: string;
  args: readonly string[];
  options: ExecOptions | undefined;
}

function fakeExec(answer: (command: string, args: readonly string[]) => Partial<ExecResult>): { exec: Exec; calls: Call[] } {
  const calls: Call[] = [];
  const exec: Exec = async (command, args, options) => {
    calls.push({ command, args, options });
    return { code: 0, stdout: '', stderr: '', timedOut: false, ...answer(command, args) };
  };
  return { exec, calls };
}

const settings = (mirrors: string[], insecureRegistries: string[] = []): RegistrySettings => ({ mirrors, insecureRegistries });

describe('activeSettingsFrom', () => {
  it('reads mirrors and insecure host entries from a dockerd 20.10 RegistryConfig, without the built-in loopback CIDRs', () => {
    expect(activeSettingsFrom(DOCKERD_20_10)).toEqual({ mirrors: ['http://m:5000/'], insecureRegistries: ['reg.example:5000'] });
  });

  it('lists insecure host entries and user CIDRs together', () => {
    const config = {
      ...DOCKERD_20_10,
      InsecureRegistryCIDRs: ['10.0.0.0/8', '::1/128', '127.0.0.0/8', 'fd00::/8'],
      IndexConfigs: {
        ...DOCKERD_20_10.IndexConfigs,
        'nexus.example:8083': { Name: 'nexus.example:8083', Mirrors: [], Secure: false, Official: false },
        'secure.example:8443': { Name: 'secure.example:8443', Mirrors: [], Secure: true, Official: false },
      },
    };
    const active = activeSettingsFrom(config);
    expect(active.mirrors).toEqual(['http://m:5000/']);
    expect([...active.insecureRegistries].sort()).toEqual(['10.0.0.0/8', 'fd00::/8', 'nexus.example:8083', 'reg.example:5000']);
  });

  it('reads null lists (an engine with no mirrors and no IndexConfigs) as empty', () => {
    expect(activeSettingsFrom({ Mirrors: null, InsecureRegistryCIDRs: null, IndexConfigs: null })).toEqual(settings([]));
    expect(activeSettingsFrom({})).toEqual(settings([]));
  });
});

describe('settingsDifferences', () => {
  it('is empty when the engine runs with exactly the expected settings', () => {
    expect(settingsDifferences(settings(['http://a:5000/', 'https://b/'], ['reg:5000']), settings(['http://a:5000/', 'https://b/'], ['reg:5000']))).toEqual([]);
  });

  it('names a mirror the engine does not use', () => {
    const differences = settingsDifferences(settings(['http://a:5000/', 'https://b/']), settings(['http://a:5000/'])).map(english);
    expect(differences).toHaveLength(1);
    expect(differences[0]).toContain('https://b/');
    expect(differences[0]).toContain('does not use');
  });

  it('names a mirror the engine still uses', () => {
    const differences = settingsDifferences(settings([]), settings(['http://old:5000/'])).map(english);
    expect(differences).toHaveLength(1);
    expect(differences[0]).toContain('http://old:5000/');
    expect(differences[0]).toContain('still uses');
  });

  it('reports mirrors in another order: Docker tries them in order', () => {
    const differences = settingsDifferences(settings(['http://a/', 'http://b/']), settings(['http://b/', 'http://a/'])).map(english);
    expect(differences).toHaveLength(1);
    expect(differences[0]).toContain('order');
  });

  it('compares insecure registries as a set', () => {
    expect(settingsDifferences(settings([], ['a:5000', 'b:5000']), settings([], ['b:5000', 'a:5000']))).toEqual([]);
  });

  it('names insecure registries missing from, or left over in, the engine', () => {
    const differences = settingsDifferences(settings([], ['new:5000']), settings([], ['old:5000'])).map(english);
    expect(differences).toHaveLength(2);
    expect(differences.find((d) => d.includes('new:5000'))).toContain('does not treat it as insecure');
    expect(differences.find((d) => d.includes('old:5000'))).toContain('still treats');
  });

  it('compares a CIDR by its network: 10.1.2.3/8 in daemon.json is the 10.0.0.0/8 the engine reports', () => {
    expect(settingsDifferences(settings([], ['10.1.2.3/8']), settings([], ['10.0.0.0/8']))).toEqual([]);
    expect(settingsDifferences(settings([], ['2001:DB8::1/32']), settings([], ['2001:db8::/32']))).toEqual([]);
  });

  it('ignores the built-in 127.0.0.0/8 and ::1/128 when daemon.json lists them too', () => {
    expect(settingsDifferences(settings([], ['127.0.0.0/8', '127.0.0.1/8', '::1/128', 'reg:5000']), settings([], ['reg:5000']))).toEqual([]);
    // End to end with what docker info reports: the engine's own loopback CIDRs never count as a difference.
    expect(settingsDifferences(settings(['http://m:5000/'], ['reg.example:5000']), activeSettingsFrom(DOCKERD_20_10))).toEqual([]);
  });
});

describe('readActiveSettings', () => {
  const savedContext = process.env.DOCKER_CONTEXT;
  afterEach(() => {
    if (savedContext === undefined) delete process.env.DOCKER_CONTEXT;
    else process.env.DOCKER_CONTEXT = savedContext;
  });

  it('asks `docker info` for the RegistryConfig as JSON and reads it', async () => {
    const { exec, calls } = fakeExec(() => ({ stdout: `${JSON.stringify(DOCKERD_20_10)}\n` }));
    expect(await readActiveSettings({ exec })).toEqual({ mirrors: ['http://m:5000/'], insecureRegistries: ['reg.example:5000'] });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.command).toBe('docker');
    expect(calls[0]?.args).toEqual(['info', '--format', '{{json .RegistryConfig}}']);
  });

  it('passes a non-socket DOCKER_HOST to docker (sudo resets the environment) and drops a DOCKER_CONTEXT that would conflict', async () => {
    process.env.DOCKER_CONTEXT = 'desktop-linux';
    const { exec, calls } = fakeExec(() => ({ stdout: JSON.stringify(DOCKERD_20_10) }));
    await readActiveSettings({ exec, dockerHost: 'tcp://127.0.0.1:2376' });
    expect(calls[0]?.options?.env?.DOCKER_HOST).toBe('tcp://127.0.0.1:2376');
    expect(calls[0]?.options?.env).not.toHaveProperty('DOCKER_CONTEXT');
  });

  it('for the privileged process (socketApi), asks a unix-socket engine its /info over the socket itself, without the docker CLI', async () => {
    const tmp = makeTempDir('engine-api');
    const socketPath = join(tmp.path, 'docker.sock');
    const paths: string[] = [];
    const server = createServer((req, res) => {
      paths.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ID: 'x', RegistryConfig: DOCKERD_20_10 }));
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      const { exec, calls } = fakeExec(() => ({ code: 1 }));
      const active = await readActiveSettings({ exec, dockerHost: `unix://${socketPath}`, socketApi: true });
      expect(active).toEqual(await readActiveSettings({ exec: fakeExec(() => ({ stdout: JSON.stringify(DOCKERD_20_10) })).exec }));
      expect(paths).toEqual(['/info']);
      expect(calls).toEqual([]);
      server.close();
      expect((await rejectionOf(readActiveSettings({ exec, dockerHost: `unix://${socketPath}.gone`, socketApi: true }))).code).toBe('engine-unreachable');
    } finally {
      server.close();
      tmp.remove();
    }
  });

  it('throws engine-unreachable, naming the host and docker\'s message, when docker info fails', async () => {
    const stderr = 'Cannot connect to the Docker daemon at tcp://10.0.0.5:2375. Is the docker daemon running?\n';
    const { exec } = fakeExec(() => ({ code: 1, stderr }));
    const error = await rejection(readActiveSettings({ exec, dockerHost: 'tcp://10.0.0.5:2375' }));
    expect(error.code).toBe('engine-unreachable');
    expect(error.message).toContain('at tcp://10.0.0.5:2375');
    expect(error.message).toContain('Cannot connect to the Docker daemon');
    expect(error.chinese).toContain('"Cannot connect to the Docker daemon at tcp://10.0.0.5:2375. Is the docker daemon running?"');
  });

  it('throws engine-unreachable when the docker CLI is not installed', async () => {
    const { exec } = fakeExec(() => ({ code: 127, stderr: 'docker: command not found' }));
    await expect(readActiveSettings({ exec })).rejects.toMatchObject({ code: 'engine-unreachable' });
  });

  it('throws engine-unexpected for a RegistryConfig of another shape', async () => {
    const { exec } = fakeExec(() => ({ stdout: JSON.stringify({ Mirrors: 'http://m:5000/' }) }));
    await expect(readActiveSettings({ exec })).rejects.toMatchObject({ code: 'engine-unexpected' });
  });

  it('throws engine-unexpected, not a raw SyntaxError, when docker prints something that is not JSON', async () => {
    // e.g. empty output, or a template placeholder instead of JSON: the user must get the
    // "Dockside cannot read" explanation, not "Unexpected token" under the code `internal`.
    for (const stdout of ['', '<no value>\n']) {
      const { exec } = fakeExec(() => ({ stdout }));
      const error = await rejection(readActiveSettings({ exec }));
      expect(error.code).toBe('engine-unexpected');
      expect(error.message).toContain('Dockside cannot read');
    }
  });
});

describe('settingsDrift', () => {
  it('names each difference in both directions for both keys', () => {
    const expected: RegistrySettings = { mirrors: ['https://a.example/'], insecureRegistries: ['kept.example:5000'] };
    const active: RegistrySettings = { mirrors: ['https://b.example/'], insecureRegistries: ['kept.example:5000', 'old.example:5000', '10.77.0.0/16'] };
    expect(settingsDrift(expected, active)).toEqual([
      { kind: 'mirror-not-used', entry: 'https://a.example/' },
      { kind: 'mirror-still-used', entry: 'https://b.example/' },
      { kind: 'insecure-still-applied', entry: 'old.example:5000' },
      { kind: 'insecure-still-applied', entry: '10.77.0.0/16' },
    ]);
    expect(settingsDrift(active, expected)).toContainEqual({ kind: 'insecure-not-applied', entry: 'old.example:5000' });
  });
});
