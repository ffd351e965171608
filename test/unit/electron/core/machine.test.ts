import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveMachine } from '../../../../electron/core/machine';
import { rejectionOf } from '../../dockside-error';

describe('resolveMachine', () => {
  it('takes the options first, then the environment', async () => {
    const env = { DOCKSIDE_ENGINE: 'systemd', DOCKSIDE_DAEMON_JSON: '/env/daemon.json', DOCKSIDE_CERTS_DIR: '/env/certs.d', DOCKER_CONFIG: '/env/docker' };
    const fromEnv = await resolveMachine({}, env);
    expect(fromEnv).toMatchObject({ engine: { kind: 'systemd' }, daemonJsonPath: '/env/daemon.json', certsDir: '/env/certs.d', credentials: { configDir: '/env/docker', helperDir: null } });
    const fromOptions = await resolveMachine({ engine: 'none', daemonJson: 'rel/daemon.json', certsDir: '/opt/certs.d', dockerConfig: '/opt/docker', helperDir: '/opt/bin' }, env);
    expect(fromOptions).toMatchObject({
      engine: { kind: 'none' },
      daemonJsonPath: resolve('rel/daemon.json'),
      certsDir: '/opt/certs.d',
      credentials: { configDir: '/opt/docker', helperDir: '/opt/bin', env },
    });
  });

  it('defaults the files by the engine kind and honours DOCKER_HOST, without asking a running engine', async () => {
    const machine = await resolveMachine({ engine: 'none' }, { DOCKER_HOST: 'unix:///nowhere.sock' });
    expect(machine.engine).toEqual({ kind: 'none', dockerHost: 'unix:///nowhere.sock' });
    expect(machine.target.dockerHost).toBe('unix:///nowhere.sock');
    if (process.platform === 'linux') {
      expect(machine.daemonJsonPath).toBe('/etc/docker/daemon.json');
      expect(machine.certsDir).toBe(join('/etc/docker', 'certs.d'));
    }
  });

  it('refuses an unknown engine as a usage error', async () => {
    expect((await rejectionOf(resolveMachine({ engine: 'podman' }, {}))).code).toBe('usage');
  });
});
