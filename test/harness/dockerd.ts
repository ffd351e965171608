import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unmountAllUnder } from './mounts';
import { isAlive, pidsMentioning, signalAll, waitForExit } from './pids';
import { type Service, startService, waitUntil } from './proc';
import { type RunResult, run } from './run';
import { makeTempDir, type TempDir } from './tmp';

/** The parts of `docker info` the tests read; the rest is there but untyped. */
export interface DockerInfo {
  ID: string;
  ServerVersion: string;
  DockerRootDir: string;
  RegistryConfig: {
    Mirrors: string[] | null;
    InsecureRegistryCIDRs: string[] | null;
    IndexConfigs: Record<string, { Name: string; Mirrors: string[] | null; Secure: boolean; Official: boolean }>;
  };
  [field: string]: unknown;
}

export interface Dockerd {
  /** The private temp dir holding everything of this daemon; gone after stop(). */
  readonly dir: string;
  readonly dataRoot: string;
  readonly socketPath: string;
  /** `unix:///...docker.sock` */
  readonly dockerHost: string;
  /** process.env with DOCKER_HOST and a private DOCKER_CONFIG, so the CLI never reads ~/.docker. */
  readonly env: NodeJS.ProcessEnv;
  /**
   * This daemon's own daemon.json; rewrite it and call reload(). It must not set what the
   * flags set (exec-root, pidfile, hosts, bridge, iptables): dockerd refuses both. data-root
   * may be set in the file instead of the flag (see DockerdOptions).
   */
  readonly configFile: string;
  readonly pidfile: string;
  /** The daemon's pid, from its pidfile: Dockside may have restarted it as another process. */
  pid(): number;
  log(): string;
  /** Runs the docker CLI against this daemon; never throws on a non-zero exit. */
  docker(args: string[], options?: { input?: string }): Promise<RunResult>;
  info(): Promise<DockerInfo>;
  /** SIGHUP, then waits for the daemon to log the reload; throws with its error when the new config was refused. */
  reload(): Promise<void>;
  /** Stops the daemon and everything it started, unmounts what it left, removes its dir. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Paths dockerd 20.10 and containerd 1.6 use whatever the flags say: the plugin exec root
 * (kept short for the 108-byte socket limit) and the shim sockets' dir. Only empty
 * directories stay there, but the ones that did not exist before the harness ran are removed.
 */
const FIXED_STATE_DIRS = ['/run/docker/plugins', '/run/docker', '/run/containerd/s', '/run/containerd'];
const preexistingStateDirs = new Set(FIXED_STATE_DIRS.filter((dir) => existsSync(dir)));

const running = new Set<TempDir>();

/** Last resort when a test never reached stop(): proc.ts has SIGKILLed dockerd by now. */
process.once('exit', () => {
  for (const tmp of running) {
    const tasks = containerTasks(tmp.join('exec'));
    signalAll([...tasks.map((task) => task.initPid), ...pidsMentioning(tmp.path)], 'SIGKILL');
    for (const task of tasks) rmSync(task.shimSocket, { force: true });
    try {
      unmountAllUnder(tmp.path);
      tmp.remove();
    } catch {
      // Nothing more can be done synchronously; the error would only hide the test's own.
    }
  }
  removeFixedStateDirs();
});

export interface DockerdOptions {
  /**
   * The initial daemon.json: an object (written as JSON), text written verbatim, or a function
   * of the daemon's paths returning that text. When the text sets `data-root`, the
   * `--data-root` flag is left out (dockerd refuses a key given both ways).
   */
  daemonJson?: object | string | ((paths: DockerdPaths) => string);
  /** More dockerd flags, e.g. `--registry-mirror URL` (a key then also set in the file makes dockerd refuse it). */
  extraArgs?: string[];
}

export interface DockerdPaths {
  dataRoot: string;
  /** Where dockerd 20.10 keeps its identity key (`deprecated-key-path`) instead of /etc/docker/key.json. */
  keyPath: string;
}

export async function startDockerd(options: DockerdOptions = {}): Promise<Dockerd> {
  const tmp = makeTempDir('dockerd');
  const socketPath = tmp.join('docker.sock');
  const dataRoot = tmp.join('data');
  const execRoot = tmp.join('exec');
  // The longest socket the daemon creates; a unix socket path is limited to 108 bytes.
  if (Buffer.byteLength(join(execRoot, 'containerd', 'containerd.sock.ttrpc')) > 107) {
    tmp.remove();
    throw new Error(`temp dir ${tmp.path} is too long for dockerd's sockets: set a shorter TMPDIR`);
  }
  running.add(tmp);
  const configFile = tmp.join('daemon.json');
  const pidfile = tmp.join('docker.pid');
  const cliConfig = tmp.join('cli');
  mkdirSync(cliConfig);
  const configText = daemonJsonText(options.daemonJson, { dataRoot, keyPath: tmp.join('key.json') });
  writeFileSync(configFile, configText);
  const dataRootFlag = /"data-root"\s*:/.test(configText) ? [] : ['--data-root', dataRoot];

  const dockerHost = `unix://${socketPath}`;
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: dockerHost, DOCKER_CONFIG: cliConfig };
  // Either would point the CLI somewhere else than DOCKER_HOST says.
  delete env.DOCKER_CONTEXT;
  delete env.DOCKER_TLS_VERIFY;

  const service = startService(
    'dockerd',
    'dockerd',
    [
      '--config-file', configFile,
      ...dataRootFlag,
      '--exec-root', execRoot,
      '--pidfile', pidfile,
      '-H', dockerHost,
      // No docker0 and no iptables rules: nothing shared with another dockerd on this machine.
      '--bridge', 'none',
      '--iptables=false',
      ...(options.extraArgs ?? []),
    ],
    // dockerd writes its log itself, as an admin's `dockerd >>log 2>&1` does: Dockside reads why a reload failed there.
    { logFile: tmp.join('dockerd.log'), cwd: tmp.path, directOutput: true },
  );

  const docker = (args: string[], opts: { input?: string } = {}): Promise<RunResult> =>
    run('docker', args, { env, input: opts.input });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      // On SIGTERM dockerd gives each container its stop timeout (10 s) to exit; test
      // containers hold nothing worth a graceful stop. A daemon that does not answer is skipped.
      const ps = await run('docker', ['ps', '-q'], { env, timeoutMs: 5_000 }).catch(() => undefined);
      const ids = ps?.code === 0 ? ps.stdout.split('\n').filter(Boolean) : [];
      if (ids.length > 0) await run('docker', ['kill', ...ids], { env, timeoutMs: 10_000 }).catch(() => undefined);
      await stopRestarted();
      await stopAndClean(service, tmp);
    })();
    return stopping;
  };

  try {
    await waitUntil(service, `the API on ${socketPath}`, async () => {
      const version = await run('docker', ['version', '--format', '{{.Server.Version}}'], { env, timeoutMs: 5_000 });
      return version.code === 0;
    }, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }

  const pid = (): number => {
    const recorded = Number(readFileSync(pidfile, 'utf8').trim());
    if (!Number.isInteger(recorded) || recorded <= 0) throw new Error(`dockerd's pidfile ${pidfile} holds no pid`);
    return recorded;
  };
  /** A daemon Dockside restarted is not the harness's child: stop it by its pid, like its first incarnation. */
  async function stopRestarted(): Promise<void> {
    let current: number;
    try {
      current = pid();
    } catch {
      // No pidfile: no daemon of this config runs (dockerd removes it on exit).
      return;
    }
    if (current === service.child.pid || !isAlive(current)) return;
    process.kill(current, 'SIGTERM');
    await waitForExit([current], 30_000).catch(() => signalAll([current], 'SIGKILL'));
  }

  return {
    dir: tmp.path,
    dataRoot,
    socketPath,
    dockerHost,
    env,
    configFile,
    pidfile,
    pid,
    log: service.log,
    docker,
    async info() {
      const result = await docker(['info', '--format', '{{json .}}']);
      if (result.code !== 0) throw new Error(`docker info exited ${result.code}: ${result.stderr}`);
      return JSON.parse(result.stdout) as DockerInfo;
    },
    async reload() {
      const before = service.log().length;
      process.kill(pid(), 'SIGHUP');
      const outcome = (): string | undefined =>
        service
          .log()
          .slice(before)
          .split('\n')
          .find((line) => line.includes('msg="Reloaded configuration') || line.includes('level=error'));
      const deadline = Date.now() + 10_000;
      while (outcome() === undefined) {
        if (!isAlive(pid())) throw new Error(`dockerd exited before reloading:\n${service.log().slice(-4000)}`);
        if (Date.now() > deadline) throw new Error(`dockerd did not log a reload within 10 s:\n${service.log().slice(-4000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const line = outcome() ?? '';
      if (line.includes('level=error')) throw new Error(`dockerd refused ${configFile}: ${line}`);
    },
    stop,
  };
}

/**
 * A string is written verbatim. An object gets `deprecated-key-path` (unless it sets one)
 * so that dockerd 20.10 keeps its identity key here instead of creating /etc/docker/key.json;
 * there is no command-line flag for it.
 */
function daemonJsonText(daemonJson: DockerdOptions['daemonJson'], paths: DockerdPaths): string {
  if (typeof daemonJson === 'string') return daemonJson;
  if (typeof daemonJson === 'function') return daemonJson(paths);
  return `${JSON.stringify({ 'deprecated-key-path': paths.keyPath, ...daemonJson }, null, 2)}\n`;
}

async function stopAndClean(service: Service, tmp: TempDir): Promise<void> {
  await service.stop(30_000);
  // dockerd stops its containers and containerd before exiting; anything left (a shim or a
  // container after a crash, containerd after a SIGKILL) is killed here and waited for.
  const tasks = containerTasks(tmp.join('exec'));
  const leftovers = [...tasks.map((task) => task.initPid), ...pidsMentioning(tmp.path)];
  signalAll(leftovers, 'SIGKILL');
  await waitForExit(leftovers);
  for (const task of tasks) rmSync(task.shimSocket, { force: true });
  // Only once nothing runs: the data-root bind mount and overlays are otherwise "busy".
  unmountAllUnder(tmp.path);
  tmp.remove();
  // On failure it stays listed, for the exit hook to try again.
  running.delete(tmp);
  if (running.size === 0) removeFixedStateDirs();
}

/**
 * The containers containerd still has a task for: the container's init (killing it ends the
 * container's whole pid namespace) and its shim's socket, which containerd 1.6 puts in the
 * fixed /run/containerd/s and a killed shim leaves behind.
 */
function containerTasks(execRoot: string): { initPid: number; shimSocket: string }[] {
  const tasksDir = join(execRoot, 'containerd', 'daemon', 'io.containerd.runtime.v2.task', 'moby');
  let ids: string[];
  try {
    ids = readdirSync(tasksDir);
  } catch {
    return [];
  }
  return ids.flatMap((id) => {
    try {
      const initPid = Number(readFileSync(join(tasksDir, id, 'init.pid'), 'utf8'));
      const shimSocket = readFileSync(join(tasksDir, id, 'address'), 'utf8').trim().replace(/^unix:\/\//, '');
      return Number.isInteger(initPid) && initPid > 0 ? [{ initPid, shimSocket }] : [];
    } catch {
      return [];
    }
  });
}

function removeFixedStateDirs(): void {
  for (const dir of FIXED_STATE_DIRS) {
    if (preexistingStateDirs.has(dir)) continue;
    try {
      rmdirSync(dir);
    } catch {
      // Not empty (another daemon uses it) or never created.
    }
  }
}
