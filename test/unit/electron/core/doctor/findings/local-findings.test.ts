import { describe, expect, it } from 'vitest';
import { parseDaemonJson } from '../../../../../../electron/core/runtimes/docker/daemon/parse';
import { toErrorValue } from '../../../../../../electron/core/errors';
import type { Evidence } from '../../../../../../electron/core/doctor/evidence/types';
import { certsDRedirect } from '../../../../../../electron/core/doctor/findings/certs-d-redirect';
import { credsstoreHelperMissing } from '../../../../../../electron/core/doctor/findings/credsstore-helper-missing';
import { daemonJsonInvalid } from '../../../../../../electron/core/doctor/findings/daemon-json-invalid';
import { dockerSocketPermission } from '../../../../../../electron/core/doctor/findings/docker-socket-permission';
import { engineNotRunning } from '../../../../../../electron/core/doctor/findings/engine-not-running';
import { flagConflict } from '../../../../../../electron/core/doctor/findings/flag-conflict';
import { imageWithoutHost } from '../../../../../../electron/core/doctor/findings/image-without-host';
import { LOCAL_DETECTORS } from '../../../../../../electron/core/doctor/findings/local-findings';
import { plaintextCredentials } from '../../../../../../electron/core/doctor/findings/plaintext-credentials';
import type { Finding } from '../../../../../../shared/doctor';
import { evidenceWith, healthyLocal } from '../evidence-builder';
import { allText, evidenceEnglish, expectFinding } from './expect-finding';
import { chinese, english } from '../../../../../harness/english';

const CJK = /[\u4e00-\u9fff]/;

/** Both languages present, the Chinese one really Chinese. */
function expectBothLanguages(finding: Finding): void {
  for (const text of [finding.title, finding.explanation, finding.fix.text]) {
    expect(english(text)).not.toBe(text.code);
    expect(chinese(text)).toMatch(CJK);
  }
}

/** The engine error as readActiveSettings gives it: docker's own stderr quoted as its `detail`. */
function engineError(stderr: string): Evidence['local']['engine']['error'] {
  return { code: 'engine-unreachable', key: 'common.error.internal', params: { detail: stderr } };
}

const PERMISSION_DENIED =
  'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.24/info": dial unix /var/run/docker.sock: connect: permission denied';
const NO_DAEMON = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';

describe('LOCAL_DETECTORS', () => {
  it('lists each local detector once', () => {
    const ids = LOCAL_DETECTORS.map((detector) => detector.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(
      [
        'certs-d-redirect',
        'credsstore-helper-missing',
        'daemon-json-invalid',
        'docker-socket-permission',
        'engine-not-running',
        'flag-conflict',
        'hosted-as-mirror',
        'image-without-host',
        'mirror-not-serving-hub',
        'mirror-refuses-anonymous',
        'plaintext-credentials',
      ].sort(),
    );
  });

  it('finds nothing on the healthy machine, with or without a registry examined', () => {
    for (const detector of LOCAL_DETECTORS) {
      expect(detector.detect(evidenceWith()), detector.id).toBeNull();
      expect(detector.detect(evidenceWith({ registry: {}, image: 'registry.test:5000/team/app:1', mirrors: [] })), detector.id).toBeNull();
    }
  });
});

describe('daemon-json-invalid', () => {
  const path = '/etc/docker/daemon.json';
  const errorOf = (text: string): Evidence['local']['daemonJson']['error'] => {
    try {
      parseDaemonJson(text, path);
    } catch (error) {
      return toErrorValue(error);
    }
    throw new Error('expected the text to be refused');
  };

  it('reports the parser error with its path:line:column as an error', () => {
    const error = errorOf('{\n  "registry-mirrors": ["https://mirror.test"],\n}\n');
    const finding = expectFinding(daemonJsonInvalid, evidenceWith({ local: { daemonJson: { path, exists: true, settings: null, keys: [], error } } }));
    expect(finding.severity).toBe('error');
    expect(finding.evidence).toEqual([{ kind: 'file', source: expect.stringMatching(/^\/etc\/docker\/daemon\.json(?::2:46)?$/), detail: '', text: { code: error?.key, params: error?.params } }]);
    expect(evidenceEnglish(finding.evidence[0])).toContain('trailing comma after the last entry');
    expect(english(finding.explanation)).toContain(`unable to configure the Docker daemon with file ${path}: invalid character`);
    expect(finding.fix.command).toBe('dockside rollback');
    expect(finding.fix.action).toEqual({ kind: 'rollback' });
    expectBothLanguages(finding);
  });

  it('reports a registry key of the wrong type', () => {
    const error = errorOf('{"insecure-registries": "registry.test:5000"}');
    const finding = expectFinding(daemonJsonInvalid, evidenceWith({ local: { daemonJson: { path, exists: true, settings: null, keys: [], error } } }));
    expect(finding.evidence[0]?.source).toMatch(/^\/etc\/docker\/daemon\.json(?::1:25)?$/);
    expect(evidenceEnglish(finding.evidence[0])).toContain('"insecure-registries" must be a list of strings');
  });

  it('names the line and column the reader gives (the evidence source, as editors link it)', () => {
    const error = { code: 'daemon-json-invalid', key: 'common.error.internal', params: { path, line: 2, column: 46, detail: 'trailing comma' } } as const;
    const finding = expectFinding(daemonJsonInvalid, evidenceWith({ local: { daemonJson: { path, exists: true, settings: null, keys: [], error } } }));
    expect(finding.evidence[0]?.source).toBe(`${path}:2:46`);
  });

  it('leaves alone a file this user cannot read (dockerd, as root, can)', () => {
    const error = { code: 'daemon-json-unreadable', key: 'common.error.internal', params: { detail: `Cannot read ${path}: EACCES: permission denied.` } } as const;
    expect(daemonJsonInvalid.detect(evidenceWith({ local: { daemonJson: { path, exists: true, settings: null, keys: [], error } } }))).toBeNull();
  });
});

describe('engine-not-running and docker-socket-permission', () => {
  const stopped = (socketExists: boolean) =>
    evidenceWith({ local: { engine: { running: false, active: null, error: engineError(NO_DAEMON), socket: { path: '/var/run/docker.sock', exists: socketExists, accessible: socketExists }, flagConflicts: [] } } });
  const denied = evidenceWith({
    local: { engine: { running: false, active: null, error: engineError(PERMISSION_DENIED), socket: { path: '/var/run/docker.sock', exists: true, accessible: false }, flagConflicts: [] } },
  });

  it('reports a stopped engine, quoting docker info and the missing socket', () => {
    const finding = expectFinding(engineNotRunning, stopped(false));
    expect(finding.severity).toBe('error');
    expect(finding.evidence).toEqual([
      { kind: 'command', source: "docker info --format '{{json .RegistryConfig}}'", detail: NO_DAEMON },
      { kind: 'file', source: '/var/run/docker.sock', detail: '', text: { code: 'doctor.evidence.socket.missing', params: {} } },
    ]);
    expect(english(finding.fix.text)).toContain('sudo systemctl start docker');
    expect(chinese(finding.fix.text)).toContain('sudo systemctl start docker');
    expect(finding.fix.command).toBeNull();
    expect(dockerSocketPermission.detect(stopped(false))).toBeNull();
    expectBothLanguages(finding);
  });

  it('names an invalid daemon.json as what keeps the engine down', () => {
    const evidence = stopped(false);
    evidence.local.daemonJson.error = { code: 'daemon-json-invalid', key: 'common.error.internal', params: { detail: '/etc/docker/daemon.json:1:2: expected a value' } };
    expect(english(expectFinding(engineNotRunning, evidence).explanation)).toContain('fix that first');
    expect(english(expectFinding(engineNotRunning, stopped(true)).explanation)).not.toContain('fix that first');
  });

  it('reports permission denied on the socket as the docker group problem, not as a stopped engine', () => {
    const finding = expectFinding(dockerSocketPermission, denied);
    expect(finding.severity).toBe('error');
    expect(finding.evidence[0]).toEqual({ kind: 'command', source: "docker info --format '{{json .RegistryConfig}}'", detail: PERMISSION_DENIED });
    expect(evidenceEnglish(finding.evidence[1])).toBe('exists, but this user may not read and write it');
    expect(english(finding.fix.text)).toContain('sudo usermod -aG docker $USER');
    expect(english(finding.fix.text)).toMatch(/equivalent to root/);
    expect(chinese(finding.fix.text)).toContain('sudo usermod -aG docker $USER');
    expect(chinese(finding.fix.text)).toContain('root');
    expect(engineNotRunning.detect(denied)).toBeNull();
    expectBothLanguages(finding);
  });

  it('reports an unreadable socket even when the error text does not say why', () => {
    const evidence = evidenceWith({ local: { engine: { running: false, active: null, error: null, socket: { path: '/run/user/1000/docker.sock', exists: true, accessible: false }, flagConflicts: [] } } });
    expect(english(expectFinding(dockerSocketPermission, evidence).title)).toContain('/run/user/1000/docker.sock');
  });

  it('leaves a running engine alone, even with a socket this user cannot open (root, or another DOCKER_HOST)', () => {
    const evidence = evidenceWith({ local: { engine: { socket: { path: '/var/run/docker.sock', exists: true, accessible: false } } } });
    expect(dockerSocketPermission.detect(evidence)).toBeNull();
    expect(engineNotRunning.detect(evidence)).toBeNull();
  });
});

describe('flag-conflict', () => {
  it("reports a daemon.json key also given as a flag, with dockerd's own words", () => {
    const finding = expectFinding(flagConflict, evidenceWith({ local: { daemonJson: { keys: ['registry-mirrors'] }, engine: { flagConflicts: ['registry-mirrors'] } } }));
    expect(finding.severity).toBe('error');
    expect(finding.evidence).toEqual([
      { kind: 'file', source: '/etc/docker/daemon.json ("registry-mirrors")', detail: '"registry-mirrors"', text: { code: 'doctor.evidence.flag-conflict.file', params: {} } },
      { kind: 'command', source: 'dockerd', detail: '--registry-mirror', text: { code: 'doctor.evidence.flag-conflict.flag', params: {} } },
    ]);
    for (const lang of ['en', 'zh-CN'] as const) expect(allText(finding, lang)).toContain('the following directives are specified both as a flag and in the configuration file');
    expectBothLanguages(finding);
  });

  it('leaves alone daemon.json keys no flag repeats', () => {
    expect(flagConflict.detect(evidenceWith({ local: { daemonJson: { keys: ['registry-mirrors', 'log-driver'] } } }))).toBeNull();
  });
});

describe('plaintext-credentials', () => {
  const path = '/home/dev/.docker/config.json';
  const auth = Buffer.from('dev:s3cret-Passw0rd').toString('base64');

  it('lists the registries whose password config.json holds, never the secret', () => {
    const config = { auths: { 'registry.test:5000': { auth }, 'nexus.test:8443': { identitytoken: 'tok-abc123' }, 'other.test': {} } };
    const finding = expectFinding(plaintextCredentials, evidenceWith({ local: { config: { path, config, error: null }, helpers: {} } }));
    expect(finding.severity).toBe('warning');
    expect(english(finding.title)).toContain('registry.test:5000');
    expect(english(finding.title)).toContain('nexus.test:8443');
    expect(english(finding.title)).not.toContain('other.test');
    expect(finding.evidence.map((item) => item.source)).toEqual([`${path} (auths["registry.test:5000"])`, `${path} (auths["nexus.test:8443"])`]);
    expect(finding.evidence[0]?.detail).toContain('"auth"');
    const serialized = JSON.stringify(finding);
    for (const secret of [auth, 's3cret-Passw0rd', 'tok-abc123']) expect(serialized).not.toContain(secret);
    for (const lang of ['en', 'zh-CN'] as const) expect(allText(finding, lang)).toContain('WARNING! Your password will be stored unencrypted');
    expect(finding.fix.command).toBe('dockside creds migrate');
    expect(finding.fix.action).toEqual({ kind: 'creds-migrate' });
    expectBothLanguages(finding);
  });

  it('also reports a plaintext copy that a helper shadows (credHelpers by host wins, even for a URL key)', () => {
    const config = { auths: { 'https://registry.test:5000/v1/': { auth } }, credHelpers: { 'registry.test:5000': 'pass' } };
    const finding = expectFinding(plaintextCredentials, evidenceWith({ local: { config: { path, config, error: null }, helpers: { pass: true } } }));
    expect(evidenceEnglish(finding.evidence[0])).toContain('Docker reads docker-credential-pass instead');
    expect(english(finding.explanation)).not.toContain('WARNING!');
  });

  it('leaves alone entries a helper holds (`{}`) and an unreadable config.json', () => {
    const config = { auths: { 'registry.test:5000': {}, 'nexus.test': { email: 'dev@example.test' } }, credsStore: 'secretservice' };
    expect(plaintextCredentials.detect(evidenceWith({ local: { config: { path, config, error: null } } }))).toBeNull();
    expect(plaintextCredentials.detect(evidenceWith({ local: { config: { path, config: null, error: { code: 'docker-config-invalid', key: 'common.error.internal', params: { detail: 'bad' } } } } }))).toBeNull();
  });
});

describe('credsstore-helper-missing', () => {
  const path = '/home/dev/.docker/config.json';

  it("reports a credsStore whose helper is not on PATH, with Docker's error", () => {
    const finding = expectFinding(credsstoreHelperMissing, evidenceWith({ local: { config: { path, config: { auths: {}, credsStore: 'desktop' }, error: null }, helpers: { desktop: false } } }));
    expect(finding.severity).toBe('error');
    expect(finding.evidence).toEqual([
      { kind: 'file', source: `${path} (credsStore)`, detail: '"credsStore": "desktop"' },
      { kind: 'command', source: 'command -v docker-credential-desktop', detail: '', text: { code: 'doctor.evidence.not-on-path', params: {} } },
    ]);
    for (const lang of ['en', 'zh-CN'] as const) {
      expect(allText(finding, lang)).toContain('error getting credentials - err: exec: "docker-credential-desktop": executable file not found in $PATH');
    }
    expectBothLanguages(finding);
  });

  it('reports a credHelpers entry naming a missing helper', () => {
    const config = { credsStore: 'secretservice', credHelpers: { 'registry.test:5000': 'ecr-login' } };
    const finding = expectFinding(credsstoreHelperMissing, evidenceWith({ local: { config: { path, config, error: null }, helpers: { 'ecr-login': false } } }));
    expect(finding.evidence[0]).toEqual({ kind: 'file', source: `${path} (credHelpers["registry.test:5000"])`, detail: '"registry.test:5000": "ecr-login"' });
  });

  it('leaves alone helpers that are installed', () => {
    expect(credsstoreHelperMissing.detect(evidenceWith({ local: { helpers: { secretservice: true, pass: true } } }))).toBeNull();
  });
});

describe('certs-d-redirect', () => {
  it('reports a _default directory and a hosts.toml as a warning', () => {
    const finding = expectFinding(certsDRedirect, evidenceWith({ local: { certsD: { dir: '/etc/docker/certs.d', defaultDir: true, hostsToml: ['docker.io'] } } }));
    expect(finding.severity).toBe('warning');
    expect(finding.evidence.map((item) => item.source)).toEqual(['/etc/docker/certs.d/_default', '/etc/docker/certs.d/docker.io/hosts.toml']);
    expect(english(finding.explanation)).toMatch(/every registry/);
    expect(english(finding.explanation)).toMatch(/overrides the registry-mirrors of daemon.json/);
    expectBothLanguages(finding);
  });

  it('leaves alone ordinary registry directories', () => {
    expect(certsDRedirect.detect(evidenceWith({ local: { certsD: { dir: '/etc/docker/certs.d', defaultDir: false, hostsToml: [] } } }))).toBeNull();
  });
});

describe('image-without-host', () => {
  it('reports an image without a registry host while a registry is examined', () => {
    const finding = expectFinding(imageWithoutHost, evidenceWith({ registry: {}, image: 'app:1' }));
    expect(finding.severity).toBe('warning');
    expect(finding.evidence).toEqual([{ kind: 'command', source: 'app:1', detail: 'docker.io/library/app:1', text: { code: 'doctor.evidence.image-without-host', params: {} } }]);
    expect(english(finding.fix.text)).toContain('registry.test:5000/app:1');
    expect(english(finding.explanation)).toContain("pull access denied for app, repository does not exist or may require 'docker login'");
    expectBothLanguages(finding);
    expect(english(expectFinding(imageWithoutHost, evidenceWith({ registry: {}, image: 'team/app:1' })).fix.text)).toContain('registry.test:5000/team/app:1');
  });

  it('leaves alone a name with a host, localhost, no registry examined, or a registry that is a configured mirror', () => {
    for (const image of ['registry.test:5000/team/app:1', 'localhost/app', 'nexus.test/app', 'docker.io/library/alpine']) {
      expect(imageWithoutHost.detect(evidenceWith({ registry: {}, image })), image).toBeNull();
    }
    expect(imageWithoutHost.detect(evidenceWith({ image: 'app:1' }))).toBeNull();
    const local = healthyLocal();
    expect(imageWithoutHost.detect(evidenceWith({ registry: {}, image: 'alpine:3', local: { daemonJson: { ...local.daemonJson, settings: { mirrors: ['https://registry.test:5000'], insecureRegistries: [] } } } }))).toBeNull();
  });
});
