import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFileArgument, dockerdPidFromFile, settingsFromFlags } from '../../../../../../../electron/core/runtimes/docker/engine/dockerd-process';
import { isAlive } from '../../../../../../../electron/core/platform/process-alive';
import { makeTempDir, type TempDir } from '../../../../../../harness/tmp';
import { refusal, type Said } from '../daemon/said';

describe('configFileArgument', () => {
  it('finds `--config-file PATH`', () => {
    expect(configFileArgument(['/usr/bin/dockerd', '-H', 'fd://', '--config-file', '/srv/dockerd/daemon.json', '--debug'])).toBe('/srv/dockerd/daemon.json');
  });

  it('finds `--config-file=PATH`', () => {
    expect(configFileArgument(['dockerd', '--config-file=/srv/dockerd/daemon.json'])).toBe('/srv/dockerd/daemon.json');
  });

  it('is undefined when dockerd reads its default file', () => {
    expect(configFileArgument(['/usr/bin/dockerd', '-H', 'fd://', '--containerd=/run/containerd/containerd.sock'])).toBeUndefined();
    expect(configFileArgument([])).toBeUndefined();
  });
});

describe('settingsFromFlags', () => {
  it('collects --registry-mirror and --insecure-registry in both spellings, in order', () => {
    const argv = ['dockerd', '--registry-mirror', 'http://a:5000', '--registry-mirror=https://b.example', '--insecure-registry', 'h:5000', '--debug'];
    expect(settingsFromFlags(argv)).toEqual({ mirrors: ['http://a:5000', 'https://b.example'], insecureRegistries: ['h:5000'] });
  });

  it('is empty for a dockerd started without registry flags', () => {
    expect(settingsFromFlags(['/usr/bin/dockerd', '-H', 'fd://'])).toEqual({ mirrors: [], insecureRegistries: [] });
  });

  it('does not mistake a longer flag for a registry flag', () => {
    expect(settingsFromFlags(['dockerd', '--registry-mirrors=x', '--insecure-registryx', 'y'])).toEqual({ mirrors: [], insecureRegistries: [] });
  });
});

describe('isAlive', () => {
  it('is true for this process', () => {
    expect(isAlive(process.pid)).toBe(true);
  });

  it('is false for a child that has exited', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    const pid = child.pid;
    expect(pid).toBeTypeOf('number');
    await new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Node reaps its child on exit; the pid names nothing now.
    expect(isAlive(pid as number)).toBe(false);
  });
});

describe('dockerdPidFromFile', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = makeTempDir('pidfile');
  });
  afterEach(() => tmp.remove());

  const errorOf = (pidfile: string): Said => refusal(() => dockerdPidFromFile(pidfile));

  it('refuses a pid that is not dockerd (here: node itself), so a root signal never reaches another program', () => {
    const pidfile = tmp.join('docker.pid');
    writeFileSync(pidfile, `${process.pid}\n`);
    const error = errorOf(pidfile);
    expect(error.code).toBe('engine-not-dockerd');
    expect(error.message).toContain(String(process.pid));
    expect(error.message).toContain('not dockerd');
  });

  it('says engine-not-running for a file that holds no pid', () => {
    for (const text of ['garbage\n', '', '-5', '1', '12.5']) {
      const pidfile = tmp.join('docker.pid');
      writeFileSync(pidfile, text);
      expect(errorOf(pidfile).code).toBe('engine-not-running');
    }
  });

  it('says engine-not-running when the pidfile is missing', () => {
    const error = errorOf(tmp.join('missing.pid'));
    expect(error.code).toBe('engine-not-running');
    expect(error.message).toContain('missing.pid');
  });

  it('says engine-not-running when the pid names no process', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const pidfile = tmp.join('docker.pid');
    writeFileSync(pidfile, String(child.pid));
    expect(errorOf(pidfile).code).toBe('engine-not-running');
  });
});
