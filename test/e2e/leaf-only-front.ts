import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { type CertificateAuthority, createCa, issueCert, type IssuedCert, type IssueOptions } from '../harness/certs';
import { type Cleanups, createCleanups } from '../harness/cleanup';
import { type Dockerd, startDockerd } from '../harness/dockerd';
import { addHosts } from '../harness/hosts';
import { type Keyring, startKeyring } from '../harness/keyring';
import { startNginxSplit } from '../harness/nginx';
import { freePort } from '../harness/ports';
import { type Registry, startRegistry } from '../harness/registry';
import { run, runOk, type RunResult } from '../harness/run';
import { seedImage } from '../harness/seed-image';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';
import { TrustChangeJsonSchema } from '../../shared/trust';

// What trust-ca-url and trust-aia share: an isolated dockerd (which reads the machine's fixed
// /etc/docker/certs.d), test names on ::1, a plain-HTTP docker-registry holding an image, and
// nginx fronts before it that send only their leaf, as most Nexus fronts do.

export const CERTS_D = '/etc/docker/certs.d';
export const IMAGE = 'team/busybox:1';

export interface World {
  readonly suffix: string;
  readonly dir: TempDir;
  readonly cleanups: Cleanups;
  readonly dockerd: Dockerd;
  readonly keyring: Keyring;
  readonly hub: Registry;
  readonly ca: CertificateAuthority;
  /** For the dockside CLI: the isolated engine, its daemon.json, an isolated state dir. */
  readonly env: NodeJS.ProcessEnv;
  readonly stateDir: string;
  host(role: string): string;
  docker(args: string[]): Promise<RunResult>;
}

/** Everything but the fronts; `roles` name the hosts mapped to ::1 (before dockerd starts: Go caches /etc/hosts for 5 s). */
export async function startWorld(name: string, roles: string[]): Promise<World> {
  const suffix = uniqueSuffix();
  const host = (role: string): string => `${role}-${suffix}.dockside.test`;
  const cleanups = createCleanups();
  const dir = makeTempDir(name);
  cleanups.add(() => dir.remove());
  const hosts = addHosts(roles.map(host));
  cleanups.add(() => hosts.remove());
  // Whatever this run puts under certs.d goes, and the parents it had to create, once empty.
  const createdParents = ['/etc/docker', CERTS_D].filter((parent) => !existsSync(parent));
  cleanups.add(() => {
    for (const entry of existsSync(CERTS_D) ? readdirSync(CERTS_D) : []) {
      if (entry.includes(suffix)) rmSync(join(CERTS_D, entry), { recursive: true, force: true });
    }
    for (const parent of createdParents.reverse()) if (existsSync(parent) && readdirSync(parent).length === 0) rmdirSync(parent);
  });
  const keyring = cleanups.track(await startKeyring());
  const dockerd = cleanups.track(await startDockerd());
  const stateDir = dir.join('state');
  const env = { ...dockerd.env, ...keyring.env, DOCKSIDE_ENGINE: `pidfile:${dockerd.pidfile}`, DOCKSIDE_DAEMON_JSON: dockerd.configFile, DOCKSIDE_STATE_DIR: stateDir };
  const docker = (args: string[]): Promise<RunResult> => run('docker', args, { env: { ...dockerd.env, ...keyring.env }, timeoutMs: 120_000 });
  // 127.0.0.1 is insecure by default: the image goes in over plain HTTP.
  const hub = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } }));
  await seedImage(dockerd, 'dockside-seed:1');
  for (const args of [['tag', 'dockside-seed:1', `${hub.hostPort}/${IMAGE}`], ['push', `${hub.hostPort}/${IMAGE}`]]) {
    const result = await docker(args);
    expect(result.code, result.stderr).toBe(0);
  }
  const ca = await createCa(dir.path, { commonName: `Dockside Front CA ${suffix}` });
  return { suffix, dir, cleanups, dockerd, keyring, hub, ca, env, stateDir, host, docker };
}

export interface Front {
  /** `<name>:<port>`, as certs.d names its directory. */
  hostPort: string;
  /** `http://<name>:<port>` where `files` are served over plain HTTP too, when asked for. */
  httpBase: string | undefined;
  /** The certificate the front sends, alone. */
  leaf: IssuedCert;
}

/** nginx on ::1 for `name`, sending only its leaf (issued by the world's CA), before the hub; `files` served by URI. */
export async function leafOnlyFront(
  world: World,
  name: string,
  options: {
    /** URI to file, given the front's own leaf (a front can publish that too) and its issuer. */
    files?: (leaf: IssuedCert, issuer: CertificateAuthority) => Record<string, string>;
    http?: boolean;
    leaf?: (httpBase: string | undefined) => Omit<IssueOptions, 'commonName' | 'dnsNames'>;
    /** Who issues the leaf: the world's CA unless told (an intermediate whose AIA names `httpBase`). */
    issuer?: (httpBase: string | undefined) => Promise<CertificateAuthority>;
  } = {},
): Promise<Front> {
  const port = await freePort('::1');
  const httpPort = options.http ? await freePort('::1') : undefined;
  const httpBase = httpPort === undefined ? undefined : `http://${name}:${httpPort}`;
  const issuer = options.issuer ? await options.issuer(httpBase) : world.ca;
  const leaf = await issueCert(issuer, world.dir.path, { commonName: name, dnsNames: [name], ...options.leaf?.(httpBase) });
  world.cleanups.track(
    await startNginxSplit({
      listen: { host: '::1', port },
      tls: { certPath: leaf.certPath, keyPath: leaf.keyPath },
      pullUpstream: world.hub.hostPort,
      pushUpstream: world.hub.hostPort,
      ...(options.files ? { files: options.files(leaf, issuer) } : {}),
      ...(httpPort === undefined ? {} : { httpListen: { host: '::1', port: httpPort } }),
    }),
  );
  return { hostPort: `${name}:${port}`, httpBase, leaf };
}

/** The CA in DER, as AIA caIssuers URLs serve it. */
export function writeDer(pem: string, path: string): string {
  writeFileSync(path, new X509Certificate(pem).raw);
  return path;
}

/**
 * A CA (CA:TRUE) valid only in the past: `openssl req -x509` cannot backdate, `openssl ca
 * -selfsign` can, with a throwaway database.
 */
export async function expiredCa(dir: TempDir, commonName: string): Promise<string> {
  const work = dir.join(`expired-ca-${uniqueSuffix()}`);
  mkdirSync(join(work, 'issued'), { recursive: true });
  writeFileSync(join(work, 'index.txt'), '');
  writeFileSync(join(work, 'serial'), '01\n');
  const config = join(work, 'openssl.cnf');
  writeFileSync(
    config,
    [
      '[ req ]', 'distinguished_name = req_dn', '[ req_dn ]',
      '[ ca ]', 'default_ca = test_ca', '[ test_ca ]',
      `database = ${join(work, 'index.txt')}`, `new_certs_dir = ${join(work, 'issued')}`, `serial = ${join(work, 'serial')}`,
      'default_md = sha256', 'policy = policy_anything', 'copy_extensions = none', 'unique_subject = no',
      '[ policy_anything ]', 'commonName = supplied',
      '[ ca_ext ]', 'basicConstraints = critical,CA:TRUE', 'keyUsage = critical,keyCertSign,cRLSign', 'subjectKeyIdentifier = hash', '',
    ].join('\n'),
  );
  const key = join(work, 'ca.key');
  const csr = join(work, 'ca.csr');
  const cert = join(work, 'ca.crt');
  await runOk('openssl', ['req', '-new', '-config', config, '-newkey', 'rsa:2048', '-noenc', '-keyout', key, '-out', csr, '-subj', `/CN=${commonName}`]);
  await runOk('openssl', ['ca', '-config', config, '-batch', '-notext', '-selfsign', '-keyfile', key, '-in', csr, '-out', cert, '-extensions', 'ca_ext', '-startdate', '20200101000000Z', '-enddate', '20210101000000Z']);
  return cert;
}

/** An intermediate CA issued by `issuer`, whose own AIA caIssuers names `aiaUrl`: issueCert makes leaves only. */
export async function intermediateCa(dir: TempDir, commonName: string, issuer: CertificateAuthority, aiaUrl: string): Promise<CertificateAuthority> {
  const base = dir.join(`intermediate-${uniqueSuffix()}`);
  writeFileSync(
    `${base}.ext`,
    `basicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\nauthorityInfoAccess = caIssuers;URI:${aiaUrl}\n`,
  );
  await runOk('openssl', ['req', '-new', '-newkey', 'rsa:2048', '-noenc', '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${commonName}`]);
  await runOk('openssl', ['x509', '-req', '-in', `${base}.csr`, '-CA', issuer.certPath, '-CAkey', issuer.keyPath, '-CAcreateserial', '-days', '30', '-sha256', '-extfile', `${base}.ext`, '-out', `${base}.crt`]);
  const pem = readFileSync(`${base}.crt`, 'utf8');
  return { certPath: `${base}.crt`, keyPath: `${base}.key`, pem, fingerprintSha256: new X509Certificate(pem).fingerprint256 };
}

/** What a user checks after `trust add … --json` put the world's CA in: exit 0, ca.crt holds exactly the CA, and `docker pull` through the front works. */
export async function expectCaInstalledAndPulls(world: World, front: Front, result: RunResult): Promise<void> {
  expect(result.code, result.stderr).toBe(0);
  const change = TrustChangeJsonSchema.parse(JSON.parse(result.stdout));
  expect(change).toMatchObject({ outcome: 'applied', registry: front.hostPort, trustedAfter: true });
  expect(change.ca?.fingerprintSha256).toBe(world.ca.fingerprintSha256);
  expect(readFileSync(join(CERTS_D, front.hostPort, 'ca.crt'), 'utf8')).toBe(world.ca.pem);
  const pull = await world.docker(['pull', `${front.hostPort}/${IMAGE}`]);
  expect(pull.code, pull.stdout + pull.stderr).toBe(0);
}
