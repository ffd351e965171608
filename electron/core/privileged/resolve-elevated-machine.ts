import { readFileSync, realpathSync } from 'node:fs';
import type { EngineSpec } from '../../../shared/engine';
import { ENGINE_OVERRIDE_FILE, type EngineTarget } from '../../../shared/privileged';
import { createEngineControl } from '../runtimes/docker/engine/control';
import { detectEngine, parseEngineOption } from '../runtimes/docker/engine/detect';
import { dockerdPidFromFile } from '../runtimes/docker/engine/dockerd-process';
import { DocksideError } from '../errors';
import { resolveEngineSide } from '../runtimes/docker/engine/resolve-engine';
import { DEFAULT_KEEP_BACKUPS, keepBackupsFrom } from '../plan/backup';
import { readEngineOverride } from '../platform/engine-override';
import { execProgram } from '../platform/exec';
import { assertRootOwnedPath } from '../platform/root-owned';
import { thisMachinesOsStore } from '../trust/os-store/detect';
import type { ElevatedMachine } from './elevated-machine';

/** Rootful Docker's own places on Linux (FACTS §1). */
const DEFAULTS = { daemonJson: '/etc/docker/daemon.json', certsDir: '/etc/docker/certs.d', dockerHost: 'unix:///var/run/docker.sock', stateDir: '/var/lib/dockside' };

/**
 * The engine and files as the privileged process may use them. Elevated from a user: only from
 * root-owned sources (the root-owned /etc/dockside/engine.json, else the init system and
 * Docker's default paths), and whatever the caller named must agree with them. Run by root
 * itself, or with the caller's own rights (rootless Docker, Docker Desktop): the caller's
 * choice, as the CLI resolves it.
 */
export async function resolveElevatedMachine(target: EngineTarget, options: { elevated: boolean }): Promise<ElevatedMachine> {
  if (!options.elevated) return callersMachine(target);
  const override = await readEngineOverride({ rootOwned: true });
  const dockerHost = override?.dockerHost ?? DEFAULTS.dockerHost;
  const chosen = parseEngineOption(override?.engine ?? 'auto');
  const engine: EngineSpec = chosen ? { ...chosen, dockerHost } : await detectEngine({ exec: execProgram, platform: process.platform, dockerHost });
  if (engine.kind === 'rootless' || engine.kind === 'desktop') {
    throw new DocksideError('no-elevation-needed', engine.kind === 'rootless' ? 'plan.error.no-elevation-needed.rootless' : 'plan.error.no-elevation-needed.desktop');
  }
  if (engine.kind === 'pidfile' && engine.pidfile !== undefined) assertRootDaemon(engine.pidfile);
  const machine: ElevatedMachine = {
    engine,
    engineControl: createEngineControl(engine, { exec: execProgram, socketApi: true }),
    target: { exec: execProgram, dockerHost, socketApi: true },
    daemonJsonPath: override?.daemonJson ?? DEFAULTS.daemonJson,
    certsDir: override?.certsDir ?? DEFAULTS.certsDir,
    stateDir: override?.stateDir ?? DEFAULTS.stateDir,
    journalDirs: [override?.stateDir ?? DEFAULTS.stateDir],
    keepBackups: override?.keepBackups ?? DEFAULT_KEEP_BACKUPS,
    elevated: true,
    osStore: thisMachinesOsStore(override?.stateDir ?? DEFAULTS.stateDir),
  };
  checkCallerAgrees(target, { engine: override?.engine, daemonJson: machine.daemonJsonPath, certsDir: machine.certsDir, dockerHost }, engine);
  for (const path of [machine.daemonJsonPath, machine.certsDir, machine.stateDir]) assertRootOwnedPath(path, { allowMissingLeaf: true, allowStickyAncestors: true });
  return machine;
}

async function callersMachine(target: EngineTarget): Promise<ElevatedMachine> {
  const env = target.dockerHost === undefined ? process.env : { ...process.env, DOCKER_HOST: target.dockerHost };
  const machine = await resolveEngineSide({ engine: target.engine, daemonJson: target.daemonJson, certsDir: target.certsDir }, env);
  const { stateDir } = machine;
  return {
    engine: machine.engine,
    engineControl: createEngineControl(machine.engine, { exec: execProgram, socketApi: true }),
    target: { ...machine.target, socketApi: true },
    daemonJsonPath: machine.daemonJsonPath,
    certsDir: machine.certsDir,
    stateDir,
    journalDirs: [...new Set([stateDir, ...machine.journalDirs])],
    keepBackups: keepBackupsFrom(process.env.DOCKSIDE_KEEP_BACKUPS),
    elevated: false,
    osStore: thisMachinesOsStore(stateDir),
  };
}

/**
 * What the caller named (flags, DOCKSIDE_*) must be what root derived: an elevated process
 * never lets a user point it at another engine or file. Saying so beats silently using
 * something else than the preview showed.
 */
function checkCallerAgrees(target: EngineTarget, derived: EngineTarget, engine: EngineSpec): void {
  const engineAgrees = target.engine === undefined || target.engine === 'auto' || target.engine === derived.engine || target.engine === engine.kind;
  const refused = [
    ...(engineAgrees ? [] : [`--engine ${target.engine}`]),
    ...(['daemonJson', 'certsDir', 'dockerHost'] as const).filter((key) => target[key] !== undefined && target[key] !== derived[key]).map((key) => `${key} ${target[key]}`),
  ];
  if (refused.length > 0) {
    throw new DocksideError('target-refused', 'plan.error.target-refused', { file: ENGINE_OVERRIDE_FILE, refused: refused.join(', ') });
  }
}

/**
 * A pidfile root may act on: root-owned in root-owned directories, naming a dockerd that runs
 * as root from a root-owned binary. Signalling, or re-running the command line of, a process
 * the user started would be the user's code run as root.
 */
function assertRootDaemon(pidfile: string): void {
  assertRootOwnedPath(pidfile, { allowStickyAncestors: true });
  const pid = dockerdPidFromFile(pidfile);
  const uid = /^Uid:\s+(\d+)\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (uid?.[1] !== '0' || uid[2] !== '0') {
    throw new DocksideError('engine-not-root', 'plan.error.engine-not-root', { pidfile, pid });
  }
  assertRootOwnedPath(realpathSync(`/proc/${pid}/exe`), {});
}
