import { describe, expect, it } from 'vitest';
import { ENGINE_KINDS } from '../../../../../shared/engine';
import type { EngineKind } from '../../../../../shared/engine';
import { defaultCertsDir, defaultDaemonJsonPath, enginePathEnv } from '../../../../../electron/core/platform/engine-paths';
import type { EnginePathEnv } from '../../../../../electron/core/platform/engine-paths';

const linux: EnginePathEnv = { platform: 'linux', home: '/home/dev' };
const darwin: EnginePathEnv = { platform: 'darwin', home: '/Users/dev' };
const win32: EnginePathEnv = { platform: 'win32', home: 'C:\\Users\\dev' };
const rootful: EngineKind[] = ['systemd', 'sysv', 'openrc', 'pidfile', 'none'];

describe('defaultDaemonJsonPath', () => {
  it.each(rootful)('Linux %s: /etc/docker/daemon.json', (kind) => {
    expect(defaultDaemonJsonPath(kind, linux)).toBe('/etc/docker/daemon.json');
    expect(defaultDaemonJsonPath(kind, { ...linux, xdgConfigHome: '/xdg' })).toBe('/etc/docker/daemon.json');
  });

  it('Linux rootless: $XDG_CONFIG_HOME, else ~/.config', () => {
    expect(defaultDaemonJsonPath('rootless', { ...linux, xdgConfigHome: '/run/xdg' })).toBe('/run/xdg/docker/daemon.json');
    expect(defaultDaemonJsonPath('rootless', linux)).toBe('/home/dev/.config/docker/daemon.json');
    expect(defaultDaemonJsonPath('rootless', { ...linux, xdgConfigHome: '' })).toBe('/home/dev/.config/docker/daemon.json');
  });

  it('Docker Desktop: ~/.docker/daemon.json on every OS', () => {
    expect(defaultDaemonJsonPath('desktop', linux)).toBe('/home/dev/.docker/daemon.json');
    expect(defaultDaemonJsonPath('desktop', darwin)).toBe('/Users/dev/.docker/daemon.json');
    expect(defaultDaemonJsonPath('desktop', win32)).toBe('C:\\Users\\dev\\.docker\\daemon.json');
  });

  it.each(ENGINE_KINDS)('macOS %s: ~/.docker/daemon.json', (kind) => {
    expect(defaultDaemonJsonPath(kind, darwin)).toBe('/Users/dev/.docker/daemon.json');
  });

  it.each(ENGINE_KINDS.filter((kind) => kind !== 'desktop'))('Windows %s: %ProgramData%\\docker\\config\\daemon.json', (kind) => {
    expect(defaultDaemonJsonPath(kind, win32)).toBe('C:\\ProgramData\\docker\\config\\daemon.json');
    expect(defaultDaemonJsonPath(kind, { ...win32, programData: 'D:\\Data' })).toBe('D:\\Data\\docker\\config\\daemon.json');
  });
});

describe('defaultCertsDir', () => {
  it.each(rootful)('Linux %s: /etc/docker/certs.d', (kind) => {
    expect(defaultCertsDir(kind, linux)).toBe('/etc/docker/certs.d');
  });

  it('Linux rootless: $XDG_CONFIG_HOME/docker/certs.d, else ~/.config/docker/certs.d', () => {
    expect(defaultCertsDir('rootless', { ...linux, xdgConfigHome: '/run/xdg' })).toBe('/run/xdg/docker/certs.d');
    expect(defaultCertsDir('rootless', linux)).toBe('/home/dev/.config/docker/certs.d');
  });

  it('Docker Desktop and macOS: ~/.docker/certs.d', () => {
    expect(defaultCertsDir('desktop', linux)).toBe('/home/dev/.docker/certs.d');
    expect(defaultCertsDir('desktop', win32)).toBe('C:\\Users\\dev\\.docker\\certs.d');
    for (const kind of ENGINE_KINDS) expect(defaultCertsDir(kind, darwin)).toBe('/Users/dev/.docker/certs.d');
  });

  it.each(ENGINE_KINDS.filter((kind) => kind !== 'desktop'))('Windows %s: %ProgramData%\\docker\\certs.d', (kind) => {
    expect(defaultCertsDir(kind, win32)).toBe('C:\\ProgramData\\docker\\certs.d');
    expect(defaultCertsDir(kind, { ...win32, programData: 'D:\\Data' })).toBe('D:\\Data\\docker\\certs.d');
  });
});

describe('enginePathEnv', () => {
  it('reads this process', () => {
    const env = enginePathEnv();
    expect(env.platform).toBe(process.platform);
    expect(env.home.length).toBeGreaterThan(0);
    expect(env.xdgConfigHome).toBe(process.env.XDG_CONFIG_HOME);
  });
});
