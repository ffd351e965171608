import { mkdirSync, writeFileSync } from 'node:fs';
import { type Service, startService, waitUntil } from './proc';
import { run } from './run';
import { makeTempDir } from './tmp';

/**
 * A Secret Service (org.freedesktop.secrets) for credential-helper tests: a private session
 * bus and gnome-keyring-daemon on it, unlocked with a known password. Every directory the
 * keyring reads is under a fresh temp dir: a leftover login keyring made with another
 * password would leave the collection locked and every store failing.
 */
export interface Keyring {
  readonly dir: string;
  readonly password: string;
  /** Only the variables to point a child process at this keyring: spread them over a base env. */
  readonly env: Readonly<Record<string, string>>;
  /** The pids of dbus-daemon and gnome-keyring-daemon (still listed after stop(), to check they are gone). */
  pids(): number[];
  /** Stops both daemons, waits for them, removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

/** A session bus with no service directories, so nothing is ever auto-activated with the wrong env. */
const busConfig = (socket: string): string => `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

export async function startKeyring(options: { password?: string } = {}): Promise<Keyring> {
  const password = options.password ?? 'dockside-test-password';
  const tmp = makeTempDir('keyring');
  // proc.ts kills both daemons when a test never calls stop(); this removes what they kept.
  const removeOnExit = (): void => tmp.remove();
  process.once('exit', removeOnExit);
  const env: Record<string, string> = {
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${tmp.join('bus')}`,
    XDG_DATA_HOME: tmp.join('data'),
    XDG_CONFIG_HOME: tmp.join('config'),
    XDG_CACHE_HOME: tmp.join('cache'),
    XDG_RUNTIME_DIR: tmp.join('runtime'),
  };
  for (const dir of ['data', 'config', 'cache', 'runtime']) mkdirSync(tmp.join(dir), { mode: 0o700 });
  writeFileSync(tmp.join('bus.conf'), busConfig(tmp.join('bus')));
  const childEnv = { ...process.env, ...env };

  const services: Service[] = [];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      // Reverse start order: the keyring before the bus it is connected to.
      for (const service of [...services].reverse()) await service.stop(5_000);
      tmp.remove();
      process.off('exit', removeOnExit);
    })();
    return stopping;
  };

  const dbusSend = (method: string, ...args: string[]) =>
    run('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', `org.freedesktop.DBus.${method}`, ...args], {
      env: childEnv,
      timeoutMs: 5_000,
    });

  try {
    const bus = startService('dbus-daemon', 'dbus-daemon', [`--config-file=${tmp.join('bus.conf')}`, '--nofork', '--nopidfile'], {
      logFile: tmp.join('dbus.log'),
      env: childEnv,
    });
    services.push(bus);
    await waitUntil(bus, 'the session bus', async () => (await dbusSend('GetId')).code === 0, 10_000);

    // --unlock reads the password from stdin: the login keyring is created with it and unlocked.
    const keyring = startService('gnome-keyring-daemon', 'gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      logFile: tmp.join('gnome-keyring.log'),
      env: childEnv,
      stdin: password,
    });
    services.push(keyring);
    await waitUntil(
      keyring,
      'org.freedesktop.secrets on the bus',
      async () => (await dbusSend('NameHasOwner', 'string:org.freedesktop.secrets')).stdout.includes('boolean true'),
      15_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    dir: tmp.path,
    password,
    env,
    pids: () => services.map((service) => service.child.pid).filter((pid): pid is number => pid !== undefined),
    stop,
  };
}

/** What the keyring holds for `server` under docker-credential-dockside, read with libsecret's own secret-tool (no Dockside code involved); null when nothing. */
export async function docksideKeychainSecret(keyring: Pick<Keyring, 'env'>, server: string): Promise<string | null> {
  const found = await run('secret-tool', ['lookup', 'service', 'docker-credential-dockside', 'username', server], { env: { ...process.env, ...keyring.env } });
  return found.code === 0 ? found.stdout : null;
}
