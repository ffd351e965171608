import { describe, expect, it } from 'vitest';
import {
  checkRegistriesConf,
  type ConfFile,
  dropInPlacement,
  dropInReadOrder,
  type PodmanReadEnv,
  registriesFormat,
  registriesSources,
} from '../../../../../../electron/core/runtimes/podman/where-podman-reads';
import { podmanFixture } from './fixture';

const ROOTFUL: PodmanReadEnv = { rootless: false, home: '/root' };
const ROOTLESS: PodmanReadEnv = { rootless: true, home: '/home/ada' };
const SYSTEM_DIR = '/etc/containers/registries.conf.d';
const OURS = `${SYSTEM_DIR}/50-dockside.conf`;
const DOCKER_HUB_ENTRY = '[[registry]]\nprefix = "docker.io"\nlocation = "registry-1.docker.io"\n';

function check(env: PodmanReadEnv, userFileExists: boolean, base: ConfFile | null, dropIns: ConfFile[] = []) {
  const placement = dropInPlacement(env, userFileExists);
  return checkRegistriesConf({ env, sources: placement.sources, base, dropIns, ownPath: placement.path });
}

describe('where Podman reads the drop-in', () => {
  it('reads /etc/containers/registries.conf, then the system drop-ins, then the user\'s', () => {
    expect(registriesSources(ROOTFUL, false)).toEqual({
      baseFile: '/etc/containers/registries.conf',
      dropInDirs: [SYSTEM_DIR, '/root/.config/containers/registries.conf.d'],
      userFileHidesSystem: false,
    });
    expect(dropInPlacement(ROOTFUL, false).path).toBe(OURS);
  });

  it('reads only the user\'s files when ~/.config/containers/registries.conf exists, so the drop-in goes beside it', () => {
    expect(registriesSources(ROOTFUL, true)).toEqual({
      baseFile: '/root/.config/containers/registries.conf',
      dropInDirs: ['/root/.config/containers/registries.conf.d'],
      userFileHidesSystem: true,
    });
    expect(dropInPlacement(ROOTFUL, true).path).toBe('/root/.config/containers/registries.conf.d/50-dockside.conf');
  });

  it('puts a rootless user\'s drop-in in ~/.config/containers/registries.conf.d, read with or without a user file', () => {
    expect(dropInPlacement(ROOTLESS, false).path).toBe('/home/ada/.config/containers/registries.conf.d/50-dockside.conf');
    expect(dropInPlacement(ROOTLESS, true).path).toBe('/home/ada/.config/containers/registries.conf.d/50-dockside.conf');
  });

  it('keeps both drop-in directories when CONTAINERS_REGISTRIES_CONF names the base file', () => {
    const sources = registriesSources({ ...ROOTFUL, registriesConf: '/srv/registries.conf' }, true);
    expect(sources).toEqual({ baseFile: '/srv/registries.conf', dropInDirs: [SYSTEM_DIR, '/root/.config/containers/registries.conf.d'], userFileHidesSystem: false });
  });

  it('lists the drop-ins as Podman reads them: *.conf only, byte order, system directory first', () => {
    const sources = registriesSources(ROOTFUL, false);
    const listings = new Map([
      [SYSTEM_DIR, ['shortnames.conf', '50-dockside.conf', 'Z.conf', 'notes.txt', '50-dockside.conf.bak']],
      ['/root/.config/containers/registries.conf.d', ['00-mine.conf']],
    ]);
    expect(dropInReadOrder(sources, listings)).toEqual([
      `${SYSTEM_DIR}/50-dockside.conf`,
      `${SYSTEM_DIR}/Z.conf`,
      `${SYSTEM_DIR}/shortnames.conf`,
      '/root/.config/containers/registries.conf.d/00-mine.conf',
    ]);
  });
});

describe('the format of a registries file', () => {
  it('tells v1, v2, both and neither apart in real files', () => {
    expect(registriesFormat(podmanFixture('registries-v1.conf'))).toBe('v1');
    expect(registriesFormat(podmanFixture('registries-v2.conf'))).toBe('v2');
    expect(registriesFormat(podmanFixture('registries-mixed.conf'))).toBe('mixed');
    expect(registriesFormat(podmanFixture('registries-debian.conf'))).toBe('empty');
    expect(registriesFormat(podmanFixture('shortnames-debian.conf'))).toBe('v2');
    expect(registriesFormat(podmanFixture('50-dockside.conf'))).toBe('v2');
    expect(registriesFormat('[registries.search\n')).toBeNull();
  });
});

describe('what decides whether Podman uses the drop-in', () => {
  it('finds nothing on a fresh Debian install', () => {
    const base = { path: '/etc/containers/registries.conf', text: podmanFixture('registries-debian.conf') };
    expect(check(ROOTFUL, false, base, [{ path: `${SYSTEM_DIR}/shortnames.conf`, text: podmanFixture('shortnames-debian.conf') }])).toEqual([]);
  });

  it('says so when the user\'s registries.conf hides the system files', () => {
    const base = { path: '/root/.config/containers/registries.conf', text: podmanFixture('registries-v2.conf') };
    expect(check(ROOTFUL, true, base)).toEqual([
      {
        id: 'user-file-hides-system',
        severity: 'warning',
        file: '/root/.config/containers/registries.conf',
        message: {
          code: 'engine.podman.finding.user-file-hides-system.rootful',
          params: {
            userFile: '/root/.config/containers/registries.conf',
            systemFile: '/etc/containers/registries.conf',
            systemDir: SYSTEM_DIR,
            dropIn: '/root/.config/containers/registries.conf.d/50-dockside.conf',
          },
        },
      },
    ]);
    expect(check(ROOTLESS, true, { ...base, path: '/home/ada/.config/containers/registries.conf' }).map((finding) => [finding.severity, finding.message.code])).toEqual([
      ['info', 'engine.podman.finding.user-file-hides-system.rootless'],
    ]);
  });

  it('quotes Podman\'s own refusal of a base file mixing v1 and v2, as Podman 4.3.1 printed it', () => {
    const base = { path: '/etc/containers/registries.conf', text: podmanFixture('registries-mixed.conf') };
    const findings = check(ROOTFUL, false, base);
    expect(findings.map((finding) => [finding.id, finding.severity, finding.file])).toEqual([['base-mixes-v1-v2', 'error', '/etc/containers/registries.conf']]);
    expect(findings[0]?.message.params.podman).toBe('mixing sysregistry v1/v2 is not supported');
    expect(podmanFixture('stderr-mixed.txt')).toContain(`: ${findings[0]?.message.params.podman}`);
  });

  it('accepts a v1-only base file, which Podman converts and reads drop-ins beside', () => {
    expect(check(ROOTFUL, false, { path: '/etc/containers/registries.conf', text: podmanFixture('registries-v1.conf') })).toEqual([]);
  });

  it('quotes Podman\'s refusal of a v1 drop-in', () => {
    const findings = check(ROOTFUL, false, null, [{ path: `${SYSTEM_DIR}/10-old.conf`, text: podmanFixture('registries-v1.conf') }]);
    expect(findings.map((finding) => finding.id)).toEqual(['drop-in-v1']);
    expect(podmanFixture('stderr-v1-drop-in.txt')).toContain(`: ${findings[0]?.message.params.podman}`);
  });

  it('tells a docker.io entry Podman reads before the drop-in (replaced) from one it reads after (ours is not used)', () => {
    const before = { path: `${SYSTEM_DIR}/10-corp.conf`, text: DOCKER_HUB_ENTRY };
    const after = { path: `${SYSTEM_DIR}/99-corp.conf`, text: DOCKER_HUB_ENTRY };
    const inUserDir = { path: '/root/.config/containers/registries.conf.d/00-mine.conf', text: '[[registry]]\nlocation = "docker.io"\n' };
    const findings = check(ROOTFUL, false, null, [after, inUserDir, before]);
    expect(findings.map((finding) => [finding.id, finding.severity, finding.file])).toEqual([
      ['docker-hub-replaced', 'info', before.path],
      ['docker-hub-overridden', 'error', after.path],
      ['docker-hub-overridden', 'error', inUserDir.path],
    ]);
    expect(findings[1]?.message).toEqual({ code: 'engine.podman.finding.docker-hub-overridden', params: { file: after.path, dropIn: OURS } });
  });

  it('finds a base file\'s v1 insecure docker.io, which the drop-in replaces, and a narrower docker.io prefix, which wins', () => {
    const base = { path: '/etc/containers/registries.conf', text: '[registries.insecure]\nregistries = ["docker.io"]\n' };
    const narrower = { path: `${SYSTEM_DIR}/70-library.conf`, text: '[[registry]]\nprefix = "docker.io/library"\nlocation = "mirror.example.org/library"\n' };
    expect(check(ROOTFUL, false, base, [narrower]).map((finding) => [finding.id, finding.file])).toEqual([
      ['docker-hub-replaced', base.path],
      ['docker-hub-overridden', narrower.path],
    ]);
  });

  it('finds a file that is not TOML, which stops every pull', () => {
    expect(check(ROOTFUL, false, { path: '/etc/containers/registries.conf', text: 'unqualified-search-registries = [docker.io]\n' }).map((finding) => finding.id)).toEqual(['conf-not-toml']);
  });
});
