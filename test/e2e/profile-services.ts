import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type CertificateAuthority, createCa, issueCert } from '../harness/certs';
import { createCleanups } from '../harness/cleanup';
import { type Dockerd, startDockerd } from '../harness/dockerd';
import { HELPER_DIR, userEnv as harnessUserEnv } from '../harness/dockside';
import { CERTS_D, dockerOk, pushSeedAs, removeCertsD, withScratchTrustAndLogin } from '../harness/docker-scratch';
import { addHosts } from '../harness/hosts';
import { docksideKeychainSecret, type Keyring, startKeyring } from '../harness/keyring';
import { type NginxRequest, type NginxSplit, startNginxSplit } from '../harness/nginx';
import { freePort } from '../harness/ports';
import { type Registry, startRegistry } from '../harness/registry';
import { run, type RunResult } from '../harness/run';
import { seedImage } from '../harness/seed-image';
import { makeTempDir, uniqueSuffix } from '../harness/tmp';

/**
 * What an organisation profile (issue 9) names, real and isolated, for test/e2e/profile.test.ts:
 *
 * - `tls`: a TLS docker-registry with htpasswd on ::1 under `ptls-<suffix>.dockside.test`, its
 *   certificate from CA A (self-signed, NOT trusted by dockerd), holding the private image `team/app:1`;
 * - `front`: nginx with the GET/PUT split (DESIGN §1) on ::1 under `pfront-<suffix>.dockside.test`,
 *   its certificate from CA B (another CA: two pins, two ca.crt), routing PUT/POST/PATCH/DELETE to a
 *   plain-HTTP registry on 127.0.0.1 (the Nexus hosted repository) and GET/HEAD to a plain-HTTP,
 *   read-only registry serving the same storage (a Nexus group containing the hosted repository);
 *   both behind htpasswd with the same user and password (one Nexus account behind every connector);
 * - `bad`: a third TLS registry with htpasswd (CA C) under `pbad-<suffix>.dockside.test`, for the
 *   profile whose pin does not match;
 * - `mirror`: a plain-HTTP registry on 127.0.0.1 under `pmirror-<suffix>.dockside.test` playing the
 *   Docker Hub mirror, anonymous, holding `library/busybox:latest` (no internet: only it can serve busybox);
 * - gnome-keyring on a private session bus, an isolated dockerd, a temp HOME with DOCKER_CONFIG
 *   under it, and a temp DOCKSIDE_STATE_DIR.
 *
 * The front's layout is proven with docker itself while the services start (CA B in certs.d and a
 * login in a scratch config, push, rmi, pull, all through nginx); that trust and login are removed
 * again, so the profile starts from an untrusted, signed-out machine.
 *
 * certs.d is the machine's real /etc/docker/certs.d (dockerd reads nothing else): cleanup() removes
 * the directories the profile's apply creates there (registered before any apply runs).
 */
export interface ProfileServices {
  readonly suffix: string;
  readonly username: string;
  /** A canary: one password for every registry; searched for in config.json afterwards. */
  readonly password: string;
  /** `ptls-<suffix>.dockside.test:<port>` */
  readonly tls: string;
  readonly tlsCa: CertificateAuthority;
  readonly tlsRegistry: Registry;
  /** `<tls>/team/app:1`, seeded. */
  readonly privateImage: string;
  /** `pfront-<suffix>.dockside.test:<port>` */
  readonly front: string;
  readonly frontCa: CertificateAuthority;
  readonly nginx: NginxSplit;
  readonly pushUpstream: Registry;
  readonly pullUpstream: Registry;
  /** The nginx requests of the layout proof made while starting (push, rmi, pull of `<front>/team/proof:1`). */
  readonly frontProof: { image: string; requests: NginxRequest[] };
  /** `pbad-<suffix>.dockside.test:<port>`: served with CA C's certificate. */
  readonly bad: string;
  readonly badCa: CertificateAuthority;
  readonly badRegistry: Registry;
  /** `http://pmirror-<suffix>.dockside.test:<port>` */
  readonly mirrorUrl: string;
  readonly mirror: Registry;
  readonly dockerd: Dockerd;
  readonly keyring: Keyring;
  readonly home: string;
  readonly dockerConfig: string;
  readonly stateDir: string;
  /** A temp dir for the test's own files (profiles); removed by cleanup(). */
  readonly workDir: string;
  /** /etc/docker/certs.d/<host:port> for tls, front and bad: created (or not) by Dockside, removed by cleanup(). */
  certsDDir(hostPort: string): string;
  /** The developer's shell, as for the other e2e suites, plus DOCKSIDE_DAEMON_JSON; DOCKSIDE_CERTS_DIR unset. */
  readonly env: NodeJS.ProcessEnv;
  /** The docker CLI as the developer; never throws on a non-zero exit. */
  docker(args: string[]): Promise<RunResult>;
  /** What the Secret Service holds for `server` under Dockside's helper, read with secret-tool; null when nothing. */
  keychainSecret(server: string): Promise<string | null>;
  /** Stops everything, removes the temp dirs, the hosts entries and what Dockside put in certs.d. */
  cleanup(): Promise<void>;
}

const USERNAME = 'dev';

export async function startProfileServices(): Promise<ProfileServices> {
  const suffix = uniqueSuffix();
  const tlsName = `ptls-${suffix}.dockside.test`;
  const frontName = `pfront-${suffix}.dockside.test`;
  const badName = `pbad-${suffix}.dockside.test`;
  const mirrorName = `pmirror-${suffix}.dockside.test`;
  const password = `Canary-${suffix}-profile-pw!`;
  const cleanups = createCleanups();

  try {
    const dir = makeTempDir('profile');
    cleanups.add(() => dir.remove());

    // Before any dockerd starts: a Go resolver that already read /etc/hosts may miss a new name for 5 s.
    const tlsHosts = addHosts([tlsName, frontName, badName]);
    cleanups.add(() => tlsHosts.remove());
    const mirrorHosts = addHosts([mirrorName], '127.0.0.1');
    cleanups.add(() => mirrorHosts.remove());

    const keyring = cleanups.track(await startKeyring());
    const dockerd = cleanups.track(await startDockerd());
    await seedImage(dockerd, 'dockside-seed:1');
    const users = { [USERNAME]: password };

    // A: the TLS registry, seeded with the private image.
    const tlsCa = await createCa(dir.path, { commonName: `Dockside Profile Test CA A ${suffix}` });
    const tlsPort = await freePort('::1');
    const tlsCert = await issueCert(tlsCa, dir.path, { commonName: tlsName, dnsNames: [tlsName] });
    const tlsRegistry = cleanups.track(
      await startRegistry({ listen: { host: '::1', port: tlsPort }, tls: { certPath: tlsCert.chainPath, keyPath: tlsCert.keyPath }, htpasswd: { users } }),
    );
    const tls = `${tlsName}:${tlsPort}`;
    const privateImage = `${tls}/team/app:1`;
    await withScratchTrustAndLogin(dockerd, { registry: tls, ca: tlsCa, username: USERNAME, password, scratch: dir.join('seed-tls') }, async (env) => {
      await pushSeedAs(env, privateImage);
    });

    // B: the nginx front, PUT to the hosted registry, GET to a read-only registry on its storage (a group).
    const frontCa = await createCa(dir.path, { commonName: `Dockside Profile Test CA B ${suffix}` });
    const pushUpstream = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' }, htpasswd: { users } }));
    // The pull side reads the hosted registry's storage, read-only. Not a pull-through proxy of it:
    // Distribution 2.8's proxy sends the configured username and password only to a token realm,
    // so against an htpasswd upstream every blob HEAD of a push answers 500 ("authentication required").
    const pullUpstream = cleanups.track(
      await startRegistry({ listen: { host: '127.0.0.1' }, htpasswd: { users }, storageDir: pushUpstream.dataDir, readOnly: true }),
    );
    const frontPort = await freePort('::1');
    const frontCert = await issueCert(frontCa, dir.path, { commonName: frontName, dnsNames: [frontName] });
    const nginx = cleanups.track(
      await startNginxSplit({
        listen: { host: '::1', port: frontPort },
        tls: { certPath: frontCert.chainPath, keyPath: frontCert.keyPath },
        pullUpstream: pullUpstream.hostPort,
        pushUpstream: pushUpstream.hostPort,
      }),
    );
    const front = `${frontName}:${frontPort}`;
    // The layout proven with docker before the profile relies on it.
    const proofImage = `${front}/team/proof:1`;
    await withScratchTrustAndLogin(dockerd, { registry: front, ca: frontCa, username: USERNAME, password, scratch: dir.join('proof-front') }, async (env) => {
      for (const args of [['tag', 'dockside-seed:1', proofImage], ['push', proofImage], ['rmi', proofImage], ['pull', proofImage], ['rmi', proofImage]]) {
        await dockerOk(env, args);
      }
    });
    const frontProof = { image: proofImage, requests: nginx.requests() };

    // C: the registry whose pin will not match.
    const badCa = await createCa(dir.path, { commonName: `Dockside Profile Test CA C ${suffix}` });
    const badPort = await freePort('::1');
    const badCert = await issueCert(badCa, dir.path, { commonName: badName, dnsNames: [badName] });
    const badRegistry = cleanups.track(
      await startRegistry({ listen: { host: '::1', port: badPort }, tls: { certPath: badCert.chainPath, keyPath: badCert.keyPath }, htpasswd: { users } }),
    );
    const bad = `${badName}:${badPort}`;

    // The mirror: Docker Hub's busybox in a plain registry on 127.0.0.1 (insecure for dockerd by default).
    const mirror = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } }));
    const busybox = `${mirror.hostPort}/library/busybox:latest`;
    await pushSeedAs(dockerd.env, busybox);
    const mirrorUrl = `http://${mirrorName}:${mirror.hostPort.split(':')[1]}`;

    // Registered before any apply: whatever happens, what Dockside puts in certs.d for these goes.
    for (const hostPort of [tls, front, bad]) cleanups.add(removeCertsD(join(CERTS_D, hostPort)));

    // The developer: a home of their own, and Dockside's journal and backups in a temp state dir.
    const home = dir.join('home');
    const dockerConfig = join(home, '.docker');
    mkdirSync(home);
    const stateDir = dir.join('state');
    const workDir = dir.join('work');
    mkdirSync(workDir);
    if (!existsSync(join(HELPER_DIR, 'docker-credential-dockside'))) {
      throw new Error(`${HELPER_DIR}/docker-credential-dockside is missing: run \`npm run build\` first`);
    }
    const env: NodeJS.ProcessEnv = { ...harnessUserEnv({ dockerd, keyring, home, dockerConfig, stateDir }), DOCKSIDE_DAEMON_JSON: dockerd.configFile };
    // certs.d must be the real one: dockerd reads only /etc/docker/certs.d.
    delete env.DOCKSIDE_CERTS_DIR;

    const docker = (args: string[]): Promise<RunResult> => run('docker', args, { env, timeoutMs: 120_000 });
    const keychainSecret = (server: string): Promise<string | null> => docksideKeychainSecret(keyring, server);

    return {
      suffix,
      username: USERNAME,
      password,
      tls,
      tlsCa,
      tlsRegistry,
      privateImage,
      front,
      frontCa,
      nginx,
      pushUpstream,
      pullUpstream,
      frontProof,
      bad,
      badCa,
      badRegistry,
      mirrorUrl,
      mirror,
      dockerd,
      keyring,
      home,
      dockerConfig,
      stateDir,
      workDir,
      certsDDir: (hostPort) => join(CERTS_D, hostPort),
      env,
      docker,
      keychainSecret,
      cleanup: () => cleanups.run(),
    };
  } catch (error) {
    await cleanups.run().catch(() => undefined);
    throw error;
  }
}
