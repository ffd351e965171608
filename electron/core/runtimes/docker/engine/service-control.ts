import type { EngineSpec } from '../../../../../shared/engine';
import { DocksideError } from '../../../errors';
import type { EngineControl, EngineDeps } from './engine-control';
import { waitForEngine } from './wait-for-engine';
import { dockerdPidFromFile } from './dockerd-process';

interface ServiceCommands {
  reload: readonly string[] | 'sighup';
  restart: readonly string[];
  /** How to learn dockerd's pid: a command printing it, or the init system's pidfile. */
  pid: readonly string[] | { pidfile: string };
}

/** The stock ways each init system runs Docker (FACTS §1: the systemd unit reloads with SIGHUP). */
const COMMANDS: Record<Exclude<EngineSpec['kind'], 'pidfile' | 'none'>, ServiceCommands> = {
  systemd: {
    reload: ['systemctl', 'reload', 'docker'],
    restart: ['systemctl', 'restart', 'docker'],
    pid: ['systemctl', 'show', '--property=MainPID', '--value', 'docker'],
  },
  rootless: {
    reload: ['systemctl', '--user', 'reload', 'docker'],
    restart: ['systemctl', '--user', 'restart', 'docker'],
    pid: ['systemctl', '--user', 'show', '--property=MainPID', '--value', 'docker'],
  },
  // Debian's /etc/init.d/docker has no reload: signal the pid it records.
  sysv: { reload: 'sighup', restart: ['service', 'docker', 'restart'], pid: { pidfile: '/var/run/docker.pid' } },
  openrc: { reload: ['rc-service', 'docker', 'reload'], restart: ['rc-service', 'docker', 'restart'], pid: { pidfile: '/run/docker.pid' } },
  // Docker Desktop cannot reload: its engine runs in a VM the app restarts (Docker Desktop 4.37+).
  desktop: { reload: ['docker', 'desktop', 'restart'], restart: ['docker', 'desktop', 'restart'], pid: [] },
};

export function serviceControl(spec: EngineSpec, deps: EngineDeps): EngineControl {
  // verbatim: a programming error (never a user's), reported as an internal error
  if (spec.kind === 'pidfile' || spec.kind === 'none') throw new Error(`serviceControl cannot drive a ${spec.kind} engine`);
  const commands = COMMANDS[spec.kind];

  const run = async (argv: readonly string[], what: string): Promise<string> => {
    const [command = '', ...args] = argv;
    const result = await deps.exec(command, args, { timeoutMs: 120_000 });
    if (result.code !== 0) {
      // The command's own words, quoted.
      const detail = result.stderr.trim() || result.stdout.trim();
      throw new DocksideError(`engine-${what}-failed`, 'engine.error.engine-command-failed', { command: argv.join(' '), status: result.code, detail });
    }
    return result.stdout;
  };

  const daemonPid = async (): Promise<number | undefined> => {
    if ('pidfile' in commands.pid) return dockerdPidFromFile(commands.pid.pidfile);
    if (commands.pid.length === 0) return undefined;
    const pid = Number((await run(commands.pid, 'status')).trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  };

  return {
    spec,
    daemonPid,
    async reload() {
      if (commands.reload !== 'sighup') {
        await run(commands.reload, 'reload');
        return;
      }
      const pid = await daemonPid();
      if (pid === undefined) throw new DocksideError('engine-not-running', 'engine.error.engine-not-running.no-reload');
      process.kill(pid, 'SIGHUP');
    },
    async restart() {
      await run(commands.restart, 'restart');
    },
    waitUntilReady: (timeoutMs) => waitForEngine({ exec: deps.exec, dockerHost: spec.dockerHost, socketApi: deps.socketApi }, timeoutMs, { sleep: deps.sleep }),
  };
}
