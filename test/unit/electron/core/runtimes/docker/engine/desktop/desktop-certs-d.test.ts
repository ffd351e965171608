import { describe, expect, it } from 'vitest';
import { desktopRegistryCaFile } from '../../../../../../../../electron/core/runtimes/docker/engine/desktop/desktop-certs-d';
import { defaultCertsDir } from '../../../../../../../../electron/core/platform/engine-paths';

describe('Docker Desktop\'s certs.d', () => {
  it('is ~/.docker/certs.d/<host[:port]>/ca.crt, the certsDir the machine picks for a desktop engine', () => {
    const env = { platform: 'darwin' as const, home: '/Users/me' };
    expect(desktopRegistryCaFile('Nexus.Example:8443', env)).toBe('/Users/me/.docker/certs.d/nexus.example:8443/ca.crt');
    expect(desktopRegistryCaFile('nexus.example', { platform: 'linux', home: '/home/me' })).toBe('/home/me/.docker/certs.d/nexus.example/ca.crt');
    expect(desktopRegistryCaFile('nexus.example', env).startsWith(defaultCertsDir('desktop', env))).toBe(true);
  });

  it('refuses a name that is not a registry before it becomes a path', () => {
    expect(() => desktopRegistryCaFile('../etc', { platform: 'darwin', home: '/Users/me' })).toThrow(expect.objectContaining({ code: 'invalid-registry-name' }));
  });
});
