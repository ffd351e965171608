import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unmountAllUnder } from './mounts';
import { pidsMentioning, signalAll, waitForExit } from './pids';
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
   * flags set (data-root, exec-root, pidfile, hosts, bridge, iptables): dockerd refuses both.
   */
  readonly configFile: string;
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
  /** The initial daemon.json: an object (written as JSON), or text written verbatim. */
  daemonJson?: object | string;
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
  const cliConfig = tmp.join('cli');
  mkdirSync(cliConfig);
  writeFileSync(configFile, daemonJsonText(options.daemonJson, tmp.join('key.json')));

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
      '--data-root', dataRoot,
      '--exec-root', execRoot,
      '--pidfile', tmp.join('docker.pid'),
      '-H', dockerHost,
      // No docker0 and no iptables rules: nothing shared with another dockerd on this machine.
      '--bridge', 'none',
      '--iptables=false',
    ],
    { logFile: tmp.join('dockerd.log'), cwd: tmp.path },
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
    if (service.child.pid === undefined) throw new Error('dockerd has no pid: it did not start');
    return service.child.pid;
  };

  return {
    dir: tmp.path,
    dataRoot,
    socketPath,
    dockerHost,
    env,
    configFile,
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
      await waitUntil(service, 'the configuration reload', async () => outcome() !== undefined, 10_000);
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
function daemonJsonText(daemonJson: object | string | undefined, keyPath: string): string {
  if (typeof daemonJson === 'string') return daemonJson;
  return `${JSON.stringify({ 'deprecated-key-path': keyPath, ...daemonJson }, null, 2)}\n`;
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
