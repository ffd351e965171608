import { createHash } from 'node:crypto';
import { chmodSync, chownSync, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeJsonSchema, ErrorJsonSchema } from '../../shared/cli';
import type { ErrorValue } from '../../shared/result';
import { type PrivilegedResult, PrivilegedEventSchema } from '../../shared/plan';
import { type ApplyRequest, PRIVILEGED_REQUEST_MAX_BYTES, PrivilegedRequestSchema } from '../../shared/privileged';
import { type CertificateAuthority, createCa, issueCert } from '../harness/certs';
import { createCleanups } from '../harness/cleanup';
import { handWrittenApplyRequest } from '../harness/hand-written-request';
import { type Dockerd, startDockerd } from '../harness/dockerd';
import { type EngineOverride, writeEngineOverride } from '../harness/engine-override-file';
import { addHosts } from '../harness/hosts';
import { freePort } from '../harness/ports';
import { startRegistry } from '../harness/registry';
import { installAsRoot, notRootOnly, type RootInstall } from '../harness/root-install';
import type { RunResult } from '../harness/run';
import { allowSudo, createUser, rootProcessesMentioning, type SudoersFile, type SudoRule, type UnprivilegedUser } from '../harness/sudo-user';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';

// Issue 17, Done-when 1: the elevated entry (out/main/privileged.js) as users reach it — an
// unprivileged user, a root-owned install as `sudo npm install -g` leaves it, and a sudoers entry
// allowing exactly `/usr/bin/node <install>/out/main/privileged.js *` — and that user trying to
// abuse it with hand-crafted requests (each attack of the issue's "Why"), then the normal CLI
// flows through the same sudo path. The engine is an isolated dockerd that the root-owned
// /etc/dockside/engine.json names; CAs go to the machine's /etc/docker/certs.d (test names only).

const CERTS_D = '/etc/docker/certs.d';
/** Where the fake dockerd's --config-file points: root writing it would give the user root. */
const PWN = '/etc/sudoers.d/dockside-pwn';
const VAR_LIB_DOCKSIDE = '/var/lib/dockside';
const suffix = uniqueSuffix();
const REG_HOST = `reg-${suffix}.dockside.test`;
const mirrorUrl = (name: string): string => `http://${name}-${suffix}.dockside.test:5000/`;

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const cleanups = createCleanups();

let dir: TempDir;
let install: RootInstall;
let user: UnprivilegedUser;
let sudoers: SudoersFile;
let strictRule: SudoRule;
let dockerd: Dockerd;
let override: EngineOverride;
let stateDir: string;
let ca: CertificateAuthority;
let regHostPort: string;
/** The user's impostor: a copy of /bin/sh named dockerd, started with `--config-file PWN`. */
let fake: { pid: number; exe: string; pidfile: string; runsLog: string };
/** Where the user's `ssh` on its PATH writes its uid each time something runs it. */
let sshMarker: string;
let varLibDocksideExisted: boolean;

let requestCount = 0;
const newId = (): string => `e2e-${suffix}-${String(++requestCount).padStart(4, '0')}`;
const encode = (request: unknown): string => Buffer.from(JSON.stringify(request)).toString('base64');
const currentDigest = (): string => sha256(readFileSync(dockerd.configFile));

/** A hand-written apply request that reloads: nothing changes unless `parts` says so. */
function applyRequest(parts: Partial<ApplyRequest> = {}): ApplyRequest {
  return handWrittenApplyRequest(newId(), currentDigest(), { engineAction: 'reload', ...parts });
}

interface Elevated extends RunResult {
  /** The last stdout line as the entry's result event, or null when it is not one (sudo refused, the entry crashed). */
  result: PrivilegedResult | null;
}

/** `sudo -n [VAR=value...] /usr/bin/node <script> <argument>` as the user. */
async function elevate(argument: string | null, options: { script?: string; sudoEnv?: Record<string, string>; env?: Record<string, string> } = {}): Promise<Elevated> {
  const assignments = Object.entries(options.sudoEnv ?? {}).map(([key, value]) => `${key}=${value}`);
  const argv = ['-n', ...assignments, '/usr/bin/node', options.script ?? install.privileged, ...(argument === null ? [] : [argument])];
  const ran = await user.run('sudo', argv, { env: options.env, timeoutMs: 120_000 });
  return { ...ran, result: resultOf(ran.stdout) };
}

function resultOf(stdout: string): PrivilegedResult | null {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  try {
    const event = PrivilegedEventSchema.parse(JSON.parse(last));
    return event.type === 'result' ? event : null;
  } catch {
    return null;
  }
}

const shown = (elevated: RunResult): string => `exit ${elevated.code}\nstdout: ${elevated.stdout.slice(-3000)}\nstderr: ${elevated.stderr.slice(-2000)}`;

/** Exit 1, a failed result event with `code` (any code when undefined) and a message, and none of `secrets` anywhere in the output. */
function expectRefused(elevated: Elevated, code: string | readonly string[] | undefined, secrets: readonly string[] = [], exitCodes: readonly number[] = [1]): void {
  expect(exitCodes, shown(elevated)).toContain(elevated.code);
  expect(elevated.result, `the last stdout line is not a result event: ${shown(elevated)}`).not.toBeNull();
  expect(elevated.result?.outcome, shown(elevated)).toBe('failed');
  const error = elevated.result?.error;
  // Codes only: the elevated process never renders a sentence; the caller does, in the user's language.
  expect(error?.key, shown(elevated)).toMatch(/\S/);
  expect(error?.message, shown(elevated)).toBeUndefined();
  if (typeof code === 'string') expect(error?.code, shown(elevated)).toBe(code);
  else if (code !== undefined) expect(code, shown(elevated)).toContain(error?.code);
  // Any specific refusal, not one that would come for another reason than the content under test.
  else expect(['invalid-request', 'file-changed', 'target-refused', 'unsafe-install'], shown(elevated)).not.toContain(error?.code);
  for (const secret of secrets) {
    expect(elevated.stdout.includes(secret) || elevated.stderr.includes(secret), `the output quotes ${JSON.stringify(secret.slice(0, 40))}: ${shown(elevated)}`).toBe(false);
  }
}

/** Path -> sha256, `dir` or `link:<target>` of every entry below `root` (mode and owner too). */
function tree(root: string, options: { depth?: number; skip?: (name: string) => boolean } = {}): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (path: string, depth: number): void => {
    let entries: string[];
    try {
      entries = readdirSync(path);
    } catch {
      return;
    }
    for (const name of entries) {
      if (options.skip?.(name)) continue;
      const child = join(path, name);
      let stat;
      try {
        stat = lstatSync(child);
      } catch {
        continue;
      }
      const owner = `${stat.uid}:${stat.gid}:${(stat.mode & 0o7777).toString(8)}`;
      if (stat.isSymbolicLink()) result[child] = `link:${readlinkSync(child)}`;
      else if (stat.isDirectory()) {
        result[child] = `dir ${owner}`;
        if (depth > 1) walk(child, depth - 1);
      } else result[child] = `${stat.isFile() ? sha256(readFileSync(child)) : 'special'} ${owner}`;
    }
  };
  walk(root, options.depth ?? 20);
  return result;
}

/** What a refused request must leave exactly as it was. */
function machineSnapshot() {
  const daemonJson = statSync(dockerd.configFile);
  return {
    daemonJson: { sha256: currentDigest(), mtimeMs: daemonJson.mtimeMs, mode: daemonJson.mode, uid: daemonJson.uid },
    // The daemon's dir (a backup beside daemon.json, a temp file), not what dockerd itself keeps writing.
    dockerdDir: tree(dockerd.dir, { depth: 1, skip: (name) => name === 'dockerd.log' }),
    // The change lock (empty) is root's own, made by the first request that gets as far as taking it.
    stateDir: tree(stateDir, { skip: (name) => name === 'change.lock' }),
    // Other suites' test hosts come and go meanwhile (they share certs.d); anything else there counts.
    certsD: tree(CERTS_D, { skip: (name) => /\.dockside\.test(:\d+)?$/.test(name) && !name.includes(suffix) }),
    sudoersD: tree('/etc/sudoers.d'),
    etcDockside: tree('/etc/dockside'),
    etcNames: readdirSync('/etc').sort(),
    // certs.d itself is created and removed by other suites' CAs; its content is compared above.
    etcDockerNames: existsSync('/etc/docker') ? readdirSync('/etc/docker').filter((name) => name !== 'certs.d').sort() : [],
    home: tree(user.home),
    varLibDockside: existsSync(VAR_LIB_DOCKSIDE),
    pwn: existsSync(PWN),
    sshRuns: existsSync(sshMarker) ? readFileSync(sshMarker, 'utf8') : null,
    fakeDockerd: { pid: Number(readFileSync(fake.pidfile, 'utf8')), alive: isRunning(fake.pid), runs: readFileSync(fake.runsLog, 'utf8') },
    dockerdPid: dockerd.pid(),
    rootProcessesOfUser: rootProcessesMentioning(user.home),
  };
}

function isRunning(pid: number): boolean {
  try {
    return !/^\S+ \([^)]*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Backups are root's (0600: daemon.json can hold proxy credentials), in a root-owned place: the
 * state dir engine.json names, or daemon.json's own directory (the seeds' dated `.bak` beside it).
 */
function expectRootBackups(backups: readonly { path: string; backup: string | null }[]): void {
  for (const { path, backup } of backups) {
    if (backup === null) continue;
    expect([stateDir, dirname(path)].some((place) => backup.startsWith(`${place}/`)), `${backup} is neither in ${stateDir} nor beside ${path}`).toBe(true);
    expect(statSync(backup), backup).toMatchObject({ uid: 0, gid: 0 });
    expect(statSync(backup).mode & 0o777, backup).toBe(0o600);
  }
}

async function activeMirrors(): Promise<string[]> {
  return ((await dockerd.info()).RegistryConfig.Mirrors ?? []).map(String);
}

function fileMirrors(): unknown {
  return (JSON.parse(readFileSync(dockerd.configFile, 'utf8')) as Record<string, unknown>)['registry-mirrors'];
}

/** The user's CLI, as it runs from a terminal-less script: PATH has the install's bin and sudo. */
async function userDockside(args: readonly string[], env: Record<string, string> = {}): Promise<RunResult> {
  return user.run('dockside', [...args], { env, timeoutMs: 180_000 });
}

function cliError(result: RunResult): ErrorValue | undefined {
  try {
    return ErrorJsonSchema.parse(JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '')).error;
  } catch {
    return undefined;
  }
}

beforeAll(async () => {
  varLibDocksideExisted = existsSync(VAR_LIB_DOCKSIDE);
  cleanups.add(() => {
    // The elevated side must use engine.json's stateDir; if it made the default one anyway, it goes.
    if (!varLibDocksideExisted) rmSync(VAR_LIB_DOCKSIDE, { recursive: true, force: true });
  });
  dir = makeTempDir('elevated-boundary');
  cleanups.add(() => dir.remove());
  // Root-owned and traversable: the user reads the journal index in the state dir below.
  chmodSync(dir.path, 0o755);

  install = installAsRoot();
  cleanups.add(() => install.remove());
  console.log(`root-owned install of out/, package.json and the production node_modules: ${install.dir} in ${install.elapsedMs.toFixed(0)} ms`);

  user = await createUser({ pathDirs: [install.binDir] });
  cleanups.add(() => user.remove());
  strictRule = { command: '/usr/bin/node', args: [install.privileged, '*'] };
  sudoers = allowSudo(user, [strictRule]);
  cleanups.add(() => sudoers.remove());

  // Registry names resolve to ::1 (Docker checks certificates there), mapped before dockerd starts.
  const hosts = addHosts([REG_HOST]);
  cleanups.add(() => hosts.remove());
  const createdCertsParents = ['/etc/docker', CERTS_D].filter((path) => !existsSync(path));
  cleanups.add(() => {
    for (const name of existsSync(CERTS_D) ? readdirSync(CERTS_D) : []) if (name.includes(suffix)) rmSync(join(CERTS_D, name), { recursive: true, force: true });
    for (const parent of createdCertsParents.reverse()) if (existsSync(parent) && readdirSync(parent).length === 0) rmdirSync(parent);
  });

  // The socket belongs to the user's group, so the user's CLI can ask this (isolated, test-only)
  // engine for its version as it previews; the daemon's dir is made traversable so it can read daemon.json.
  dockerd = cleanups.track(
    await startDockerd({ daemonJson: { 'log-level': 'info', features: { buildkit: true } }, extraArgs: ['--group', user.name] }),
  );
  chmodSync(dockerd.dir, 0o755);
  chmodSync(dockerd.configFile, 0o644);

  stateDir = dir.join('state');
  mkdirSync(stateDir, { mode: 0o755 });
  override = writeEngineOverride({
    engine: `pidfile:${dockerd.pidfile}`,
    daemonJson: dockerd.configFile,
    certsDir: CERTS_D,
    dockerHost: dockerd.dockerHost,
    stateDir,
  });
  cleanups.add(() => override.remove());

  // A TLS registry whose CA only the trust flow installs.
  ca = await createCa(dir.path, { commonName: `Dockside Boundary CA ${suffix}` });
  const port = await freePort('::1');
  const leaf = await issueCert(ca, dir.path, { commonName: REG_HOST, dnsNames: [REG_HOST] });
  cleanups.track(await startRegistry({ listen: { host: '::1', port }, tls: { certPath: leaf.chainPath, keyPath: leaf.keyPath } }));
  regHostPort = `${REG_HOST}:${port}`;

  // The user's tools: an `ssh` on its PATH that records who ran it, and the fake dockerd.
  sshMarker = join(user.home, 'ssh-ran-as');
  user.writeFile(join(user.home, 'bin', 'ssh'), `#!/bin/sh\nid -u >> ${sshMarker}\nexit 255\n`, 0o755);
  const exe = join(user.home, 'bin', 'dockerd');
  user.writeFile(exe, readFileSync('/bin/sh'), 0o755);
  const runsLog = join(user.home, 'dockerd-runs');
  user.writeFile(runsLog, '', 0o644);
  const pidfile = join(user.home, 'run', 'docker.pid');
  // `-c SCRIPT dockerd --config-file PWN ...`: /proc shows a process called dockerd, run from a
  // binary called dockerd, whose --config-file is PWN; each start appends "uid pid" to the log.
  const child = user.start(exe, ['-c', `echo "$(id -u) $$" >> ${runsLog}; while :; do sleep 1; done`, 'dockerd', '--config-file', PWN, '--pidfile', pidfile]);
  if (child.pid === undefined) throw new Error('the fake dockerd did not start');
  user.writeFile(pidfile, `${child.pid}\n`, 0o644);
  fake = { pid: child.pid, exe, pidfile, runsLog };
  for (let i = 0; i < 100 && readFileSync(runsLog, 'utf8') === ''; i++) await new Promise((r) => setTimeout(r, 20));
  expect(readFileSync(runsLog, 'utf8')).toBe(`${user.uid} ${child.pid}\n`);
  expect(readlinkSync(`/proc/${child.pid}/exe`)).toBe(exe);
});

afterAll(() => cleanups.run());

describe('the setup: a root-owned install, and a sudoers entry for exactly the elevated entry', () => {
  it('every file of the install is root-owned and writable by root only', () => {
    expect(notRootOnly(install.dir)).toEqual([]);
    expect(statSync(install.dir).mode & 0o777).toBe(0o755);
    expect(existsSync(join(install.dir, 'node_modules', '@napi-rs', 'keyring', 'package.json'))).toBe(true);
    expect(statSync(override.path)).toMatchObject({ uid: 0, gid: 0 });
    expect(statSync(override.path).mode & 0o777).toBe(0o644);
  });

  it('the user may run the elevated entry through sudo -n, and nothing else', async () => {
    const denied = [
      ['-n', '/usr/bin/id'],
      ['-n', '/usr/bin/node', '-e', 'process.exit(0)'],
      ['-n', '/usr/bin/node', '--inspect', install.privileged, 'e30='],
      ['-n', '/usr/bin/node', '--require', join(user.home, 'x.cjs'), install.privileged, 'e30='],
      ['-n', 'DOCKSIDE_STATE_DIR=/tmp', '/usr/bin/node', install.privileged, 'e30='],
    ];
    for (const argv of denied) {
      const ran = await user.run('sudo', argv);
      expect(ran.code, `sudo ${argv.join(' ')}: ${shown(ran)}`).toBe(1);
      expect(ran.stderr, `sudo ${argv.join(' ')}`).toMatch(/^sudo: /);
      expect(ran.stdout).toBe('');
    }
    const allowed = await elevate(encode({}));
    expect(allowed.result, shown(allowed)).not.toBeNull();
    expect((await user.run('id', ['-u'])).stdout.trim()).toBe(String(user.uid));
  });
});

describe('a hand-crafted request for what engine.json names', () => {
  it('applies: the baseline the refusals below are measured against', async () => {
    const url = mirrorUrl('baseline');
    const request = applyRequest({ mirrors: [url] });
    expect(PrivilegedRequestSchema.parse(request)).toEqual(request);
    const elevated = await elevate(encode(request));
    expect(elevated.code, shown(elevated)).toBe(0);
    expect(elevated.result?.outcome, shown(elevated)).toBe('applied');
    expect(fileMirrors()).toEqual([url]);
    expect(await activeMirrors()).toEqual([url]);
    expect(statSync(dockerd.configFile)).toMatchObject({ uid: 0, gid: 0 });
  });
});

describe('the attacks of issue 17, as the user through sudo: each refused, nothing written, run or read as root', () => {
  it('a fake dockerd of the user, named as the engine (target.engine pidfile:<user pidfile>): target-refused', async () => {
    const before = machineSnapshot();
    const elevated = await elevate(encode(applyRequest({ mirrors: [mirrorUrl('fake')], target: { engine: `pidfile:${fake.pidfile}` } })));
    expectRefused(elevated, 'target-refused');
    expect(machineSnapshot()).toEqual(before);
    expect(existsSync(PWN)).toBe(false);
  });

  it('the fake dockerd\'s config file named as daemon.json (target.daemonJson /etc/sudoers.d/dockside-pwn): target-refused', async () => {
    const before = machineSnapshot();
    const elevated = await elevate(encode(applyRequest({ mirrors: [mirrorUrl('pwn')], target: { daemonJson: PWN }, expectedBefore: { daemonJson: null, certs: {} } })));
    expectRefused(elevated, 'target-refused');
    expect(machineSnapshot()).toEqual(before);
    expect(existsSync(PWN)).toBe(false);
  });

  it('engineAction restart with the fake dockerd as the engine: refused, and its command line is never re-run as root', async () => {
    const before = machineSnapshot();
    const elevated = await elevate(encode(applyRequest({ mirrors: [mirrorUrl('restart')], engineAction: 'restart', target: { engine: `pidfile:${fake.pidfile}`, daemonJson: PWN } })));
    expectRefused(elevated, 'target-refused');
    // Give a re-spawned process time to show up before looking.
    await new Promise((r) => setTimeout(r, 500));
    expect(rootProcessesMentioning(fake.exe)).toEqual([]);
    expect(rootProcessesMentioning(PWN)).toEqual([]);
    expect(readFileSync(fake.runsLog, 'utf8')).toBe(`${user.uid} ${fake.pid}\n`);
    expect(isRunning(fake.pid)).toBe(true);
    expect(machineSnapshot()).toEqual(before);
    expect(existsSync(PWN)).toBe(false);
  });

  it('a certs dir of the caller\'s choosing (target.certsDir /etc/sudoers.d) with a CA: target-refused', async () => {
    const before = machineSnapshot();
    const elevated = await elevate(encode(applyRequest({ trust: [{ host: regHostPort, caPem: ca.pem }], target: { certsDir: '/etc/sudoers.d' }, expectedBefore: { certs: { [regHostPort]: null } } })));
    expectRefused(elevated, 'target-refused');
    expect(machineSnapshot()).toEqual(before);
  });

  it('a pidfile naming a root-only file (target.engine pidfile:/etc/shadow): refused, and no part of it is read back', async () => {
    const shadow = readFileSync('/etc/shadow', 'utf8');
    // Every line's name and hash (when it has one): what a leak of "the first 40 characters" would show.
    const secrets = [shadow.slice(0, 20), ...shadow.split('\n').filter((line) => /^[^:]+:[^:*!]{2,}/.test(line)).map((line) => line.slice(0, 20))];
    const before = machineSnapshot();
    const elevated = await elevate(encode(applyRequest({ mirrors: [mirrorUrl('shadow')], target: { engine: 'pidfile:/etc/shadow' } })));
    expectRefused(elevated, 'target-refused', secrets);
    expect(machineSnapshot()).toEqual(before);
  });

  it('a caller-chosen Docker host (target.dockerHost ssh://attacker@127.0.0.1, tcp://127.0.0.1:2375): target-refused, no ssh run', async () => {
    for (const dockerHost of ['ssh://attacker@127.0.0.1', 'tcp://127.0.0.1:2375']) {
      const before = machineSnapshot();
      const elevated = await elevate(encode(applyRequest({ mirrors: [mirrorUrl('ssh')], target: { dockerHost } })), { env: { PATH: `${join(user.home, 'bin')}:/usr/bin:/bin` } });
      expectRefused(elevated, 'target-refused');
      expect(machineSnapshot()).toEqual(before);
    }
    expect(existsSync(sshMarker)).toBe(false);
  });

  describe('hostile content in a request for the right target', () => {
    const privateKeyBody = (): string => readFileSync(ca.keyPath, 'utf8').split('\n')[1] ?? 'no key line';
    const cases: Array<{ name: string; request: () => unknown; code: string | readonly string[] | undefined; secrets?: () => string[] }> = [
      { name: 'a mirror that closes the JSON string and adds "hosts"', request: () => applyRequest({ mirrors: ['http://x","hosts":["tcp://127.0.0.1:2375"],"a":"'] }), code: 'invalid-mirror' },
      { name: 'a mirror that is a tcp:// Docker API address', request: () => applyRequest({ mirrors: ['tcp://127.0.0.1:2375'] }), code: 'invalid-mirror' },
      { name: 'a mirror with credentials in it', request: () => applyRequest({ mirrors: ['http://me:hunter2-secret@mirror.example:5000/'] }), code: 'invalid-mirror', secrets: () => ['hunter2-secret'] },
      { name: 'an insecure registry that closes the JSON string', request: () => applyRequest({ insecureRegistries: ['127.0.0.1:5000","hosts":["tcp://0.0.0.0:2375'] }), code: undefined },
      { name: 'an unknown top-level key "hosts"', request: () => ({ ...applyRequest({ mirrors: [mirrorUrl('hosts')] }), hosts: ['tcp://127.0.0.1:2375'] }), code: 'invalid-request' },
      { name: 'an unknown top-level key "data-root"', request: () => ({ ...applyRequest({ mirrors: [mirrorUrl('dataroot')] }), 'data-root': join(user.home, 'root') }), code: 'invalid-request' },
      { name: 'an unknown key in target ("stateDir" of the user)', request: () => applyRequest({ target: { stateDir: join(user.home, 'state') } as ApplyRequest['target'] }), code: 'invalid-request' },
      {
        name: 'an old-style plan of effects (v1: write-file daemon-json {"hosts":[...]}, a ca-cert 0666 into sudoers.d)',
        request: () => ({
          version: 1,
          id: newId(),
          action: 'apply',
          reason: 'Dockside needs administrator rights',
          engine: { kind: 'pidfile', pidfile: fake.pidfile },
          steps: [
            { type: 'write-file', role: 'daemon-json', path: dockerd.configFile, content: '{"hosts":["tcp://127.0.0.1:2375"]}\n', mode: 0o644, beforeSha256: currentDigest() },
            { type: 'write-file', role: 'ca-cert', path: PWN, content: `${user.name} ALL=(ALL) NOPASSWD: ALL\n`, mode: 0o666, beforeSha256: null },
            { type: 'restart-engine' },
          ],
        }),
        code: 'invalid-request',
      },
      { name: 'a CA that is not a certificate', request: () => applyRequest({ trust: [{ host: regHostPort, caPem: 'not a certificate' }], expectedBefore: { certs: { [regHostPort]: null } } }), code: 'invalid-ca', secrets: () => ['not a certificate'] },
      {
        name: 'a real CA followed by a PRIVATE KEY block',
        request: () => applyRequest({ trust: [{ host: regHostPort, caPem: `${ca.pem}${readFileSync(ca.keyPath, 'utf8')}` }], expectedBefore: { certs: { [regHostPort]: null } } }),
        code: 'invalid-ca',
        secrets: () => [privateKeyBody()],
      },
      { name: 'a CA for host ../../sudoers.d', request: () => applyRequest({ trust: [{ host: '../../sudoers.d', caPem: ca.pem }], expectedBefore: { certs: { '../../sudoers.d': null } } }), code: undefined },
      { name: 'a CA for host reg/../../../sudoers.d:5000', request: () => applyRequest({ trust: [{ host: 'reg/../../../sudoers.d:5000', caPem: ca.pem }], expectedBefore: { certs: { 'reg/../../../sudoers.d:5000': null } } }), code: undefined },
      { name: 'untrust of host ../../sudoers.d', request: () => applyRequest({ untrust: ['../../sudoers.d'], expectedBefore: { certs: { '../../sudoers.d': null } } }), code: undefined },
      { name: 'docker.io as an insecure registry without allowPublicRegistry', request: () => applyRequest({ insecureRegistries: ['docker.io'] }), code: 'public-registry' },
      { name: 'a CA for docker.io without allowPublicRegistry', request: () => applyRequest({ trust: [{ host: 'docker.io', caPem: ca.pem }], expectedBefore: { certs: { 'docker.io': null } } }), code: 'public-registry' },
      { name: 'a CA for registry-1.docker.io without allowPublicRegistry', request: () => applyRequest({ trust: [{ host: 'registry-1.docker.io', caPem: ca.pem }], expectedBefore: { certs: { 'registry-1.docker.io': null } } }), code: 'public-registry' },
    ];
    it.each(cases)('$name: refused ($code)', async ({ request, code, secrets }) => {
      const crafted = request();
      // Only the schema's own refusals are meant to fail the schema: the rest must reach the checks behind it.
      expect(PrivilegedRequestSchema.safeParse(crafted).success, JSON.stringify(crafted).slice(0, 300)).toBe(code !== 'invalid-request');
      const before = machineSnapshot();
      const elevated = await elevate(encode(crafted));
      expectRefused(elevated, code, secrets?.() ?? []);
      expect(machineSnapshot()).toEqual(before);
      expect(readFileSync(dockerd.configFile, 'utf8')).not.toContain('hosts');
      expect(existsSync(PWN)).toBe(false);
    });
  });

  describe('the argument itself', () => {
    it('not base64 JSON (text, raw JSON, base64 of a broken JSON, none at all): invalid-request', async () => {
      for (const argument of ['not base64!', '{"version":2}', Buffer.from('[').toString('base64'), Buffer.from('{"version":2,').toString('base64'), 'a b']) {
        const before = machineSnapshot();
        const elevated = await elevate(argument);
        expectRefused(elevated, 'invalid-request', [], [1, 2]);
        expect(machineSnapshot()).toEqual(before);
      }
      // No argument at all does not match `privileged.js *`: sudo itself refuses, nothing runs as root.
      const bare = await elevate(null);
      expect(bare.code, shown(bare)).toBe(1);
      expect(bare.stderr).toMatch(/^sudo: /);
      expect(bare.result).toBeNull();
    });

    it('a request over 96 KiB never reaches root: Linux refuses an argument of 128 KiB, and the largest one that fits is refused', async () => {
      // 96 KiB of JSON is 128 KiB of base64, Linux's MAX_ARG_STRLEN (the NUL included): the
      // smallest request over the cap cannot even be handed to sudo.
      const over = encode({ ...applyRequest(), pad: 'x'.repeat(PRIVILEGED_REQUEST_MAX_BYTES) });
      const refusedByExec = await elevate(over).then(
        (elevated) => elevated,
        (error: Error) => error,
      );
      if (refusedByExec instanceof Error) expect(refusedByExec.message).toMatch(/E2BIG/);
      else expectRefused(refusedByExec, ['request-too-large', 'invalid-request']);

      // The largest argument exec takes: 131071 bytes of base64, that is 98301 bytes of JSON, here
      // schema-shaped (mirrors of at most 2048 characters), the last mirror sized to fill it exactly.
      const maxJson = Math.floor((128 * 1024 - 1) / 4) * 3;
      const base = applyRequest({ mirrors: [] });
      const mirrors: string[] = [];
      const size = (): number => Buffer.byteLength(JSON.stringify({ ...base, mirrors }));
      while (maxJson - size() > 3000) mirrors.push(`http://m${mirrors.length}.example/${'a'.repeat(1980)}`);
      mirrors.push('http://la.example/', 'http://lb.example/');
      const left = maxJson - size();
      mirrors[mirrors.length - 2] += 'b'.repeat(Math.floor(left / 2));
      mirrors[mirrors.length - 1] += 'c'.repeat(left - Math.floor(left / 2));
      const request = JSON.stringify({ ...base, mirrors });
      expect(Buffer.byteLength(request)).toBe(maxJson);
      expect(PrivilegedRequestSchema.safeParse(JSON.parse(request)).success).toBe(true);
      const argument = Buffer.from(request).toString('base64');
      expect(argument.length).toBeLessThan(128 * 1024);
      expect(argument.length).toBeGreaterThan(128 * 1024 - 8);
      const before = machineSnapshot();
      const elevated = await elevate(argument);
      expectRefused(elevated, undefined);
      expect(machineSnapshot()).toEqual(before);
    });
  });

  it('sudo with SETENV passing DOCKSIDE_STATE_DIR, HOME, XDG_*, PATH, DOCKER_HOST=ssh://, DOCKSIDE_DAEMON_JSON: ignored; the change goes where engine.json says', async () => {
    sudoers.set([{ ...strictRule, setenv: true }]);
    try {
      const homeBefore = tree(user.home);
      const stateBefore = tree(stateDir);
      const url = mirrorUrl('setenv');
      const sudoEnv = {
        DOCKSIDE_STATE_DIR: join(user.home, 'state'),
        HOME: user.home,
        XDG_STATE_HOME: join(user.home, 'xdg-state'),
        XDG_CONFIG_HOME: join(user.home, 'xdg-config'),
        XDG_RUNTIME_DIR: join(user.home, 'xdg-runtime'),
        PATH: `${join(user.home, 'bin')}:/usr/bin:/bin`,
        DOCKER_HOST: 'ssh://attacker@127.0.0.1',
        DOCKER_CONFIG: join(user.home, 'docker-config'),
        DOCKSIDE_DAEMON_JSON: PWN,
        DOCKSIDE_CERTS_DIR: '/etc/sudoers.d',
        DOCKSIDE_ENGINE: `pidfile:${fake.pidfile}`,
      };
      const elevated = await elevate(encode(applyRequest({ mirrors: [url] })), { sudoEnv, env: { PATH: sudoEnv.PATH } });
      expect(elevated.code, shown(elevated)).toBe(0);
      expect(elevated.result?.outcome, shown(elevated)).toBe('applied');
      expect(fileMirrors()).toEqual([url]);
      expect(await activeMirrors()).toEqual([url]);
      // The journal is root's, in engine.json's stateDir; the backups root's own; nothing in the user's home.
      const stateAfter = tree(stateDir);
      const journaled = Object.keys(stateAfter).filter((path) => stateAfter[path] !== stateBefore[path]);
      expect(journaled.length, `nothing new or changed in ${stateDir}`).toBeGreaterThan(0);
      expect(Object.values(stateAfter).filter((kind) => !kind.includes(' 0:0:')), 'everything in the state dir is root\'s').toEqual([]);
      expectRootBackups(elevated.result?.backups ?? []);
      expect(tree(user.home)).toEqual(homeBefore);
      expect(existsSync(sshMarker)).toBe(false);
      expect(existsSync(PWN)).toBe(false);
      expect(readFileSync(fake.runsLog, 'utf8')).toBe(`${user.uid} ${fake.pid}\n`);
      if (!varLibDocksideExisted) expect(existsSync(VAR_LIB_DOCKSIDE)).toBe(false);
    } finally {
      sudoers.set([strictRule]);
    }
  });

  describe('a user-writable install allowed by sudoers: unsafe-install before anything else', () => {
    const attempts: Array<{ name: string; place: () => string }> = [
      {
        name: 'privileged.js owned by the user (npm install -g into a user prefix)',
        place: () => {
          const copy = join(user.home, 'npm-global', 'lib', 'node_modules', 'dockside', 'out', 'main', 'privileged.js');
          user.writeFile(copy, readFileSync(install.privileged), 0o644);
          return copy;
        },
      },
      {
        name: 'privileged.js owned by root in a directory the user owns',
        place: () => {
          const copy = join(user.home, 'prefix', 'out', 'main', 'privileged.js');
          user.writeFile(copy, '', 0o644);
          copyFileSync(install.privileged, copy);
          chownSync(copy, 0, 0);
          return copy;
        },
      },
    ];

    it.each(attempts)('$name', async ({ place }) => {
      const copy = place();
      sudoers.set([strictRule, { command: '/usr/bin/node', args: [copy, '*'] }]);
      try {
        const before = machineSnapshot();
        const elevated = await elevate(encode(applyRequest({ mirrors: [mirrorUrl('unsafe')] })), { script: copy });
        expectRefused(elevated, 'unsafe-install');
        expect(machineSnapshot()).toEqual(before);
      } finally {
        sudoers.set([strictRule]);
      }
    });
  });

  describe('engine.json naming a place the user can write (an administrator\'s mistake): unsafe-path, nothing written through it', () => {
    /** engine.json replaced for one test, then put back as it was. */
    async function withOverride(content: Parameters<typeof writeEngineOverride>[0], body: () => Promise<void>): Promise<void> {
      const original = override.content;
      override.remove();
      override = writeEngineOverride(content);
      try {
        await body();
      } finally {
        override.remove();
        override = writeEngineOverride(original);
      }
    }

    it('daemon.json in a directory of the user, who planted it as a link to /etc/sudoers.d/dockside-pwn', async () => {
      const planted = join(user.home, 'planted');
      user.writeFile(join(planted, '.keep'), '');
      await user.run('ln', ['-s', PWN, join(planted, 'daemon.json')]);
      expect(lstatSync(join(planted, 'daemon.json')).isSymbolicLink()).toBe(true);
      await withOverride({ ...override.content, daemonJson: join(planted, 'daemon.json') }, async () => {
        const before = machineSnapshot();
        const elevated = await elevate(encode(applyRequest({ mirrors: [mirrorUrl('planted')], expectedBefore: { daemonJson: null, certs: {} } })));
        expectRefused(elevated, 'unsafe-path');
        expect(machineSnapshot()).toEqual(before);
      });
      expect(existsSync(PWN)).toBe(false);
    });

    it('the state dir (journal, backups) in a directory of the user', async () => {
      const userState = join(user.home, 'root-state');
      user.writeFile(join(userState, '.keep'), '');
      await withOverride({ ...override.content, stateDir: userState }, async () => {
        const before = machineSnapshot();
        const elevated = await elevate(encode(applyRequest({ mirrors: [mirrorUrl('userstate')] })));
        expectRefused(elevated, 'unsafe-path');
        expect(machineSnapshot()).toEqual(before);
      });
    });
  });

  it('afterwards: the isolated dockerd was never restarted, the fake one never re-run, /etc/sudoers.d/dockside-pwn never made', () => {
    expect(existsSync(PWN)).toBe(false);
    expect(readFileSync(fake.runsLog, 'utf8')).toBe(`${user.uid} ${fake.pid}\n`);
    expect(rootProcessesMentioning(user.home)).toEqual([]);
    expect(existsSync(sshMarker) ? readFileSync(sshMarker, 'utf8') : '').not.toMatch(/^0$/m);
  });
});

describe('the normal flows as the user, through the CLI and sudo -n', () => {
  it('dockside mirrors use <url> --yes: applied through sudo, the engine reports the mirror, the journal is in engine.json\'s stateDir', async () => {
    const url = mirrorUrl('use');
    const before = readFileSync(dockerd.configFile, 'utf8');
    const result = await userDockside(['mirrors', 'use', url, '--yes', '--json']);
    expect(result.code, shown(result)).toBe(0);
    const change = ChangeJsonSchema.parse(JSON.parse(result.stdout));
    expect(change.outcome).toBe('applied');
    expect(change.active?.mirrors).toEqual([url]);
    expect(await activeMirrors()).toEqual([url]);
    const after = JSON.parse(readFileSync(dockerd.configFile, 'utf8')) as Record<string, unknown>;
    expect(after).toEqual({ ...(JSON.parse(before) as Record<string, unknown>), 'registry-mirrors': [url] });
    expect(statSync(dockerd.configFile)).toMatchObject({ uid: 0, gid: 0 });
    const journal = Object.entries(tree(stateDir)).filter(([path, kind]) => !kind.startsWith('dir') && !kind.startsWith('link') && readFileSync(path, 'utf8').includes(change.planId ?? '\0'));
    expect(journal.length, `no file in ${stateDir} names ${change.planId}: ${Object.keys(tree(stateDir)).join(', ')}`).toBeGreaterThan(0);
    expectRootBackups(change.backups);
  });

  it('dockside mirrors clear --yes, then rollback --yes: each through sudo, the engine follows', async () => {
    const url = mirrorUrl('use');
    const cleared = await userDockside(['mirrors', 'clear', '--yes', '--json']);
    expect(cleared.code, shown(cleared)).toBe(0);
    expect(ChangeJsonSchema.parse(JSON.parse(cleared.stdout)).outcome).toBe('applied');
    expect(fileMirrors()).toEqual([]);
    expect(await activeMirrors()).toEqual([]);

    const rolledBack = await userDockside(['rollback', '--yes', '--json']);
    expect(rolledBack.code, shown(rolledBack)).toBe(0);
    expect(ChangeJsonSchema.parse(JSON.parse(rolledBack.stdout)).outcome).toBe('applied');
    expect(fileMirrors()).toEqual([url]);
    expect(await activeMirrors()).toEqual([url]);
  });

  it('dockside trust add <host> --fingerprint --yes, then trust remove --yes: the CA lands in certs.d root-owned 0644, and Docker trusts the registry', async () => {
    const pull = (): Promise<RunResult> => dockerd.docker(['pull', `${regHostPort}/dockside/absent:1`]);
    const untrusted = await pull();
    expect(untrusted.stderr).toMatch(/x509|certificate/);

    const added = await userDockside(['trust', 'add', regHostPort, '--fingerprint', ca.fingerprintSha256, '--yes', '--json']);
    expect(added.code, shown(added)).toBe(0);
    const caFile = join(CERTS_D, regHostPort, 'ca.crt');
    expect(readFileSync(caFile, 'utf8')).toContain(ca.pem.trim());
    expect(statSync(caFile)).toMatchObject({ uid: 0, gid: 0 });
    expect(statSync(caFile).mode & 0o777).toBe(0o644);
    const trusted = await pull();
    expect(trusted.code).not.toBe(0);
    expect(trusted.stderr).not.toMatch(/x509|certificate/);
    expect(trusted.stderr).toMatch(/not found|manifest unknown/);

    const removed = await userDockside(['trust', 'remove', regHostPort, '--yes', '--json']);
    expect(removed.code, shown(removed)).toBe(0);
    expect(existsSync(caFile)).toBe(false);
    expect((await pull()).stderr).toMatch(/x509|certificate/);
  });

  it('the CLI as the user, pointed elsewhere (--daemon-json, DOCKSIDE_ENGINE, DOCKSIDE_CERTS_DIR): refused, nothing written', async () => {
    const attempts: Array<{ args: string[]; env?: Record<string, string> }> = [
      { args: ['mirrors', 'use', mirrorUrl('flag'), '--daemon-json', PWN, '--yes', '--json'] },
      { args: ['mirrors', 'use', mirrorUrl('env'), '--yes', '--json'], env: { DOCKSIDE_ENGINE: `pidfile:${fake.pidfile}` } },
      { args: ['trust', 'add', regHostPort, '--fingerprint', ca.fingerprintSha256, '--yes', '--json'], env: { DOCKSIDE_CERTS_DIR: '/etc/sudoers.d' } },
    ];
    for (const { args, env } of attempts) {
      const before = machineSnapshot();
      const result = await userDockside(args, env);
      expect(result.code, `${args.join(' ')}: ${shown(result)}`).toBe(1);
      expect(cliError(result)?.code, `${args.join(' ')}: ${shown(result)}`).toBeDefined();
      const { home: _home, ...rest } = machineSnapshot();
      const { home: _before, ...restBefore } = before;
      expect(rest, args.join(' ')).toEqual(restBefore);
    }
    expect(existsSync(PWN)).toBe(false);
  });

  it('the CLI as the user with DOCKER_HOST=ssh://attacker@127.0.0.1: root never runs ssh', async () => {
    const result = await userDockside(['mirrors', 'use', mirrorUrl('dockerhost'), '--yes', '--json'], {
      DOCKER_HOST: 'ssh://attacker@127.0.0.1',
      PATH: `${join(user.home, 'bin')}:${install.binDir}:/usr/bin:/bin`,
    });
    expect([0, 1], shown(result)).toContain(result.code);
    const ranAs = existsSync(sshMarker) ? readFileSync(sshMarker, 'utf8').trim().split('\n') : [];
    expect(ranAs.filter((uid) => uid === '0'), `ssh ran as: ${ranAs.join(', ')}`).toEqual([]);
    if (result.code === 0) expect(await activeMirrors()).toEqual([mirrorUrl('dockerhost')]);
    expect(existsSync(PWN)).toBe(false);
  });
});
