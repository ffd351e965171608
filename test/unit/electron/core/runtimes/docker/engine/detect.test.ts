import { describe, expect, it } from 'vitest';
import { detectEngine, parseEngineOption } from '../../../../../../../electron/core/runtimes/docker/engine/detect';
import type { Exec, ExecOptions, ExecResult } from '../../../../../../../electron/core/platform/exec';
import { refusal, type Said } from '../daemon/said';

function usageError(text: string): Said {
  const error = refusal(() => parseEngineOption(text));
  expect(error.code).toBe('usage');
  return error;
}

describe('parseEngineOption', () => {
  it('reads auto as "detect"', () => {
    expect(parseEngineOption('auto')).toBeUndefined();
  });

  it.each(['systemd', 'sysv', 'openrc', 'rootless', 'desktop', 'none'] as const)('reads %s', (kind) => {
    expect(parseEngineOption(kind)).toEqual({ kind });
  });

  it('reads pidfile:PATH', () => {
    expect(parseEngineOption('pidfile:/run/x.pid')).toEqual({ kind: 'pidfile', pidfile: '/run/x.pid' });
  });

  it('refuses a relative pidfile: the elevated process runs elsewhere', () => {
    expect(usageError('pidfile:run/x.pid').message).toContain('absolute');
    usageError('pidfile:./x.pid');
    usageError('pidfile:');
  });

  it('refuses a bare pidfile without its path', () => {
    usageError('pidfile');
  });

  it('refuses an unknown engine, listing the choices', () => {
    const error = usageError('docker-desktop');
    expect(error.message).toContain('"docker-desktop"');
    expect(error.message).toContain('systemd');
    usageError('Systemd');
    usageError('');
  });
});

interface Call {
  command: string;
  args: readonly string[];
  options: ExecOptions | undefined;
}

/** Answers each command line (joined with spaces) from a table; anything else exits 1. */
function fakeExec(table: Record<string, Partial<ExecResult>>): { exec: Exec; calls: Call[]; lines: () => string[] } {
  const calls: Call[] = [];
  const exec: Exec = async (command, args, options) => {
    calls.push({ command, args, options });
    const answer = table[[command, ...args].join(' ')];
    return { code: 1, stdout: '', stderr: 'not scripted', timedOut: false, ...(answer ? { code: 0, ...answer } : {}) };
  };
  return { exec, calls, lines: () => calls.map((call) => [call.command, ...call.args].join(' ')) };
}

const DOCKER_INFO_OS = 'docker info --format {{.OperatingSystem}}';
const SYSTEMD_ACTIVE = 'systemctl is-active --quiet docker';
const USER_SYSTEMD_ACTIVE = 'systemctl --user is-active --quiet docker';
const noFiles = (): boolean => false;

describe('detectEngine', () => {
  it('recognises Docker Desktop by the OperatingSystem docker info reports, before any service manager', async () => {
    const { exec, lines } = fakeExec({ [DOCKER_INFO_OS]: { stdout: 'Docker Desktop\n' }, [SYSTEMD_ACTIVE]: {} });
    expect(await detectEngine({ exec, platform: 'linux', fileExists: noFiles })).toEqual({ kind: 'desktop' });
    expect(lines()).toEqual([DOCKER_INFO_OS]);
  });

  it('finds a system dockerd run by systemd', async () => {
    const { exec } = fakeExec({ [DOCKER_INFO_OS]: { stdout: 'Debian GNU/Linux 12 (bookworm)\n' }, [SYSTEMD_ACTIVE]: {} });
    expect(await detectEngine({ exec, platform: 'linux', fileExists: noFiles })).toEqual({ kind: 'systemd' });
  });

  it('finds a rootless dockerd run by the user\'s systemd', async () => {
    const { exec, lines } = fakeExec({ [DOCKER_INFO_OS]: { stdout: 'Ubuntu 24.04 LTS\n' }, [USER_SYSTEMD_ACTIVE]: {} });
    expect(await detectEngine({ exec, platform: 'linux', fileExists: noFiles })).toEqual({ kind: 'rootless' });
    expect(lines()).toEqual([DOCKER_INFO_OS, SYSTEMD_ACTIVE, USER_SYSTEMD_ACTIVE]);
  });

  it('finds a SysV init script when /etc/init.d/docker exists and `service docker status` succeeds', async () => {
    const { exec, lines } = fakeExec({ [DOCKER_INFO_OS]: { stdout: 'Devuan GNU/Linux 5\n' }, 'service docker status': {} });
    const spec = await detectEngine({ exec, platform: 'linux', fileExists: (path) => path === '/etc/init.d/docker' });
    expect(spec).toEqual({ kind: 'sysv' });
    expect(lines()).toContain('service docker status');
  });

  it('does not ask `service` when there is no init script', async () => {
    const { exec, lines } = fakeExec({ [DOCKER_INFO_OS]: { stdout: 'Devuan GNU/Linux 5\n' }, 'service docker status': {} });
    expect(await detectEngine({ exec, platform: 'linux', fileExists: noFiles })).toEqual({ kind: 'none' });
    expect(lines()).not.toContain('service docker status');
  });

  it('finds OpenRC when /sbin/openrc-run exists and `rc-service docker status` succeeds', async () => {
    const { exec } = fakeExec({ [DOCKER_INFO_OS]: { stdout: 'Alpine Linux v3.20\n' }, 'rc-service docker status': {} });
    expect(await detectEngine({ exec, platform: 'linux', fileExists: (path) => path === '/sbin/openrc-run' })).toEqual({ kind: 'openrc' });
  });

  it('says none when nothing runs Docker (the file can still be written)', async () => {
    const { exec } = fakeExec({});
    expect(await detectEngine({ exec, platform: 'linux', fileExists: noFiles })).toEqual({ kind: 'none' });
  });

  it('carries DOCKER_HOST into the spec and into docker info', async () => {
    const { exec, calls } = fakeExec({ [DOCKER_INFO_OS]: { stdout: 'Debian GNU/Linux 12 (bookworm)\n' }, [SYSTEMD_ACTIVE]: {} });
    const spec = await detectEngine({ exec, platform: 'linux', dockerHost: 'unix:///srv/docker.sock', fileExists: noFiles });
    expect(spec).toEqual({ kind: 'systemd', dockerHost: 'unix:///srv/docker.sock' });
    expect(calls[0]?.options?.env?.DOCKER_HOST).toBe('unix:///srv/docker.sock');
    const none = await detectEngine({ exec: fakeExec({}).exec, platform: 'linux', dockerHost: 'unix:///srv/docker.sock', fileExists: noFiles });
    expect(none).toEqual({ kind: 'none', dockerHost: 'unix:///srv/docker.sock' });
  });

  it('on macOS and Windows, an answering engine is Docker Desktop and a silent one is none', async () => {
    const answering = fakeExec({ [DOCKER_INFO_OS]: { stdout: 'Docker Desktop\n' } });
    expect(await detectEngine({ exec: answering.exec, platform: 'darwin', fileExists: noFiles })).toEqual({ kind: 'desktop' });
    const silent = fakeExec({});
    expect(await detectEngine({ exec: silent.exec, platform: 'win32', fileExists: noFiles })).toEqual({ kind: 'none' });
    expect(silent.lines()).toEqual([DOCKER_INFO_OS]);
  });
});
