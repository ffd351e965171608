import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { resolveListen, type ListenOptions } from './address';
import { httpRequest } from './http';
import { startService, waitUntil } from './proc';
import { runOk } from './run';
import { makeTempDir } from './tmp';

/**
 * A real Distribution registry (`docker-registry`, 2.8.2 here) in its own temp dir. It plays a
 * Nexus connector: hosted (push and pull), proxy (pull-through cache of another local registry
 * playing Docker Hub), behind htpasswd or behind a token server like Nexus's Bearer Token Realm.
 */

export interface RegistryOptions {
  listen: ListenOptions;
  /** Serve HTTPS; pass an issued cert's chainPath as certPath so clients get the CA too. */
  tls?: { certPath: string; keyPath: string };
  /** Basic auth with a bcrypt htpasswd file (Distribution accepts nothing else). */
  htpasswd?: { users: Record<string, string> };
  /** Bearer tokens from a token server; rootCertBundlePath holds the CA that issued its signing cert. */
  token?: { realm: string; service: string; issuer: string; rootCertBundlePath: string };
  /** Pull-through cache. For an HTTPS upstream signed by a test CA, set SSL_CERT_FILE in extraEnv. */
  proxy?: { remoteUrl: string; username?: string; password?: string };
  /**
   * Serve this storage root (another registry's dataDir) instead of a fresh one: two registries on
   * one root see each other's images, like a Nexus group holding a hosted repository. Left in
   * place by stop(): its owner removes it.
   */
  storageDir?: string;
  /** Refuse every write (Distribution's read-only maintenance mode), like a Nexus group. */
  readOnly?: boolean;
  extraEnv?: Record<string, string>;
}

export interface Registry {
  /** `https://[::1]:PORT` or `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly hostPort: string;
  /** Filesystem storage root: what the registry holds, on disk. */
  readonly dataDir: string;
  log(): string;
  /** Stops the registry and removes its temp dir (data included). */
  stop(): Promise<void>;
}

export async function startRegistry(options: RegistryOptions): Promise<Registry> {
  if (options.htpasswd && options.token) throw new Error('startRegistry: a registry takes one auth method, not htpasswd and token');
  const dir = makeTempDir('registry');
  try {
    const address = await resolveListen(options.listen);
    const dataDir = options.storageDir ?? dir.join('data');
    if (options.storageDir === undefined) mkdirSync(dataDir);
    const config = {
      version: '0.1',
      log: { level: 'info', formatter: 'text' },
      storage: {
        filesystem: { rootdirectory: dataDir },
        // Tests delete blobs and abandoned upload sessions (the push probe) on purpose.
        delete: { enabled: true },
        maintenance: { uploadpurging: { enabled: false }, readonly: options.readOnly ? { enabled: true } : undefined },
      },
      http: {
        addr: address.hostPort,
        // Fixed per instance so the registry does not log a warning about a random one.
        secret: randomBytes(16).toString('hex'),
        tls: options.tls && { certificate: options.tls.certPath, key: options.tls.keyPath },
      },
      auth: await authSection(options, dir.join('htpasswd')),
      proxy: options.proxy && {
        remoteurl: options.proxy.remoteUrl,
        username: options.proxy.username,
        password: options.proxy.password,
      },
    };
    const configPath = dir.join('config.yml');
    writeFileSync(configPath, stringify(config));

    const service = startService('docker-registry', 'docker-registry', ['serve', configPath], {
      logFile: dir.join('registry.log'),
      env: { ...registryFreeEnv(), ...options.extraEnv },
    });
    const url = `${options.tls ? 'https' : 'http'}://${address.hostPort}`;
    try {
      // Any HTTP answer means it is serving; who signed the cert is the tests' business.
      await waitUntil(service, `${url}/v2/ to answer`, async () => {
        await httpRequest(`${url}/v2/`, { insecure: true, timeoutMs: 2000 });
        return true;
      });
    } catch (error) {
      await service.stop();
      throw error;
    }
    return {
      url,
      hostPort: address.hostPort,
      dataDir,
      log: service.log,
      stop: async () => {
        await service.stop();
        dir.remove();
      },
    };
  } catch (error) {
    dir.remove();
    throw error;
  }
}

async function authSection(options: RegistryOptions, htpasswdPath: string): Promise<Record<string, unknown> | undefined> {
  if (options.htpasswd) {
    const lines: string[] = [];
    for (const [name, password] of Object.entries(options.htpasswd.users)) {
      // -i: the password goes in on stdin, never in argv.
      lines.push((await runOk('htpasswd', ['-niB', name], { input: password })).stdout.trim());
    }
    writeFileSync(htpasswdPath, `${lines.join('\n')}\n`);
    return { htpasswd: { realm: 'dockside-test', path: htpasswdPath } };
  }
  if (options.token) {
    const { realm, service, issuer, rootCertBundlePath } = options.token;
    return { token: { realm, service, issuer, rootcertbundle: rootCertBundlePath } };
  }
  return undefined;
}

/** The registry overrides its config from REGISTRY_* variables; a stray one must not change a test. */
function registryFreeEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('REGISTRY_')));
}
