import { describe, expect, it } from 'vitest';
import { DocksideError } from '../../../../../../electron/core/errors';
import { podmanAuthFile, podmanCaFile, podmanCertsDir, podmanCertsLookup, type PodmanPathEnv } from '../../../../../../electron/core/runtimes/podman/podman-paths';

const ROOTFUL: PodmanPathEnv = { rootless: false, home: '/root' };
const ROOTLESS: PodmanPathEnv = { rootless: true, home: '/home/ada' };

describe('where Podman reads a registry\'s CA', () => {
  it('is /etc/containers/certs.d/<host:port>/ca.crt, or ~/.config/containers/certs.d for rootless Podman', () => {
    expect(podmanCertsDir(ROOTFUL)).toBe('/etc/containers/certs.d');
    expect(podmanCaFile(ROOTFUL, 'nexus.example.com:8443')).toBe('/etc/containers/certs.d/nexus.example.com:8443/ca.crt');
    expect(podmanCaFile(ROOTLESS, 'https://Nexus.Example.com:8443/')).toBe('/home/ada/.config/containers/certs.d/nexus.example.com:8443/ca.crt');
    // $XDG_CONFIG_HOME does not move certs.d: containers/image joins $HOME.
    expect(podmanCertsDir({ ...ROOTLESS, xdgConfigHome: '/srv/config' })).toBe('/home/ada/.config/containers/certs.d');
  });

  it('tries the user\'s directory, then Podman\'s, then Docker\'s', () => {
    expect(podmanCertsLookup(ROOTFUL, '[::1]:5000')).toEqual([
      '/root/.config/containers/certs.d/[::1]:5000',
      '/etc/containers/certs.d/[::1]:5000',
      '/etc/docker/certs.d/[::1]:5000',
    ]);
  });

  it('refuses a host name that is not one before it becomes a path', () => {
    for (const name of ['../../etc', 'nexus/../../x', 'a b', '']) {
      expect(() => podmanCaFile(ROOTFUL, name)).toThrow(DocksideError);
      expect(() => podmanCertsLookup(ROOTFUL, name)).toThrow(DocksideError);
    }
  });
});

describe('the auth file Podman keeps across reboots', () => {
  it('is REGISTRY_AUTH_FILE when set, else $XDG_CONFIG_HOME/containers/auth.json, else ~/.config/containers/auth.json', () => {
    expect(podmanAuthFile({ ...ROOTLESS, registryAuthFile: '/srv/auth.json', xdgConfigHome: '/srv/config' })).toEqual({ path: '/srv/auth.json', source: 'registry-auth-file' });
    expect(podmanAuthFile({ ...ROOTLESS, xdgConfigHome: '/srv/config' })).toEqual({ path: '/srv/config/containers/auth.json', source: 'xdg-config-home' });
    expect(podmanAuthFile(ROOTLESS)).toEqual({ path: '/home/ada/.config/containers/auth.json', source: 'xdg-config-home' });
    expect(podmanAuthFile({ ...ROOTFUL, xdgConfigHome: '' })).toEqual({ path: '/root/.config/containers/auth.json', source: 'xdg-config-home' });
  });
});
