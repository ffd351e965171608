import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeJsonSchema } from '../../shared/cli';
import { TrustChangeJsonSchema } from '../../shared/trust';
import { type CertificateAuthority, createCa, issueCert } from '../harness/certs';
import { createCleanups } from '../harness/cleanup';
import { dockside } from '../harness/dockside';
import { startNginxSplit } from '../harness/nginx';
import { freePort } from '../harness/ports';
import { startRegistry } from '../harness/registry';
import { applyRequest, encodeRequest } from '../../electron/core/plan/privileged-request';
import { writeEngineOverride } from '../harness/engine-override-file';
import { installAsRoot } from '../harness/root-install';
import { run, runOk } from '../harness/run';
import { allowSudo, createUser, type UnprivilegedUser } from '../harness/sudo-user';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';

// Issue 21, the OS trust store on this Debian machine, as root (CI runs as root): a Nexus-style
// front that sends only its leaf and publishes its CA at /download/ca.crt. `trust add --os-store`
// makes the system's own curl (no -k, no --cacert) accept it; `trust remove --os-store` and
// `rollback` make curl refuse it again. The machine's store is left exactly as it was found.

const ANCHORS = '/usr/local/share/ca-certificates';
const BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const ETC_CERTS = '/etc/ssl/certs';
const UPDATE = '/usr/sbin/update-ca-certificates';
const KEYTOOL = '/usr/bin/keytool';
const CERTUTIL = '/usr/bin/certutil';

const cleanups = createCleanups();
const suffix = uniqueSuffix();
let dir: TempDir;
let ca: CertificateAuthority;
let hostPort: string;
let env: NodeJS.ProcessEnv;
let anchorPath: string;
let recordPath: string;
let before: StoreState;
let nssDb: string;

interface StoreState {
  anchors: string[];
  bundleSha256: string;
  links: string[];
  /** Java's keystore, which update-ca-certificates' hook keeps in step with the bundle. */
  javaAliases: string[];
}

async function storeState(): Promise<StoreState> {
  const keystore = existsSync(KEYTOOL) ? (await runOk(KEYTOOL, ['-list', '-cacerts', '-storepass', 'changeit'])).stdout : '';
  return {
    anchors: readdirSync(ANCHORS).sort(),
    bundleSha256: createHash('sha256').update(readFileSync(BUNDLE)).digest('hex'),
    links: readdirSync(ETC_CERTS).filter((name) => name.startsWith('dockside-')).sort(),
    javaAliases: keystore.split('\n').filter((line) => line.startsWith('debian:dockside-')).sort(),
  };
}

/** The machine's own curl with the machine's defaults: no CA variables (this sandbox sets several), no proxy. */
function curl(): Promise<{ code: number; stdout: string; stderr: string }> {
  return run('/usr/bin/curl', ['-sS', '--max-time', '20', `https://${hostPort}/v2/`], { env: { PATH: '/usr/bin:/bin', HOME: dir.path } });
}

function caSha256(): string {
  return ca.fingerprintSha256.replace(/:/g, '').toLowerCase();
}

function anchorName(): string {
  return `dockside-${caSha256().slice(0, 16)}.crt`;
}

beforeAll(async () => {
  expect(process.getuid?.(), 'the OS store e2e runs as root, as CI does').toBe(0);
  dir = makeTempDir('trust-os-store');
  cleanups.add(() => dir.remove());
  before = await storeState();
  ca = await createCa(dir.path, { commonName: `Dockside OS Store Test CA ${suffix}` });
  anchorPath = join(ANCHORS, anchorName());
  // Whatever happens to the test, the machine's store ends as it was: our anchor goes, the store is rebuilt.
  cleanups.add(async () => {
    if (existsSync(anchorPath)) {
      rmSync(anchorPath);
      await runOk(UPDATE, ['--fresh']);
    }
    const alias = `debian:${anchorName()}`.replace(/\.crt$/, '.pem');
    if (existsSync(KEYTOOL) && (await run(KEYTOOL, ['-list', '-cacerts', '-storepass', 'changeit', '-alias', alias])).code === 0) {
      await runOk(KEYTOOL, ['-delete', '-cacerts', '-storepass', 'changeit', '-alias', alias]);
    }
  });

  const pull = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } }));
  const push = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } }));
  const port = await freePort('127.0.0.1');
  hostPort = `127.0.0.1:${port}`;
  const leaf = await issueCert(ca, dir.path, { commonName: '127.0.0.1', ipAddresses: ['127.0.0.1'] });
  cleanups.track(
    await startNginxSplit({
      listen: { host: '127.0.0.1', port },
      tls: { certPath: leaf.certPath, keyPath: leaf.keyPath },
      pullUpstream: pull.hostPort,
      pushUpstream: push.hostPort,
      files: { '/download/ca.crt': ca.certPath },
    }),
  );
  const stateDir = dir.join('state');
  recordPath = join(stateDir, 'os-trust.json');
  // certs.d in a temp dir and no engine: this test is about the OS store (trust.test.ts covers certs.d with a real dockerd).
  // A HOME of its own with a browser's NSS database (Chromium's ~/.pki/nssdb), as a desktop user has one.
  const home = dir.join('home');
  nssDb = join(home, '.pki', 'nssdb');
  mkdirSync(nssDb, { recursive: true });
  await runOk(CERTUTIL, ['-N', '-d', `sql:${nssDb}`, '--empty-password']);
  env = { ...process.env, HOME: home, DOCKSIDE_STATE_DIR: stateDir, DOCKSIDE_CERTS_DIR: dir.join('certs.d'), DOCKSIDE_ENGINE: 'none' };
});

/** The nicknames the browser database lists with their trust flags, as `certutil -L` prints them. */
async function nssListing(): Promise<string> {
  return (await runOk(CERTUTIL, ['-L', '-d', `sql:${nssDb}`])).stdout;
}

afterAll(async () => {
  await cleanups.run();
  expect(await storeState()).toEqual(before);
});

const addArgs = (): string[] => ['trust', 'add', hostPort, '--ca-url', `https://${hostPort}/download/ca.crt`, '--fingerprint', `sha256:${caSha256()}`, '--os-store', '--yes'];

describe('trust add --os-store on Debian', () => {
  it('curl refuses the leaf-only front before', async () => {
    const refused = await curl();
    expect(refused.code).toBe(60);
    expect(refused.stderr).toContain('SSL certificate problem: unable to get local issuer certificate');
  });

  it('the preview says the CA will be trusted for every website, and nothing is written without --yes', async () => {
    const preview = await dockside(addArgs().filter((arg) => arg !== '--yes'), env);
    expect(preview.code).toBe(1);
    expect(preview.stdout).toContain('the OS trust store makes every program on this computer (curl, browsers, Docker Desktop) trust it for every website');
    expect(preview.stdout).toContain(`update the OS trust store: update-ca-certificates`);
    expect(existsSync(anchorPath)).toBe(false);
    expect(await storeState()).toEqual(before);
  });

  it('installs the CA into /usr/local/share/ca-certificates, verified, and the system curl succeeds without -k', async () => {
    const added = await dockside([...addArgs(), '--json'], env);
    expect(added.code, added.stderr).toBe(0);
    const change = TrustChangeJsonSchema.parse(JSON.parse(added.stdout));
    expect(change.outcome).toBe('applied');
    expect(change.steps.map((step) => step.code)).toEqual([
      'plan.step.write-ca',
      'plan.step.write-os-ca',
      'plan.step.write-os-trust-record',
      'plan.step.refresh-os-trust',
      'plan.step.verify-os-trust.validates',
    ]);
    expect(readFileSync(anchorPath, 'utf8')).toBe(ca.pem);
    expect(readFileSync(BUNDLE, 'utf8')).toContain(ca.pem.trim());
    expect(JSON.parse(readFileSync(recordPath, 'utf8'))).toEqual({ version: 1, anchors: { [anchorName()]: { sha256: caSha256(), created: true, registries: [hostPort] } } });

    const accepted = await curl();
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout.trim()).toBe('{}');

    // As the user, after the elevated part: the browser's own database trusts it too, as a CA for websites.
    expect(change.asUser.map(({ store, state }) => ({ store, state }))).toEqual([{ store: 'nss', state: 'added' }]);
    expect(await nssListing()).toMatch(new RegExp(`^dockside ${caSha256().slice(0, 16)} .*\\s+C,,\\s*$`, 'm'));
  });

  it('trust remove --os-store takes it out again and curl fails with its certificate error', async () => {
    const removed = await dockside(['trust', 'remove', hostPort, '--os-store', '--yes', '--json'], env);
    expect(removed.code, removed.stderr).toBe(0);
    expect(TrustChangeJsonSchema.parse(JSON.parse(removed.stdout)).steps.map((step) => step.code)).toContain('plan.step.verify-os-trust.gone');
    expect(existsSync(anchorPath)).toBe(false);
    expect(readFileSync(BUNDLE, 'utf8')).not.toContain(ca.pem.trim());
    expect(await storeState()).toEqual(before);
    expect(await nssListing()).not.toContain(`dockside ${caSha256().slice(0, 16)}`);
    const refused = await curl();
    expect(refused.code).toBe(60);
    expect(refused.stderr).toContain('SSL certificate problem');
  });

  it('rollback of an os-store add makes curl fail again', async () => {
    const added = await dockside(addArgs(), env);
    expect(added.code, added.stderr).toBe(0);
    expect((await curl()).code).toBe(0);
    expect(await nssListing()).toContain(`dockside ${caSha256().slice(0, 16)}`);

    const rolledBack = await dockside(['rollback', '--yes', '--json'], env);
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(ChangeJsonSchema.parse(JSON.parse(rolledBack.stdout)).outcome).toBe('applied');
    expect(existsSync(anchorPath)).toBe(false);
    // The record is back as the remove left it: no CA of Dockside's in the OS store.
    expect(JSON.parse(readFileSync(recordPath, 'utf8'))).toEqual({ version: 1, anchors: {} });
    expect(await storeState()).toEqual(before);
    expect(await nssListing()).not.toContain(`dockside ${caSha256().slice(0, 16)}`);
    const refused = await curl();
    expect(refused.code).toBe(60);
    expect(refused.stderr).toContain('SSL certificate problem');
  });
});

describe('as a user, elevated through sudo: root derives the OS store change itself', () => {
  let user: UnprivilegedUser;
  let privileged: string;
  let rootState: string;

  beforeAll(async () => {
    chmodSync(dir.path, 0o755);
    const install = installAsRoot();
    cleanups.add(() => install.remove());
    privileged = install.privileged;
    user = await createUser({ pathDirs: [install.binDir] });
    cleanups.add(() => user.remove());
    const sudoers = allowSudo(user, [{ command: '/usr/bin/node', args: [install.privileged, '*'] }]);
    cleanups.add(() => sudoers.remove());
    rootState = dir.join('root-state');
    mkdirSync(rootState, { mode: 0o755 });
    mkdirSync(dir.join('root-certs.d'), { mode: 0o755 });
    const override = writeEngineOverride({ engine: 'none', daemonJson: dir.join('root-daemon.json'), certsDir: dir.join('root-certs.d'), stateDir: rootState });
    cleanups.add(() => override.remove());
  });

  it('trust add --os-store as the user installs the CA as root (0644 root:root), verified; remove takes it out', async () => {
    const added = await user.run('dockside', addArgs(), { timeoutMs: 180_000 });
    expect(added.code, added.stdout + added.stderr).toBe(0);
    expect(statSync(anchorPath)).toMatchObject({ uid: 0, gid: 0 });
    expect(statSync(anchorPath).mode & 0o777).toBe(0o644);
    expect(statSync(join(rootState, 'os-trust.json')).uid).toBe(0);
    expect((await curl()).code).toBe(0);

    const removed = await user.run('dockside', ['trust', 'remove', hostPort, '--os-store', '--yes'], { timeoutMs: 180_000 });
    expect(removed.code, removed.stdout + removed.stderr).toBe(0);
    expect(existsSync(anchorPath)).toBe(false);
    expect((await curl()).code).toBe(60);
    expect(await storeState()).toEqual(before);
  });

  it('a hand-written osUntrust for an anchor root has no record of is refused, and the file stays', async () => {
    // An administrator's own file that happens to carry Dockside's name: root's record says Dockside never made it.
    writeFileSync(anchorPath, ca.pem, { mode: 0o644 });
    cleanups.add(() => rmSync(anchorPath, { force: true }));
    const digest = createHash('sha256').update(ca.pem).digest('hex');
    const recordDigest = createHash('sha256').update(readFileSync(join(rootState, 'os-trust.json'))).digest('hex');
    const request = applyRequest('hostile-osuntrust-0001', {}, { osUntrust: [hostPort], expectedBefore: { certs: {}, osAnchors: { [anchorName()]: digest }, osTrustRecord: recordDigest } });
    const ran = await user.run('sudo', ['-n', '/usr/bin/node', privileged, encodeRequest(request)], { timeoutMs: 120_000 });
    expect(ran.code).toBe(1);
    expect(JSON.parse(ran.stdout.trim().split('\n').at(-1) ?? '{}')).toMatchObject({ type: 'result', outcome: 'failed', error: { code: 'os-store-not-trusted' } });
    expect(readFileSync(anchorPath, 'utf8')).toBe(ca.pem);
    rmSync(anchorPath);
  });
});
