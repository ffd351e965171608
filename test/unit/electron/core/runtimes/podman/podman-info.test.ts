import { describe, expect, it } from 'vitest';
import { DocksideError } from '../../../../../../electron/core/errors';
import { parsePodmanInfo, podmanMirrorsFor } from '../../../../../../electron/core/runtimes/podman/podman-info';
import { podmanFixture } from './fixture';

function thrown(run: () => unknown): DocksideError {
  try {
    run();
  } catch (error) {
    if (error instanceof DocksideError) return error;
    throw error;
  }
  throw new Error('expected a DocksideError');
}

describe('podman info --format json', () => {
  it('gives the version, the storage, the search list and the merged registries, as Podman 4.3.1 printed them', () => {
    const info = parsePodmanInfo(podmanFixture('info-4.3.1-mirrors.json'));
    expect(info).toEqual({
      version: '4.3.1',
      rootless: false,
      storageDriver: 'vfs',
      search: ['registry.access.redhat.com', 'docker.io'],
      registries: [
        {
          prefix: 'docker.io',
          location: 'registry-1.docker.io',
          insecure: false,
          blocked: false,
          mirrors: [
            { location: 'nexus.example.com:8082', insecure: true, pullFromMirror: '' },
            { location: 'mirror.example.org/v2-proxy', insecure: false, pullFromMirror: '' },
          ],
        },
      ],
    });
    expect(podmanMirrorsFor(info, 'quay.io')).toEqual([]);
  });

  it('gives no registries and no search list when no file sets any', () => {
    const info = parsePodmanInfo(podmanFixture('info-4.3.1-no-registries.json'));
    expect([info.version, info.search, info.registries, podmanMirrorsFor(info)]).toEqual(['4.3.1', [], [], []]);
  });

  it('says what is missing when the answer is not what Podman prints', () => {
    expect(thrown(() => parsePodmanInfo('Error: getting registries')).key).toBe('engine.podman.error.info-not-json');
    const recorded = JSON.parse(podmanFixture('info-4.3.1-mirrors.json')) as Record<string, Record<string, unknown>>;
    const noVersion = { ...recorded, version: {} };
    expect(thrown(() => parsePodmanInfo(JSON.stringify(noVersion))).params).toEqual({ field: 'version.Version' });
    const badMirror = structuredClone(recorded);
    const registries = badMirror.registries as Record<string, Record<string, unknown>>;
    registries['docker.io'] = { ...registries['docker.io'], Mirrors: [{ Location: 1 }] };
    const error = thrown(() => parsePodmanInfo(JSON.stringify(badMirror)));
    expect([error.code, error.params.field]).toEqual(['podman-info-unreadable', 'registries.docker.io.Mirrors.0.Location']);
  });
});
