import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DoctorJson, DoctorJsonSchema, type Finding } from '../../shared/doctor';
import { gatherEvidence } from '../../electron/core/doctor/gather';
import { LOCAL_DETECTORS } from '../../electron/core/doctor/findings/local-findings';
import { runDoctor } from '../../electron/core/doctor/run-doctor';
import { createEngineControl } from '../../electron/core/runtimes/docker/engine/control';
import { type Exec, execProgram } from '../../electron/core/platform/exec';
import { createCleanups } from '../harness/cleanup';
import { type Dockerd, startDockerd } from '../harness/dockerd';
import { type Registry, startRegistry } from '../harness/registry';
import { run } from '../harness/run';
import { makeTempDir, type TempDir } from '../harness/tmp';
import { english } from '../harness/english';
import { evidenceEnglish } from '../harness/doctor-run';

// Issue 7, the machine's own faults, reproduced with real parts: daemon.json files dockerd
// refuses, an isolated dockerd given a key both as a flag and in its file and then stopped, the
// docker CLI run as an unprivileged user against a root-only socket, config.json and certs.d
// in temp dirs, and registries used as mirrors that are empty (hosted) or ask for login.

const cleanups = createCleanups();
let dir: TempDir;
let dockerd: Dockerd;
let empty: Registry;
let locked: Registry;

/** The docker CLI run as `nobody` (uid/gid 65534, no groups): a user outside the docker group. */
const asNobody: Exec = (command, args, options) => execProgram('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', command, ...args], options);

interface Setup {
  daemonJsonPath?: string;
  certsDir?: string;
  configDir?: string;
  dockerHost?: string;
  pidfile?: string;
  exec?: Exec;
  env?: NodeJS.ProcessEnv;
}

/** Gathers the evidence as `dockside doctor` does and runs the local detectors; the result must match the --json schema. */
async function doctor(setup: Setup = {}): Promise<DoctorJson> {
  const dockerHost = setup.dockerHost ?? dockerd.dockerHost;
  const exec = setup.exec ?? execProgram;
  const evidence = await gatherEvidence({
    registry: null,
    local: {
      daemonJsonPath: setup.daemonJsonPath ?? dir.join('absent-daemon.json'),
      certsDir: setup.certsDir ?? dir.join('absent-certs.d'),
      configDir: setup.configDir ?? dir.join('absent-docker-config'),
      engine: createEngineControl({ kind: 'pidfile', pidfile: setup.pidfile ?? dockerd.pidfile, dockerHost }, { exec }),
      target: { exec, dockerHost },
      env: setup.env ?? { ...process.env, DOCKER_HOST: dockerHost },
    },
    mirrors: true,
    image: null,
    timeoutMs: 5_000,
  });
  return DoctorJsonSchema.parse(runDoctor(evidence, LOCAL_DETECTORS));
}

function only(result: DoctorJson, id: string): Finding {
  const found = result.findings.filter((finding) => finding.id === id);
  expect(found, JSON.stringify(result, null, 2)).toHaveLength(1);
  return found[0] as Finding;
}

beforeAll(async () => {
  dir = makeTempDir('doctor-local');
  cleanups.add(() => dir.remove());
  empty = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } }));
  locked = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' }, htpasswd: { users: { dev: 'locked-pw' } } }));
  // Started with --registry-mirror; its daemon.json gets registry-mirrors only later (dockerd would refuse to start with both).
  dockerd = cleanups.track(await startDockerd({ daemonJson: { 'log-level': 'info' }, extraArgs: ['--registry-mirror', `${empty.url}/`] }));
});

afterAll(() => cleanups.run());

describe('daemon-json-invalid', () => {
  it('reports the line and column of a trailing comma, the file real dockerd refuses to start with', async () => {
    const path = dir.join('invalid-daemon.json');
    writeFileSync(path, '{\n  "registry-mirrors": ["http://mirror.test/"],\n}\n');
    const refused = await run('dockerd', ['--config-file', path, '--data-root', dir.join('never'), '--exec-root', dir.join('never-exec'), '--pidfile', dir.join('never.pid'), '-H', `unix://${dir.join('never.sock')}`], { timeoutMs: 30_000 });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`unable to configure the Docker daemon with file ${path}: invalid character '}' looking for beginning of object key string`);

    const finding = only(await doctor({ daemonJsonPath: path }), 'daemon-json-invalid');
    expect(finding.severity).toBe('error');
    expect(finding.evidence).toMatchObject([{ kind: 'file', source: `${path}:2:46`, detail: '' }]);
    expect(evidenceEnglish(finding.evidence[0])).toContain(`${path}:2:46: trailing comma after the last entry`);
    expect(finding.fix.command).toBe('dockside rollback');
  });
});

describe('docker-socket-permission', () => {
  it("reports docker info's own permission denied for a user outside the docker group, not a stopped engine", async () => {
    // The isolated daemon's socket is root's; no group or other access, as without a docker group.
    chmodSync(dockerd.socketPath, 0o660);
    const direct = await asNobody('docker', ['info'], { env: dockerd.env });
    expect(direct.code).not.toBe(0);
    expect(direct.stderr).toMatch(/permission denied/);

    const result = await doctor({ exec: asNobody });
    const finding = only(result, 'docker-socket-permission');
    expect(finding.severity).toBe('error');
    expect(finding.evidence[0]?.kind).toBe('command');
    expect(evidenceEnglish(finding.evidence[0])).toMatch(/permission denied while trying to connect to the Docker daemon socket/);
    expect(english(finding.fix.text)).toContain('sudo usermod -aG docker $USER');
    expect(result.findings.map((f) => f.id)).not.toContain('engine-not-running');
  });
});

describe('flag-conflict, then engine-not-running', () => {
  it('reports registry-mirrors set in daemon.json while dockerd runs with --registry-mirror; dockerd itself refuses the file', async () => {
    writeFileSync(dockerd.configFile, JSON.stringify({ 'log-level': 'info', 'registry-mirrors': [`${empty.url}/`] }, null, 2));
    await expect(dockerd.reload()).rejects.toThrow(/the following directives are specified both as a flag and in the configuration file/);

    const finding = only(await doctor({ daemonJsonPath: dockerd.configFile }), 'flag-conflict');
    expect(finding.severity).toBe('error');
    expect(finding.evidence).toEqual([
      { kind: 'file', source: `${dockerd.configFile} ("registry-mirrors")`, detail: '"registry-mirrors"', text: { code: 'doctor.evidence.flag-conflict.file', params: {} } },
      { kind: 'command', source: 'dockerd', detail: '--registry-mirror', text: { code: 'doctor.evidence.flag-conflict.flag', params: {} } },
    ]);
  });

  it('reports the stopped engine with docker info’s own error', async () => {
    const { dockerHost, pidfile } = dockerd;
    await dockerd.stop();
    const result = await doctor({ dockerHost, pidfile });
    const finding = only(result, 'engine-not-running');
    expect(evidenceEnglish(finding.evidence[0])).toMatch(/Cannot connect to the Docker daemon at unix:\/\/.*Is the docker daemon running\?/);
    expect(result.findings.map((f) => f.id)).not.toContain('docker-socket-permission');
  });
});

describe('config.json and certs.d', () => {
  it('reports plaintext credentials and a credHelpers entry whose helper is not on PATH', async () => {
    const configDir = dir.join('docker-config');
    mkdirSync(configDir);
    const auth = Buffer.from('dev:plain-Secret-1').toString('base64');
    writeFileSync(join(configDir, 'config.json'), JSON.stringify({ auths: { [locked.hostPort]: { auth } }, credHelpers: { 'nexus.test:8443': 'dockside-missing-helper' } }, null, '\t'));
    const result = await doctor({ configDir, env: { ...process.env, PATH: '/usr/bin:/bin' } });

    const plain = only(result, 'plaintext-credentials');
    expect(plain.evidence).toEqual([expect.objectContaining({ source: `${join(configDir, 'config.json')} (auths["${locked.hostPort}"])` })]);
    expect(plain.fix.command).toBe('dockside creds migrate');
    expect(JSON.stringify(result)).not.toContain(auth);
    expect(JSON.stringify(result)).not.toContain('plain-Secret-1');

    const missing = only(result, 'credsstore-helper-missing');
    expect(missing.evidence[0]).toEqual({ kind: 'file', source: `${join(configDir, 'config.json')} (credHelpers["nexus.test:8443"])`, detail: '"nexus.test:8443": "dockside-missing-helper"' });
    // The docker CLI's own words for a helper missing from PATH: a login the registry accepts, then the helper cannot be run.
    const storeDir = dir.join('docker-config-store');
    mkdirSync(storeDir);
    writeFileSync(join(storeDir, 'config.json'), JSON.stringify({ credsStore: 'dockside-missing-helper' }));
    const login = await run('docker', ['--config', storeDir, 'login', locked.hostPort, '-u', 'dev', '--password-stdin'], { input: 'locked-pw\n', env: { ...process.env, PATH: '/usr/bin:/bin' }, timeoutMs: 30_000 });
    expect(login.code).not.toBe(0);
    const storeResult = await doctor({ configDir: storeDir, env: { ...process.env, PATH: '/usr/bin:/bin' } });
    expect(only(storeResult, 'credsstore-helper-missing').evidence[0]).toEqual({ kind: 'file', source: `${join(storeDir, 'config.json')} (credsStore)`, detail: '"credsStore": "dockside-missing-helper"' });
    // (docker 28 here words the lookup failure differently from `executable file not found in $PATH` when run under vitest; the helper name and the store failure are what matter.)
    expect(login.stderr).toMatch(/error storing credentials - err: .*docker-credential-dockside-missing-helper/);
  });

  it('reports a certs.d _default directory and a hosts.toml', async () => {
    const certsDir = dir.join('certs.d');
    mkdirSync(join(certsDir, '_default'), { recursive: true });
    mkdirSync(join(certsDir, 'docker.io'));
    writeFileSync(join(certsDir, 'docker.io', 'hosts.toml'), 'server = "https://registry-1.docker.io"\n\n[host."http://mirror.test:8001"]\n  capabilities = ["pull", "resolve"]\n');
    const finding = only(await doctor({ certsDir }), 'certs-d-redirect');
    expect(finding.evidence.map((item) => item.source)).toEqual([join(certsDir, '_default'), join(certsDir, 'docker.io', 'hosts.toml')]);
  });
});

describe('configured mirrors', () => {
  it('reports an empty registry as a hosted repository used as mirror, and one asking for login as refusing anonymous pulls', async () => {
    const path = dir.join('mirrors-daemon.json');
    writeFileSync(path, JSON.stringify({ 'registry-mirrors': [`${empty.url}/`, `${locked.url}/`] }, null, 2));
    const result = await doctor({ daemonJsonPath: path });

    const hosted = only(result, 'hosted-as-mirror');
    expect(hosted.severity).toBe('error');
    expect(hosted.evidence).toEqual([
      { kind: 'file', source: `${path} ("registry-mirrors")`, detail: `"${empty.url}/"` },
      { kind: 'http', source: `dockside mirrors probe ${empty.url}/`, detail: 'not-a-mirror', text: expect.objectContaining({ code: expect.any(String) }) },
    ]);
    expect(hosted.fix.command).toBeNull();

    const refusing = only(result, 'mirror-refuses-anonymous');
    expect(refusing.evidence[1]).toEqual({ kind: 'http', source: `dockside mirrors probe ${locked.url}/`, detail: 'auth-required', text: expect.objectContaining({ code: expect.any(String) }) });
    expect(result.findings.map((f) => f.id)).not.toContain('mirror-not-serving-hub');
  });

  it('reports a mirror that does not answer', async () => {
    const path = dir.join('dead-mirror-daemon.json');
    writeFileSync(path, JSON.stringify({ 'registry-mirrors': ['http://127.0.0.1:9/'] }));
    const finding = only(await doctor({ daemonJsonPath: path }), 'mirror-not-serving-hub');
    expect(finding.severity).toBe('warning');
    expect(finding.fix.command).toBe('dockside mirrors clear');
  });
});
