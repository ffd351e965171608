import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorJsonSchema } from '../../shared/cli';
import { english } from '../harness/english';
import { ProfileApplyJsonSchema, ProfileCheckJsonSchema } from '../../shared/profile';
import { type CertificateAuthority, createCa, issueCert } from '../harness/certs';
import { createCleanups } from '../harness/cleanup';
import { type Dockerd, startDockerd } from '../harness/dockerd';
import { CLI_PATH, dockside, HELPER_DIR, userEnv } from '../harness/dockside';
import { CERTS_D, removeCertsD } from '../harness/docker-scratch';
import { addHosts } from '../harness/hosts';
import { docksideKeychainSecret, type Keyring, startKeyring } from '../harness/keyring';
import { type NginxSplit, startNginxSplit } from '../harness/nginx';
import { freePort } from '../harness/ports';
import { type Registry, startRegistry } from '../harness/registry';
import { run, type RunResult } from '../harness/run';
import { atTerminal, shellWord } from '../harness/terminal';
import { seedRootfsTar } from '../harness/seed-image';
import { makeTempDir, uniqueSuffix } from '../harness/tmp';

// Issue 21, "Done when" 2: a profile whose registry is a leaf-only front (nginx sends its leaf
// certificate, not the CA, as most Nexus fronts do) carries the CA itself: its URL (caUrl, the
// front's own /download/ca.crt, pinned by caFingerprint) or its PEM (caPem, the profile being the
// pin). `profile apply` must end with a working docker pull and push through an isolated dockerd,
// the real /etc/docker/certs.d and gnome-keyring; a wrong pin and an unconfirmed osTrust write nothing.

const USERNAME = 'dev';

interface Front {
  /** `<name>:<port>` */
  hostPort: string;
  ca: CertificateAuthority;
  nginx: NginxSplit;
}

let suffix: string;
let password: string;
let registry: Registry;
let urlFront: Front;
let pemFront: Front;
let otherCa: CertificateAuthority;
let dockerd: Dockerd;
let keyring: Keyring;
let env: NodeJS.ProcessEnv;
let dockerConfig: string;
let stateDir: string;
let workDir: string;
const cleanups = createCleanups();

beforeAll(async () => {
  suffix = uniqueSuffix();
  password = `Canary-${suffix}-profile-ca!`;
  const dir = makeTempDir('profile-ca');
  cleanups.add(() => dir.remove());
  const urlName = `pcaurl-${suffix}.dockside.test`;
  const pemName = `pcapem-${suffix}.dockside.test`;
  // Before dockerd starts: a Go resolver that already read /etc/hosts may miss a new name for 5 s.
  const hosts = addHosts([urlName, pemName]);
  cleanups.add(() => hosts.remove());
  keyring = cleanups.track(await startKeyring());
  dockerd = cleanups.track(await startDockerd());

  // One htpasswd registry behind both fronts, each front with a CA of its own that it does not send.
  registry = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' }, htpasswd: { users: { [USERNAME]: password } } }));
  const leafOnlyFront = async (name: string, caName: string): Promise<Front> => {
    const ca = await createCa(dir.path, { commonName: `${caName} ${suffix}` });
    const leaf = await issueCert(ca, dir.path, { commonName: name, dnsNames: [name] });
    const port = await freePort('::1');
    const nginx = cleanups.track(
      await startNginxSplit({
        listen: { host: '::1', port },
        tls: { certPath: leaf.certPath, keyPath: leaf.keyPath },
        pullUpstream: registry.hostPort,
        pushUpstream: registry.hostPort,
        files: { '/download/ca.crt': ca.certPath },
      }),
    );
    const hostPort = `${name}:${port}`;
    cleanups.add(removeCertsD(join(CERTS_D, hostPort)));
    return { hostPort, ca, nginx };
  };
  urlFront = await leafOnlyFront(urlName, 'Dockside Profile CA-URL Test CA');
  pemFront = await leafOnlyFront(pemName, 'Dockside Profile CA-PEM Test CA');
  otherCa = await createCa(dir.path, { commonName: `Dockside Profile CA Test other CA ${suffix}` });

  const home = dir.join('home');
  dockerConfig = join(home, '.docker');
  mkdirSync(home);
  stateDir = dir.join('state');
  workDir = dir.join('work');
  mkdirSync(workDir);
  if (!existsSync(join(HELPER_DIR, 'docker-credential-dockside'))) throw new Error(`${HELPER_DIR}/docker-credential-dockside is missing: run \`npm run build\` first`);
  env = { ...userEnv({ dockerd, keyring, home, dockerConfig, stateDir }), DOCKSIDE_DAEMON_JSON: dockerd.configFile };
  // certs.d must be the real one: dockerd reads only /etc/docker/certs.d.
  delete env.DOCKSIDE_CERTS_DIR;
}, 300_000);

afterAll(async () => {
  await cleanups.run();
});

type Json = Record<string, unknown>;

const docker = (args: string[]): Promise<RunResult> => run('docker', args, { env, timeoutMs: 120_000 });
const caPath = (front: Front): string => join(CERTS_D, front.hostPort, 'ca.crt');
const configPath = (): string => join(dockerConfig, 'config.json');
const caUrl = (front: Front): string => `https://${front.hostPort}/download/ca.crt`;

let written = 0;
function profileFile(registries: Json[]): string {
  const path = join(workDir, `profile-${++written}.json`);
  writeFileSync(path, `${JSON.stringify({ version: 1, name: `CA team ${suffix}`, registries }, null, 2)}\n`);
  return path;
}

/** As a script or CI runs it: a password on stdin (so no terminal), --yes. */
function apply(path: string): Promise<RunResult> {
  return dockside(['profile', 'apply', path, '-u', USERNAME, '--password-stdin', '--yes', '--json'], env, { input: `${password}\n` });
}

/** Every file an apply may write, and whether each front's certs.d dir exists. */
function snapshot(): Record<string, string | boolean | null> {
  const state: Record<string, string | boolean | null> = {};
  for (const file of [dockerd.configFile, configPath(), join(stateDir, 'journal.jsonl'), caPath(urlFront), caPath(pemFront)]) {
    state[file] = existsSync(file) ? `${statSync(file).mtimeMs} ${createHash('sha256').update(readFileSync(file)).digest('hex')}` : null;
  }
  for (const front of [urlFront, pemFront]) state[`dir ${front.hostPort}`] = existsSync(join(CERTS_D, front.hostPort));
  return state;
}

/** An error printed as `{"error":{...}}` on stderr, nothing on stdout. */
function errorOf(result: RunResult): { code: string; message: string } {
  expect(result.stdout, `stdout should be empty; stderr: ${result.stderr}`).toBe('');
  const { error } = ErrorJsonSchema.parse(JSON.parse(result.stderr));
  return { code: error.code, message: error.message ?? '' };
}

/** `dockside <args>` in a real pseudo-terminal, answering each prompt once it shows; everything the terminal displayed. */
function docksideAtTerminal(args: string[], answers: Array<[prompt: string, answer: string]>): Promise<string> {
  return atTerminal([process.execPath, CLI_PATH, ...args].map(shellWord).join(' '), answers, { env, timeoutMs: 120_000 });
}

/** Push an image of its own through the front (a label no other image has), remove it, pull it back. */
async function pushThenPull(front: Front, repo: string): Promise<void> {
  const image = `${front.hostPort}/${repo}:1`;
  const imported = await docker(['import', '--change', `LABEL dockside.test=${repo}-${suffix}`, await seedRootfsTar(), image]);
  expect(imported.code, imported.stderr).toBe(0);
  const seen = front.nginx.requests().length;
  for (const args of [['push', image], ['rmi', image], ['pull', image]]) {
    const step = await docker(args);
    expect(step.code, `docker ${args.join(' ')}: ${step.stdout}${step.stderr}`).toBe(0);
  }
  const requests = front.nginx.requests().slice(seen);
  expect(requests.some((r) => r.method === 'PUT' && r.uri === `/v2/${repo}/manifests/1` && r.status === 201), JSON.stringify(requests)).toBe(true);
  expect(requests.some((r) => r.method === 'GET' && r.uri.startsWith(`/v2/${repo}/manifests/`) && r.status === 200), JSON.stringify(requests)).toBe(true);
}

describe('the leaf-only fronts', () => {
  it('send no CA: before any profile, docker refuses them and nothing is trusted', async () => {
    for (const front of [urlFront, pemFront]) {
      expect(existsSync(join(CERTS_D, front.hostPort))).toBe(false);
      const pull = await docker(['pull', `${front.hostPort}/team/none:1`]);
      expect(pull.code).not.toBe(0);
      expect(pull.stdout + pull.stderr).toContain('x509');
    }
  });
});

describe('a profile with caUrl and caFingerprint', () => {
  it('a wrong caFingerprint for the caUrl: exit 1, fingerprint-mismatch naming the profile fields, nothing written', async () => {
    const before = snapshot();
    const logged = registry.log().length;
    const result = await apply(profileFile([{ host: urlFront.hostPort, pull: true, push: true, caUrl: caUrl(urlFront), caFingerprint: otherCa.fingerprintSha256 }]));
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(1);
    const error = errorOf(result);
    expect(error.code).toBe('fingerprint-mismatch');
    for (const part of ['registries[0].caFingerprint', 'registries[0].caUrl', caUrl(urlFront), otherCa.fingerprintSha256, urlFront.ca.fingerprintSha256]) expect(error.message).toContain(part);
    expect(snapshot()).toEqual(before);
    expect(await docksideKeychainSecret(keyring, urlFront.hostPort)).toBeNull();
    // The password was never sent: the registry saw no request at all.
    expect(registry.log().slice(logged)).not.toContain('http.request.uri=');
  });

  it('profile check says the CA comes from the caUrl, and changes nothing', async () => {
    const before = snapshot();
    const path = profileFile([{ host: urlFront.hostPort, pull: true, push: true, caUrl: caUrl(urlFront), caFingerprint: urlFront.ca.fingerprintSha256 }]);
    const result = await dockside(['profile', 'check', path, '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const report = ProfileCheckJsonSchema.parse(JSON.parse(result.stdout));
    expect(report.registries[0]?.state?.trust).toEqual({ state: 'install', fingerprint: urlFront.ca.fingerprintSha256, source: { kind: 'url', url: caUrl(urlFront) }, osStore: 'no' });
    const text = await dockside(['profile', 'check', path], env);
    expect(text.stdout).toContain(`(the CA from ${caUrl(urlFront)})`);
    expect(snapshot()).toEqual(before);
  });

  it('profile apply --yes installs the CA from the URL and signs in: docker push and pull work through the front', async () => {
    const result = await apply(profileFile([{ host: urlFront.hostPort, pull: true, push: true, caUrl: caUrl(urlFront), caFingerprint: urlFront.ca.fingerprintSha256 }]));
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(password);
    const out = ProfileApplyJsonSchema.parse(JSON.parse(result.stdout));
    expect(out.outcome).toBe('applied');
    expect(out.logins.map((login) => login.registry)).toEqual([urlFront.hostPort]);
    expect(new X509Certificate(readFileSync(caPath(urlFront))).fingerprint256).toBe(urlFront.ca.fingerprintSha256);
    expect(JSON.parse((await docksideKeychainSecret(keyring, urlFront.hostPort)) ?? '{}')).toEqual({ Username: USERNAME, Secret: password });
    await pushThenPull(urlFront, 'team/from-url');
  });
});

describe('a profile with caPem only', () => {
  it('osTrust with --yes and no terminal: refused, nothing asked of the registry, nothing written', async () => {
    const before = snapshot();
    const logged = pemFront.nginx.requests().length;
    const result = await apply(profileFile([{ host: pemFront.hostPort, pull: true, push: true, caPem: pemFront.ca.pem, osTrust: true }]));
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(1);
    const error = errorOf(result);
    expect(error.code).toBe('os-trust-needs-confirmation');
    expect(error.message).toContain('registries[0]');
    expect(error.message).toContain('--yes');
    expect(snapshot()).toEqual(before);
    expect(pemFront.nginx.requests().slice(logged)).toEqual([]);
    expect(await docksideKeychainSecret(keyring, pemFront.hostPort)).toBeNull();
  });

  it('profile apply --yes installs the caPem (the profile is the pin, which the plan says): docker push and pull work', async () => {
    const result = await apply(profileFile([{ host: pemFront.hostPort, pull: true, push: true, caPem: pemFront.ca.pem }]));
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(0);
    const out = ProfileApplyJsonSchema.parse(JSON.parse(result.stdout));
    expect(out.outcome).toBe('applied');
    expect(out.registries[0]?.trust).toEqual({ state: 'install', fingerprint: pemFront.ca.fingerprintSha256, source: { kind: 'pem', field: 'registries[0].caPem' }, osStore: 'no' });
    const notice = out.warnings.find((warning) => warning.code === 'profile.warning.ca-pem-is-pin');
    expect(notice, JSON.stringify(out.warnings)).toBeDefined();
    expect(english(notice!)).toContain(pemFront.ca.fingerprintSha256);
    expect(new X509Certificate(readFileSync(caPath(pemFront))).fingerprint256).toBe(pemFront.ca.fingerprintSha256);
    await pushThenPull(pemFront, 'team/from-pem');
  });
});

describe('osTrust at a terminal: asked every time, --yes or not', () => {
  const question = 'Trust this CA for every website? [y/N]';
  const osTrustProfile = (): string => profileFile([{ host: pemFront.hostPort, pull: true, push: true, caPem: pemFront.ca.pem, osTrust: true }]);

  it('a no keeps the CA to Docker: with --yes, the rest applies (here: nothing left to do)', async () => {
    const before = snapshot();
    const screen = await docksideAtTerminal(['profile', 'apply', osTrustProfile(), '--yes'], [[question, 'n']]);
    expect(screen).toContain(`${pemFront.hostPort}: the profile (registries[0].osTrust) asks to add its CA ${pemFront.ca.fingerprintSha256} to this computer's trust store`);
    expect(screen).toContain('every website');
    expect(screen).toContain(`${pemFront.hostPort}: its CA does not go into the OS trust store; only Docker trusts it.`);
    expect(screen).toContain('the profile asks for the OS trust store too');
    expect(screen).toContain('Nothing to do');
    expect(snapshot()).toEqual(before);
  });

  it('a yes puts the OS trust store into the plan the user then sees (declined here: nothing written)', async () => {
    const before = snapshot();
    const screen = await docksideAtTerminal(['profile', 'apply', osTrustProfile()], [[question, 'y'], ['Apply this change? [y/N]', 'n']]);
    expect(screen).toContain(question);
    expect(screen).toContain('also into the OS trust store, for every website');
    expect(screen).not.toContain('only Docker trusts it');
    expect(snapshot()).toEqual(before);
  });
});
