import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type CertificateAuthority, createCa, issueCert } from '../harness/certs';
import { createCleanups } from '../harness/cleanup';
import { type Dockerd, startDockerd } from '../harness/dockerd';
import { HELPER_DIR, userEnv as harnessUserEnv } from '../harness/dockside';
import { CERTS_D, pushSeedAs, removeCertsD, withScratchTrustAndLogin } from '../harness/docker-scratch';
import { addHosts } from '../harness/hosts';
import { docksideKeychainSecret, type Keyring, startKeyring } from '../harness/keyring';
import { freePort } from '../harness/ports';
import { type Registry, startRegistry } from '../harness/registry';
import { run, type RunResult } from '../harness/run';
import { seedImage } from '../harness/seed-image';
import { makeTempDir, uniqueSuffix } from '../harness/tmp';

/**
 * Everything the setup wizard talks to, real and isolated, for one run of the UI test:
 *
 * - a TLS docker-registry with htpasswd on ::1 under `wiz-<suffix>.dockside.test` (::1, so dockerd
 *   really checks TLS), its CA self-signed and NOT trusted by dockerd, holding the private image
 *   `team/app:1`, and no login anywhere: where the wizard starts;
 * - a plain HTTP docker-registry on 127.0.0.1 under `wizmirror-<suffix>.dockside.test` playing the
 *   Docker Hub mirror, holding `library/busybox:latest` (there is no internet: only it can serve busybox);
 * - gnome-keyring on a private session bus, or the one passed in (also in process.env while the
 *   services run: the handlers run in this process and @napi-rs/keyring reads DBUS_SESSION_BUS_ADDRESS
 *   from it; see WizardServicesOptions.keyring);
 * - an isolated dockerd with a daemon.json of its own;
 * - a temp HOME with DOCKER_CONFIG under it, and a temp DOCKSIDE_STATE_DIR (also in process.env:
 *   the privileged child the apply starts inherits it).
 *
 * certs.d is the machine's real /etc/docker/certs.d (dockerd reads nothing else): cleanup() removes
 * the registry's directory the wizard creates there.
 */
export interface WizardServices {
  readonly suffix: string;
  /** `wiz-<suffix>.dockside.test:<port>` */
  readonly registry: string;
  /** The private image in `registry`: `<registry>/team/app:1`. */
  readonly privateImage: string;
  readonly ca: CertificateAuthority;
  /** `AB:CD:...`, as `openssl x509 -noout -fingerprint -sha256` prints it. */
  readonly caFingerprint: string;
  readonly username: string;
  /** A canary: searched for in config.json and the page afterwards. */
  readonly password: string;
  /** `http://wizmirror-<suffix>.dockside.test:<port>`, what the user types on Mirrors. */
  readonly mirrorUrl: string;
  readonly mirror: Registry;
  readonly dockerd: Dockerd;
  readonly keyring: Keyring;
  readonly home: string;
  readonly dockerConfig: string;
  readonly stateDir: string;
  /** /etc/docker/certs.d/<registry>: created by the wizard's apply, removed by cleanup(). */
  readonly certsDDir: string;
  /** For bridgeHandlers(): the app as a developer would start it on this machine. */
  readonly handlersEnv: NodeJS.ProcessEnv;
  /** The developer's shell: the docker CLI against the isolated dockerd, with their HOME and DOCKER_CONFIG. */
  readonly userEnv: NodeJS.ProcessEnv;
  /** The docker CLI as the developer; never throws on a non-zero exit. */
  docker(args: string[]): Promise<RunResult>;
  /** What the Secret Service holds for `server` under Dockside's helper, read with secret-tool; null when nothing. */
  keychainSecret(server: string): Promise<string | null>;
  /** With `profileRegistries`: the other registries a profile names (issue 18); null otherwise. */
  readonly profile: ProfileRegistries | null;
  /** Stops everything, restores process.env, removes the temp dirs and what the wizard put in certs.d. */
  cleanup(): Promise<void>;
}

/**
 * The rest of a team profile: a second TLS registry (its own CA, and an account of its own, `ops`),
 * a plain-HTTP registry behind htpasswd (the same `dev` account as the first), and an anonymous
 * plain-HTTP registry under two names (a profile of insecure registries only, one name per run).
 */
export interface ProfileRegistries {
  /** `wiz2-<suffix>.dockside.test:<port>` */
  readonly tls: string;
  readonly tlsCa: CertificateAuthority;
  readonly tlsCertsDDir: string;
  readonly tlsAccount: { username: string; password: string };
  /** `wizhttp-<suffix>.dockside.test:<port>`: signs in with `username`/`password`. */
  readonly http: string;
  /** `wizanon<n>-<suffix>.dockside.test:<port>`: one registry, anonymous, under two names. */
  readonly anonymous: readonly [string, string];
}

const USERNAME = 'dev';

export interface WizardServicesOptions {
  /**
   * A keyring to use instead of starting one; left running by cleanup(). One per test process is
   * the only kind that works more than once: libdbus (under @napi-rs/keyring) reads
   * DBUS_SESSION_BUS_ADDRESS the first time it connects and keeps that address for the life of
   * the process, so the handlers of a second run would still dial the first, stopped, bus.
   */
  keyring?: Keyring;
  /** Start the other registries of a team profile too (see ProfileRegistries). */
  profileRegistries?: boolean;
}

export async function startWizardServices(options: WizardServicesOptions = {}): Promise<WizardServices> {
  const suffix = uniqueSuffix();
  const registryName = `wiz-${suffix}.dockside.test`;
  const mirrorName = `wizmirror-${suffix}.dockside.test`;
  const password = `Canary-${suffix}-wizard-pw!`;
  const cleanups = createCleanups();

  try {
    const dir = makeTempDir('ui-wizard');
    cleanups.add(() => dir.remove());

    // Before any dockerd starts: a Go resolver that already read /etc/hosts may miss a new name for 5 s.
    const registryHosts = addHosts([registryName]);
    cleanups.add(() => registryHosts.remove());
    const mirrorHosts = addHosts([mirrorName], '127.0.0.1');
    cleanups.add(() => mirrorHosts.remove());
    const profileNames = { tls: `wiz2-${suffix}.dockside.test`, http: `wizhttp-${suffix}.dockside.test`, anonymous: [`wizanon1-${suffix}.dockside.test`, `wizanon2-${suffix}.dockside.test`] as const };
    if (options.profileRegistries === true) {
      const tlsHosts = addHosts([profileNames.tls]);
      cleanups.add(() => tlsHosts.remove());
      const httpHosts = addHosts([profileNames.http, ...profileNames.anonymous], '127.0.0.1');
      cleanups.add(() => httpHosts.remove());
    }

    const keyring = options.keyring ?? cleanups.track(await startKeyring());
    cleanups.add(setProcessEnv(keyring.env));

    const dockerd = cleanups.track(await startDockerd());

    // The TLS registry, its CA self-signed and unknown to dockerd.
    const ca = await createCa(dir.path, { commonName: `Dockside Wizard Test CA ${suffix}` });
    const port = await freePort('::1');
    const cert = await issueCert(ca, dir.path, { commonName: registryName, dnsNames: [registryName] });
    cleanups.track(
      await startRegistry({
        listen: { host: '::1', port },
        tls: { certPath: cert.chainPath, keyPath: cert.keyPath },
        htpasswd: { users: { [USERNAME]: password } },
      }),
    );
    const registry = `${registryName}:${port}`;
    const certsDDir = join(CERTS_D, registry);
    // Registered now, though the wizard creates it: whatever happens, it goes.
    cleanups.add(removeCertsD(certsDDir));

    await seedImage(dockerd, 'dockside-seed:1');
    const privateImage = `${registry}/team/app:1`;
    // Pushed with the CA and a login that are taken away again: the wizard starts untrusted and signed out.
    await withScratchTrustAndLogin(dockerd, { registry, ca, username: USERNAME, password, scratch: dir.join('seed-docker-config') }, async (env) => {
      await pushSeedAs(env, privateImage);
    });

    // The mirror: Docker Hub's busybox in a plain registry on 127.0.0.1 (insecure for dockerd by default).
    const mirror = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } }));
    const busybox = `${mirror.hostPort}/library/busybox:latest`;
    await pushSeedAs(dockerd.env, busybox);
    const mirrorUrl = `http://${mirrorName}:${mirror.hostPort.split(':')[1]}`;

    // The developer: a home of their own, and Dockside's journal and backups in a temp state dir.
    const home = dir.join('home');
    const dockerConfig = join(home, '.docker');
    mkdirSync(home);
    const stateDir = dir.join('state');
    cleanups.add(setProcessEnv({ DOCKSIDE_STATE_DIR: stateDir }));
    if (!existsSync(join(HELPER_DIR, 'docker-credential-dockside'))) {
      throw new Error(`${HELPER_DIR}/docker-credential-dockside is missing: run \`npm run build\` first`);
    }

    let profile: ProfileRegistries | null = null;
    if (options.profileRegistries === true) {
      const tlsCa = await createCa(dir.path, { commonName: `Dockside Wizard Test CA 2 ${suffix}` });
      const tlsPort = await freePort('::1');
      const tlsCert = await issueCert(tlsCa, dir.path, { commonName: profileNames.tls, dnsNames: [profileNames.tls] });
      const tlsAccount = { username: 'ops', password: `Canary-${suffix}-ops-pw!` };
      cleanups.track(
        await startRegistry({
          listen: { host: '::1', port: tlsPort },
          tls: { certPath: tlsCert.chainPath, keyPath: tlsCert.keyPath },
          htpasswd: { users: { [tlsAccount.username]: tlsAccount.password } },
        }),
      );
      const tls = `${profileNames.tls}:${tlsPort}`;
      const tlsCertsDDir = join(CERTS_D, tls);
      cleanups.add(removeCertsD(tlsCertsDDir));
      const http = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' }, htpasswd: { users: { [USERNAME]: password } } }));
      const anonymous = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } }));
      const portOf = (registry: Registry): string => registry.hostPort.split(':')[1] ?? '';
      profile = {
        tls,
        tlsCa,
        tlsCertsDDir,
        tlsAccount,
        http: `${profileNames.http}:${portOf(http)}`,
        anonymous: [`${profileNames.anonymous[0]}:${portOf(anonymous)}`, `${profileNames.anonymous[1]}:${portOf(anonymous)}`],
      };
    }

    const path = `${HELPER_DIR}:${process.env.PATH ?? ''}`;
    const handlersEnv: NodeJS.ProcessEnv = {
      ...process.env,
      ...keyring.env,
      ...dockerd.env,
      HOME: home,
      DOCKER_CONFIG: dockerConfig,
      PATH: path,
      DOCKSIDE_ENGINE: `pidfile:${dockerd.pidfile}`,
      DOCKSIDE_DAEMON_JSON: dockerd.configFile,
      DOCKSIDE_CREDENTIAL_STORE: 'dockside',
      DOCKSIDE_STATE_DIR: stateDir,
    };
    // certs.d must be the real one: dockerd reads only /etc/docker/certs.d.
    delete handlersEnv.DOCKSIDE_CERTS_DIR;

    const userEnv = harnessUserEnv({ dockerd, keyring, home, dockerConfig, stateDir });
    const docker = (args: string[]): Promise<RunResult> => run('docker', args, { env: userEnv, timeoutMs: 120_000 });
    const keychainSecret = (server: string): Promise<string | null> => docksideKeychainSecret(keyring, server);

    return {
      suffix,
      registry,
      privateImage,
      ca,
      caFingerprint: ca.fingerprintSha256,
      username: USERNAME,
      password,
      mirrorUrl,
      mirror,
      dockerd,
      keyring,
      home,
      dockerConfig,
      stateDir,
      certsDDir,
      handlersEnv,
      userEnv,
      docker,
      keychainSecret,
      profile,
      cleanup: () => cleanups.run(),
    };
  } catch (error) {
    await cleanups.run().catch(() => undefined);
    throw error;
  }
}

/** Sets variables in process.env; the returned step puts back what was there (or deletes them). */
function setProcessEnv(vars: Readonly<Record<string, string>>): () => void {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}
