import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeJsonSchema, ErrorJsonSchema, StatusJsonSchema } from '../../shared/cli';
import { TrustChangeJsonSchema, TrustInspectJsonSchema, TrustListJsonSchema, type TrustInspectJson, type TrustProblem } from '../../shared/trust';
import { type CertificateAuthority, createCa, issueCert, type IssueOptions } from '../harness/certs';
import { createCleanups } from '../harness/cleanup';
import { type Dockerd, startDockerd } from '../harness/dockerd';
import { dockside } from '../harness/dockside';
import { addHosts } from '../harness/hosts';
import { type Keyring, startKeyring } from '../harness/keyring';
import { freePort } from '../harness/ports';
import { type Registry, startRegistry } from '../harness/registry';
import { run, runOk } from '../harness/run';
import { seedImage } from '../harness/seed-image';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';
import { english } from '../harness/english';
import type { Message } from '../../shared/message';
import { snapshot } from '../harness/tree-snapshot';

const said = (message: Message | undefined): string => (message === undefined ? '' : english(message));

// Issue 4 end to end: `dockside trust inspect|add|remove|list` against real TLS registries on
// ::1 names (Docker treats ::1 as secure, so certificates are really checked) and an isolated
// dockerd, which reads the machine's fixed /etc/docker/certs.d on every connection. Only
// directories named for this run's hosts are created there, and the test removes them.

const CERTS_D = '/etc/docker/certs.d';
const suffix = uniqueSuffix();
const host = (role: string): string => `${role}-${suffix}.dockside.test`;
const REG_HOST = host('reg');
const WRONG_HOST = host('wrong');
const LEAF_ONLY_HOST = host('leafonly');
const NO_SAN_HOST = host('nosan');
const OTHER_NAME_HOST = host('othername');
const EXPIRED_HOST = host('expired');
const IP_ONLY_HOST = host('iponly');
const ALL_HOSTS = [REG_HOST, WRONG_HOST, LEAF_ONLY_HOST, NO_SAN_HOST, OTHER_NAME_HOST, EXPIRED_HOST, IP_ONLY_HOST];

const cleanups = createCleanups();
let dir: TempDir;
let keyring: Keyring;
let dockerd: Dockerd;
let ca: CertificateAuthority;
let hub: Registry;
let env: NodeJS.ProcessEnv;
let stateDir: string;

function docker(args: string[]) {
  return run('docker', args, { env: { ...dockerd.env, ...keyring.env }, timeoutMs: 120_000 });
}

/** A TLS registry on ::1 for `name`, serving `cert` (and, with `chain`, the CA after it); a pull-through cache of the local hub. */
async function tlsRegistry(name: string, options: Omit<IssueOptions, 'commonName'> & { commonName?: string; chain?: boolean }): Promise<string> {
  const port = await freePort('::1');
  const { chain = true, commonName = name, ...issue } = options;
  const cert = await issueCert(ca, dir.path, { commonName, ...issue });
  cleanups.track(
    await startRegistry({ listen: { host: '::1', port }, tls: { certPath: chain ? cert.chainPath : cert.certPath, keyPath: cert.keyPath }, proxy: { remoteUrl: hub.url } }),
  );
  return `${name}:${port}`;
}

/** What `openssl x509 -noout -fingerprint -sha256` prints after the `=`. */
async function opensslFingerprint(pemPath: string): Promise<string> {
  const printed = await runOk('openssl', ['x509', '-noout', '-fingerprint', '-sha256', '-in', pemPath]);
  return printed.stdout.trim().split('=')[1] ?? '';
}

async function inspect(hostPort: string): Promise<TrustInspectJson> {
  const result = await dockside(['trust', 'inspect', hostPort, '--json'], env);
  expect(result.code, result.stderr).toBe(0);
  return TrustInspectJsonSchema.parse(JSON.parse(result.stdout));
}

beforeAll(async () => {
  dir = makeTempDir('trust');
  cleanups.add(() => dir.remove());
  // Test names on ::1, mapped before dockerd starts (Go caches /etc/hosts for 5 s).
  const hosts = addHosts(ALL_HOSTS);
  cleanups.add(() => hosts.remove());
  // Whatever this run puts under certs.d goes, and the parents it had to create, once empty.
  const createdParents = ['/etc/docker', CERTS_D].filter((parent) => !existsSync(parent));
  cleanups.add(() => {
    for (const name of existsSync(CERTS_D) ? readdirSync(CERTS_D) : []) {
      if (name.includes(suffix)) rmSync(join(CERTS_D, name), { recursive: true, force: true });
    }
    for (const parent of createdParents.reverse()) if (existsSync(parent) && readdirSync(parent).length === 0) rmdirSync(parent);
  });
  keyring = cleanups.track(await startKeyring());
  dockerd = cleanups.track(await startDockerd());
  stateDir = dir.join('state');
  env = { ...dockerd.env, ...keyring.env, DOCKSIDE_ENGINE: `pidfile:${dockerd.pidfile}`, DOCKSIDE_DAEMON_JSON: dockerd.configFile, DOCKSIDE_STATE_DIR: stateDir };

  // The image the TLS registries serve comes from a plain-HTTP hub on 127.0.0.1 (insecure by default).
  hub = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } }));
  await seedImage(dockerd, 'dockside-seed:1');
  for (const args of [['tag', 'dockside-seed:1', `${hub.hostPort}/team/busybox:1`], ['push', `${hub.hostPort}/team/busybox:1`]]) {
    const result = await docker(args);
    expect(result.code, result.stderr).toBe(0);
  }
  ca = await createCa(dir.path, { commonName: `Dockside Test CA ${suffix}` });
});

afterAll(() => cleanups.run());

describe('trust inspect, add and remove on a registry whose CA Docker does not know', () => {
  let hostPort: string;
  let image: string;
  let certsBefore: Record<string, string>;

  beforeAll(async () => {
    hostPort = await tlsRegistry(REG_HOST, { dnsNames: [REG_HOST] });
    image = `${hostPort}/team/busybox:1`;
    certsBefore = snapshot(CERTS_D);
  });

  it('docker pull fails with x509 before trust', async () => {
    const pull = await docker(['pull', image]);
    expect(pull.code).not.toBe(0);
    expect(pull.stdout + pull.stderr).toContain('x509: certificate signed by unknown authority');
  });

  it('trust inspect prints the CA fingerprint exactly as openssl does, and the chain', async () => {
    const fingerprint = await opensslFingerprint(ca.certPath);
    expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const inspection = await inspect(hostPort);
    expect(inspection.ca?.source).toBe('server');
    expect(inspection.ca?.certificate.fingerprintSha256).toBe(fingerprint);
    expect(inspection.trustedBy).toBeNull();
    expect(inspection.problems.map((p) => [p.code, p.dockerError])).toEqual([['unknown-authority', 'x509: certificate signed by unknown authority']]);
    const [leaf, root] = inspection.chain;
    expect(leaf).toMatchObject({ commonName: REG_HOST, dnsNames: [REG_HOST], isCa: false, selfSigned: false, publicKey: { type: 'rsa', bits: 2048 }, signatureAlgorithm: 'sha256WithRSAEncryption' });
    expect(root).toMatchObject({ isCa: true, selfSigned: true, fingerprintSha256: fingerprint });
    expect(inspection.caPath).toBe(join(CERTS_D, hostPort, 'ca.crt'));

    const text = await dockside(['trust', 'inspect', hostPort], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`sha256 Fingerprint=${fingerprint}`);
    expect(text.stdout).toContain('x509: certificate signed by unknown authority');

    const chinese = await dockside(['trust', 'inspect', hostPort, '--lang', 'zh-CN'], env);
    expect(chinese.code, chinese.stderr).toBe(0);
    expect(chinese.stdout).toContain(`sha256 指纹=${fingerprint}`);
    expect(chinese.stdout).toContain('Docker 的报错："x509: certificate signed by unknown authority"');
    expect(chinese.stdout).not.toMatch(/Problems|Docker says|Trusted by Docker|Fix:/);
  });

  it('refuses a wrong --fingerprint, exits non-zero and writes nothing', async () => {
    const wrong = `sha256:${'AB'.repeat(32)}`;
    const result = await dockside(['trust', 'add', hostPort, '--fingerprint', wrong, '--yes', '--json'], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const error = ErrorJsonSchema.parse(JSON.parse(result.stderr)).error;
    expect(error).toMatchObject({ code: 'fingerprint-mismatch', key: 'tls.error.fingerprint-mismatch', params: { pin: 'AB:'.repeat(31) + 'AB' } });
    const chinese = await dockside(['trust', 'add', hostPort, '--fingerprint', wrong, '--yes', '--lang', 'zh-CN'], env);
    expect(chinese.code).toBe(1);
    expect(chinese.stderr).toMatch(/^dockside: \S+ 的 CA（"[^"]+"）的 SHA-256 指纹是 [0-9A-F:]+，但 --fingerprint 给出的是 (AB:){31}AB。没有写入任何内容。.*\[fingerprint-mismatch\]\n$/s);
    expect(snapshot(CERTS_D)).toEqual(certsBefore);
    expect(existsSync(stateDir)).toBe(false);
  });

  it('trust add --yes without a pin refuses, showing the CA to compare, and writes nothing', async () => {
    const certsBefore = snapshot(CERTS_D);
    const result = await dockside(['trust', 'add', hostPort, '--yes', '--json'], env);
    expect(result.code).toBe(1);
    const error = ErrorJsonSchema.parse(JSON.parse(result.stderr)).error;
    expect(error).toMatchObject({ code: 'pin-needed', params: { registry: hostPort, fingerprint: await opensslFingerprint(ca.certPath) } });
    expect(snapshot(CERTS_D)).toEqual(certsBefore);
  });

  it('trust add --fingerprint installs the CA, and the same pull succeeds with no engine restart', async () => {
    const pid = dockerd.pid();
    const fingerprint = await opensslFingerprint(ca.certPath);
    const result = await dockside(['trust', 'add', hostPort, '--fingerprint', `sha256:${fingerprint.replace(/:/g, '').toLowerCase()}`, '--yes', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const change = TrustChangeJsonSchema.parse(JSON.parse(result.stdout));
    expect(change).toMatchObject({ outcome: 'applied', registry: hostPort, trustedAfter: true, backups: [{ path: join(CERTS_D, hostPort, 'ca.crt'), backup: null }] });
    expect(change.ca?.fingerprintSha256).toBe(fingerprint);
    expect(readFileSync(join(CERTS_D, hostPort, 'ca.crt'), 'utf8')).toBe(ca.pem);
    expect(Object.keys(snapshot(CERTS_D)).filter((path) => !(path in certsBefore)).sort()).toEqual([`${join(CERTS_D, hostPort)}/`, join(CERTS_D, hostPort, 'ca.crt')]);

    const pull = await docker(['pull', image]);
    expect(pull.code, pull.stdout + pull.stderr).toBe(0);
    expect(dockerd.pid()).toBe(pid);

    const after = await inspect(hostPort);
    expect(after.trustedBy).toBe('certs.d');
    expect(after.problems).toEqual([]);
    const list = await dockside(['trust', 'list', '--json'], env);
    const trusted = TrustListJsonSchema.parse(JSON.parse(list.stdout)).registries.find((r) => r.registry === hostPort);
    expect(trusted?.certificates.map((c) => c.fingerprintSha256)).toEqual([fingerprint]);
    const status = await dockside(['status', '--json'], env);
    expect(StatusJsonSchema.parse(JSON.parse(status.stdout)).trustedRegistries).toContain(hostPort);

    const again = await dockside(['trust', 'add', hostPort, '--yes', '--json'], env);
    expect(TrustChangeJsonSchema.parse(JSON.parse(again.stdout)).outcome).toBe('unchanged');
  });

  it('trust remove deletes the directory it created and nothing else; rollback brings the CA back', async () => {
    // A neighbour this test made by hand must survive the removal.
    const neighbour = join(CERTS_D, `neighbour-${suffix}.dockside.test:1`);
    mkdirSync(neighbour);
    writeFileSync(join(neighbour, 'ca.crt'), ca.pem);
    const before = snapshot(CERTS_D);

    const result = await dockside(['trust', 'remove', hostPort, '--yes', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const change = TrustChangeJsonSchema.parse(JSON.parse(result.stdout));
    expect(change.outcome).toBe('applied');
    expect(existsSync(join(CERTS_D, hostPort))).toBe(false);
    const expected = { ...before };
    delete expected[`${join(CERTS_D, hostPort)}/`];
    delete expected[join(CERTS_D, hostPort, 'ca.crt')];
    expect(snapshot(CERTS_D)).toEqual(expected);
    // The backup is in Dockside's state dir, not in certs.d.
    expect(change.backups[0]?.backup).toMatch(new RegExp(`^${stateDir}/backups/certs\\.d/`));
    expect(readFileSync(change.backups[0]?.backup ?? '', 'utf8')).toBe(ca.pem);

    expect((await docker(['rmi', image])).code).toBe(0);
    const refused = await docker(['pull', image]);
    expect(refused.stdout + refused.stderr).toContain('x509: certificate signed by unknown authority');

    const rollback = await dockside(['rollback', '--yes', '--json'], env);
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(ChangeJsonSchema.parse(JSON.parse(rollback.stdout)).outcome).toBe('applied');
    expect(readFileSync(join(CERTS_D, hostPort, 'ca.crt'), 'utf8')).toBe(ca.pem);
    expect((await docker(['pull', image])).code).toBe(0);

    rmSync(neighbour, { recursive: true });
  });
});

describe('a registry that sends only its own certificate', () => {
  let hostPort: string;

  beforeAll(async () => {
    hostPort = await tlsRegistry(LEAF_ONLY_HOST, { dnsNames: [LEAF_ONLY_HOST], chain: false });
  });

  it('asks for the CA file, refuses to guess, and installs the CA from --ca-file', async () => {
    const inspection = await inspect(hostPort);
    expect(inspection.ca).toBeNull();
    expect(inspection.problems.map((p) => p.code)).toEqual(['ca-not-sent', 'unknown-authority']);
    expect(said(inspection.problems[0]?.fix)).toContain('--ca-file');

    const guess = await dockside(['trust', 'add', hostPort, '--yes', '--json'], env);
    expect(guess.code).toBe(1);
    expect(ErrorJsonSchema.parse(JSON.parse(guess.stderr)).error.code).toBe('ca-not-sent');
    expect(existsSync(join(CERTS_D, hostPort))).toBe(false);

    const added = await dockside(['trust', 'add', hostPort, '--ca-file', ca.certPath, '--fingerprint', ca.fingerprintSha256, '--yes', '--json'], env);
    expect(added.code, added.stderr).toBe(0);
    expect(TrustChangeJsonSchema.parse(JSON.parse(added.stdout))).toMatchObject({ outcome: 'applied', trustedAfter: true });
    expect((await docker(['pull', `${hostPort}/team/busybox:1`])).code).toBe(0);

    const removed = await dockside(['trust', 'remove', hostPort, '--yes', '--json'], env);
    expect(removed.code, removed.stderr).toBe(0);
    expect(existsSync(join(CERTS_D, hostPort))).toBe(false);
  });
});

describe('certificates Docker refuses whatever the CA: each reported with what Docker says', () => {
  /** Inspects, and pulls: returns the first problem Dockside reports and what `docker pull` prints. */
  async function inspectAndPull(hostPort: string): Promise<{ problem: TrustProblem | undefined; pulled: string }> {
    const inspection = await inspect(hostPort);
    const pull = await docker(['pull', `${hostPort}/team/busybox:1`]);
    expect(pull.code).not.toBe(0);
    return { problem: inspection.problems[0], pulled: pull.stdout + pull.stderr };
  }

  it('no subjectAltName: the legacy Common Name error', async () => {
    const { problem, pulled } = await inspectAndPull(await tlsRegistry(NO_SAN_HOST, { noSan: true }));
    expect(problem).toMatchObject({ code: 'legacy-common-name', certificate: 0, dockerError: 'x509: certificate relies on legacy Common Name field, use SANs instead' });
    expect(said(problem?.explanation)).toContain('only in its Common Name (CN)');
    expect(pulled).toContain(problem?.dockerError);
  });

  it('a subjectAltName for another name: "valid for X, not Y"', async () => {
    const other = `elsewhere-${suffix}.dockside.test`;
    const { problem, pulled } = await inspectAndPull(await tlsRegistry(OTHER_NAME_HOST, { dnsNames: [other] }));
    expect(problem).toMatchObject({ code: 'name-mismatch', dockerError: `x509: certificate is valid for ${other}, not ${OTHER_NAME_HOST}` });
    expect(said(problem?.explanation)).toContain(`is for ${other}, not for ${OTHER_NAME_HOST}`);
    expect(pulled).toContain(problem?.dockerError);
  });

  it('expired: the expiry error with the end date', async () => {
    const notAfter = new Date('2025-01-01T00:00:00Z');
    const { problem, pulled } = await inspectAndPull(await tlsRegistry(EXPIRED_HOST, { dnsNames: [EXPIRED_HOST], notBefore: new Date('2024-01-01T00:00:00Z'), notAfter }));
    const expiry = /^x509: certificate has expired or is not yet valid: current time \S+ is after (\S+)$/;
    expect(problem).toMatchObject({ code: 'expired', certificate: 0 });
    expect(said(problem?.explanation)).toContain('expired on 2025-01-01T00:00:00Z');
    // Go prints the current time in the daemon's zone; both name the same end date.
    const [, ours] = expiry.exec(problem?.dockerError ?? '') ?? [];
    const [, theirs] = /x509: certificate has expired or is not yet valid: current time \S+ is after (\S+)/.exec(pulled) ?? [];
    expect(new Date(ours ?? '').getTime()).toBe(notAfter.getTime());
    expect(new Date(theirs ?? '').getTime()).toBe(notAfter.getTime());
  });

  it('IP addresses only, reached by name: "not valid for any names"', async () => {
    const { problem, pulled } = await inspectAndPull(await tlsRegistry(IP_ONLY_HOST, { ipAddresses: ['::1', '127.0.0.1'] }));
    expect(problem).toMatchObject({ code: 'no-dns-names', dockerError: `x509: certificate is not valid for any names, but wanted to match ${IP_ONLY_HOST}` });
    expect(said(problem?.explanation)).toContain('only IP addresses: ::1, 127.0.0.1');
    expect(pulled).toContain(problem?.dockerError);
  });

  it('DNS names only, reached by IP: "doesn\'t contain any IP SANs"', async () => {
    // dockerd does not check certificates on ::1 (insecure by default), so only Dockside's verdict is shown here.
    const hostPort = await tlsRegistry(REG_HOST, { dnsNames: [REG_HOST] });
    const inspection = await inspect(`[::1]:${hostPort.split(':').pop()}`);
    expect(inspection.problems[0]).toMatchObject({
      code: 'no-ip-sans',
      dockerError: "x509: cannot validate certificate for ::1 because it doesn't contain any IP SANs",
    });
    expect(said(inspection.problems[0]?.explanation)).toContain(`only DNS names: ${REG_HOST}`);
  });
});
