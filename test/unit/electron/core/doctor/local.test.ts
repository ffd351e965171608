import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineControl } from '../../../../../electron/core/runtimes/docker/engine/engine-control';
import {
  certsDState,
  DEFAULT_DOCKER_SOCKET,
  dockerSocketPath,
  gatherLocalEvidence,
  helperNames,
  socketState,
} from '../../../../../electron/core/doctor/evidence/local';
import type { Exec } from '../../../../../electron/core/platform/exec';
import type { SkippedCheck } from '../../../../../shared/doctor';
import { english } from '../../../../harness/english';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'doctor-local-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('dockerSocketPath', () => {
  it('reads DOCKER_HOST unix:// paths, defaults without it, and has none for tcp or ssh', () => {
    expect(dockerSocketPath(undefined)).toBe(DEFAULT_DOCKER_SOCKET);
    expect(dockerSocketPath('')).toBe('/var/run/docker.sock');
    expect(dockerSocketPath('unix:///tmp/d/docker.sock')).toBe('/tmp/d/docker.sock');
    expect(dockerSocketPath('tcp://127.0.0.1:2375')).toBeNull();
    expect(dockerSocketPath('ssh://user@host')).toBeNull();
  });
});

describe('helperNames', () => {
  it('lists credsStore and every credHelpers value once', () => {
    expect(helperNames({ credsStore: 'desktop', credHelpers: { 'a:1': 'dockside', 'b:2': 'desktop', 'c:3': 'pass' } })).toEqual(['desktop', 'dockside', 'pass']);
    expect(helperNames({})).toEqual([]);
    expect(helperNames(null)).toEqual([]);
    expect(helperNames({ credsStore: '' })).toEqual([]);
  });
});

describe('certsDState', () => {
  it('sees _default and the registry directories holding a hosts.toml', async () => {
    for (const sub of ['_default', 'nexus.example:8443', 'docker.io', 'plain:5000']) mkdirSync(join(dir, sub));
    writeFileSync(join(dir, 'docker.io', 'hosts.toml'), 'server = "https://registry-1.docker.io"\n');
    writeFileSync(join(dir, 'nexus.example:8443', 'ca.crt'), '');
    mkdirSync(join(dir, 'plain:5000', 'hosts.toml'));
    expect(await certsDState(dir)).toEqual({ dir, defaultDir: true, hostsToml: ['docker.io'] });
  });

  it('is empty for a missing directory', async () => {
    expect(await certsDState(join(dir, 'missing'))).toEqual({ dir: join(dir, 'missing'), defaultDir: false, hostsToml: [] });
  });
});

describe('socketState', () => {
  it('says whether the socket exists and whether this user may open it', async () => {
    const path = join(dir, 'docker.sock');
    expect(await socketState(path)).toEqual({ path, exists: false, accessible: false });
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      expect(await socketState(path)).toEqual({ path, exists: true, accessible: true });
      if (process.getuid?.() !== 0) {
        chmodSync(path, 0o000);
        expect(await socketState(path)).toEqual({ path, exists: true, accessible: false });
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('gatherLocalEvidence', () => {
  const engine = { spec: { kind: 'none' }, daemonPid: async () => undefined } as unknown as EngineControl;
  const refusing: Exec = async () => ({ code: 1, timedOut: false, stdout: '', stderr: 'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock' });

  it('reads daemon.json keys, config.json helpers, the engine error and the flag conflicts', async () => {
    const daemonJsonPath = join(dir, 'daemon.json');
    writeFileSync(daemonJsonPath, JSON.stringify({ 'registry-mirrors': ['https://m.example'], 'data-root': '/srv/docker' }));
    const configDir = join(dir, 'docker');
    mkdirSync(configDir);
    writeFileSync(join(configDir, 'config.json'), JSON.stringify({ credsStore: 'no-such-helper-here', credHelpers: { 'n:1': 'also-missing' } }));
    const skipped: SkippedCheck[] = [];
    const local = await gatherLocalEvidence({
      daemonJsonPath,
      certsDir: join(dir, 'certs.d'),
      configDir,
      engine,
      target: { exec: refusing, dockerHost: `unix://${join(dir, 'none.sock')}` },
      env: { PATH: dir },
      skipped,
      dockerdArgv: async () => ['dockerd', '--data-root', '/var/lib/docker'],
    });
    expect(local.daemonJson).toEqual({ path: daemonJsonPath, exists: true, settings: { mirrors: ['https://m.example'], insecureRegistries: [] }, keys: ['registry-mirrors', 'data-root'], error: null });
    expect(local.engine).toMatchObject({ running: false, active: null, socket: { path: join(dir, 'none.sock'), exists: false, accessible: false }, flagConflicts: ['data-root'] });
    expect(local.engine.error && english(local.engine.error)).toContain('permission denied while trying to connect to the Docker daemon socket');
    expect(local.helpers).toEqual({ 'no-such-helper-here': false, 'also-missing': false });
    expect(local.config.error).toBeNull();
    expect(skipped).toEqual([]);
  });

  it('reports an invalid daemon.json and config.json as errors, never throwing', async () => {
    const daemonJsonPath = join(dir, 'daemon.json');
    writeFileSync(daemonJsonPath, '{ "registry-mirrors": ["https://m.example"], }');
    writeFileSync(join(dir, 'config.json'), '{ "auths": ');
    const skipped: SkippedCheck[] = [];
    const local = await gatherLocalEvidence({ daemonJsonPath, certsDir: dir, configDir: dir, engine, target: { exec: refusing }, env: {}, skipped });
    expect(local.daemonJson).toMatchObject({ exists: true, settings: null, keys: [], error: { code: 'daemon-json-invalid' } });
    expect(local.daemonJson.error && english(local.daemonJson.error)).toContain(':1:');
    expect(local.config).toMatchObject({ config: null, error: { code: 'invalid-docker-config' } });
    expect(local.engine.socket?.path).toBe('/var/run/docker.sock');
  });
});
