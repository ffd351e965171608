import { describe, expect, it } from 'vitest';
import { DocksideError } from '../../../../../../electron/core/errors';
import { dockerHubEntry, mirrorFromUrl, parseDropIn, renderDropIn } from '../../../../../../electron/core/runtimes/podman/registries-conf';
import { parsePodmanInfo, podmanMirrorsFor } from '../../../../../../electron/core/runtimes/podman/podman-info';
import { podmanFixture } from './fixture';

const NEXUS_HTTP = 'http://nexus.example.com:8082/';
const HTTPS_WITH_PATH = 'https://mirror.example.org/v2-proxy';

function thrown(run: () => unknown): DocksideError {
  try {
    run();
  } catch (error) {
    if (error instanceof DocksideError) return error;
    throw error;
  }
  throw new Error('expected a DocksideError');
}

describe('mirrorFromUrl', () => {
  it('turns an http mirror into an insecure location and an https one into a verified location with its path', () => {
    expect(mirrorFromUrl(NEXUS_HTTP)).toEqual({ location: 'nexus.example.com:8082', insecure: true });
    expect(mirrorFromUrl(HTTPS_WITH_PATH)).toEqual({ location: 'mirror.example.org/v2-proxy', insecure: false });
    expect(mirrorFromUrl('https://[::1]:5000/')).toEqual({ location: '[::1]:5000', insecure: false });
    expect(mirrorFromUrl('https://Mirror.Example.ORG')).toEqual({ location: 'mirror.example.org', insecure: false });
  });

  it('refuses what Podman cannot take as a mirror location', () => {
    expect(thrown(() => mirrorFromUrl('nexus:8082')).key).toBe('engine.podman.error.mirror-scheme');
    expect(thrown(() => mirrorFromUrl('not a url')).key).toBe('engine.podman.error.mirror-not-url');
    expect(thrown(() => mirrorFromUrl('ftp://nexus.example.com/')).key).toBe('engine.podman.error.mirror-scheme');
    expect(thrown(() => mirrorFromUrl('https://user:secret@nexus.example.com/')).key).toBe('engine.podman.error.mirror-extra');
    expect(thrown(() => mirrorFromUrl('https://nexus.example.com/?x=1')).key).toBe('engine.podman.error.mirror-extra');
    const path = thrown(() => mirrorFromUrl('https://nexus.example.com/Docker-Proxy'));
    expect([path.code, path.key, path.params.segment]).toEqual(['podman-mirror-invalid', 'engine.podman.error.mirror-path', 'Docker-Proxy']);
    expect(thrown(() => mirrorFromUrl('http://bad_host:8082/')).code).toBe('invalid-registry-name');
  });
});

describe('the 50-dockside.conf drop-in', () => {
  const entries = [dockerHubEntry([mirrorFromUrl(NEXUS_HTTP), mirrorFromUrl(HTTPS_WITH_PATH)])];

  it('is the text Podman 4.3.1 read into the mirrors `podman info` shows', () => {
    const text = renderDropIn(entries);
    expect(text).toBe(podmanFixture('50-dockside.conf'));
    const info = parsePodmanInfo(podmanFixture('info-4.3.1-mirrors.json'));
    expect(podmanMirrorsFor(info)).toEqual(entries[0]?.mirrors);
    expect(info.registries.find((registry) => registry.prefix === 'docker.io')?.location).toBe('registry-1.docker.io');
  });

  it('sets no pull-from-mirror (the default, all pulls) and insecure only on the http mirror', () => {
    const text = renderDropIn(entries);
    expect(text).not.toContain('pull-from-mirror');
    expect(text.match(/insecure = true/g)).toHaveLength(1);
    expect(text).toContain('location = "nexus.example.com:8082"\ninsecure = true\n');
  });

  it('reads back what it wrote, and the same entries give the same bytes', () => {
    const text = renderDropIn(entries);
    expect(parseDropIn(text, '/etc/containers/registries.conf.d/50-dockside.conf')).toEqual(entries);
    expect(renderDropIn(parseDropIn(text, 'x'))).toBe(text);
  });

  it('writes no empty tables: an entry without mirrors, or no entry at all, reads back the same', () => {
    const bare = renderDropIn([dockerHubEntry([])]);
    expect(bare).not.toContain('mirror');
    expect(parseDropIn(bare, 'x')).toEqual([dockerHubEntry([])]);
    expect(parseDropIn(renderDropIn([]), 'x')).toEqual([]);
    expect(renderDropIn([])).not.toContain('registry');
  });

  it('says which file and which field when the drop-in was edited by hand', () => {
    const file = '/etc/containers/registries.conf.d/50-dockside.conf';
    const broken = thrown(() => parseDropIn('[[registry]\nprefix = "docker.io"\n', file));
    expect([broken.code, broken.key, broken.params.file]).toEqual(['podman-drop-in-invalid', 'engine.podman.error.drop-in-toml', file]);
    const edited = renderDropIn(entries).replace('insecure = true', 'insecure = true\npull-from-mirror = "digest-only"');
    expect(thrown(() => parseDropIn(edited, file)).params).toEqual({ file, field: 'registry[0].mirror[0].pull-from-mirror' });
    expect(thrown(() => parseDropIn(`unqualified-search-registries = ["docker.io"]\n${renderDropIn(entries)}`, file)).params.field).toBe('unqualified-search-registries');
    expect(thrown(() => parseDropIn('[[registry]]\nprefix = "docker.io"\n', file)).params.field).toBe('registry[0].location');
    expect(thrown(() => parseDropIn('[[registry]]\nprefix = "docker.io"\nlocation = "registry-1.docker.io"\n[[registry.mirror]]\nlocation = "m"\ninsecure = "yes"\n', file)).params.field).toBe('registry[0].mirror[0].insecure');
  });
});
