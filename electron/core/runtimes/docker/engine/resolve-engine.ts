import { resolve } from 'node:path';
import type { EngineSpec } from '../../../../../shared/engine';
import type { EngineTarget } from '../../../../../shared/privileged';
import { journalDirs } from '../../../plan/journal-dir';
import { readEngineOverride } from '../../../platform/engine-override';
import { currentStateDir } from '../../../platform/state-dir';
import { defaultCertsDir, defaultDaemonJsonPath, enginePathEnv } from '../../../platform/engine-paths';
import { execProgram } from '../../../platform/exec';
import { createEngineControl } from './control';
import type { EngineControl } from './engine-control';
import { detectEngine, parseEngineOption } from './detect';
import type { DockerTarget } from './docker-cli';
import { unixSocketOf } from './engine-api';

/** The Docker engine here and the files it reads, as a change sees them. */
export interface EngineSide {
  engine: EngineSpec;
  engineControl: EngineControl;
  target: DockerTarget;
  daemonJsonPath: string;
  certsDir: string;
  journalDirs: string[];
  /** Where a change run with this process's own rights is journaled. */
  stateDir: string;
  /** What the user chose explicitly (flags, DOCKSIDE_*): sent with a change, which an elevated process honours only when it agrees. */
  chosen: EngineTarget;
}

/**
 * The engine and its files: options win over DOCKSIDE_ENGINE, DOCKSIDE_DAEMON_JSON and
 * DOCKSIDE_CERTS_DIR, which win over /etc/dockside/engine.json; `auto` detects the engine
 * (`none` when nothing runs, so this never fails for want of an engine). DOCKER_HOST (else
 * engine.json's dockerHost) is honoured for `docker info`.
 */
export async function resolveEngineSide(options: { engine?: string; daemonJson?: string; certsDir?: string }, env: NodeJS.ProcessEnv): Promise<EngineSide> {
  const override = await readEngineOverride({ rootOwned: false });
  const dockerHost = env.DOCKER_HOST || override?.dockerHost || undefined;
  const explicitEngine = options.engine ?? env.DOCKSIDE_ENGINE;
  const chosen = parseEngineOption(explicitEngine ?? override?.engine ?? 'auto');
  const engine: EngineSpec = chosen
    ? { ...chosen, ...(dockerHost ? { dockerHost } : {}) }
    : await detectEngine({ exec: execProgram, platform: process.platform, dockerHost });
  // A named unix socket is exactly where the docker CLI would go (DOCKER_HOST wins over any
  // context), so ask it over the Engine API: a preview then starts no docker process.
  const socketApi = unixSocketOf(dockerHost) !== undefined;
  const paths = enginePathEnv();
  const absolute = (value: string | undefined): string | undefined => (value ? resolve(value) : undefined);
  const daemonJson = absolute(options.daemonJson ?? env.DOCKSIDE_DAEMON_JSON);
  const certsDir = absolute(options.certsDir ?? env.DOCKSIDE_CERTS_DIR);
  return {
    engine,
    engineControl: createEngineControl(engine, { exec: execProgram, socketApi }),
    target: { exec: execProgram, dockerHost, socketApi },
    daemonJsonPath: daemonJson ?? override?.daemonJson ?? defaultDaemonJsonPath(engine.kind, paths),
    certsDir: certsDir ?? override?.certsDir ?? defaultCertsDir(engine.kind, paths),
    // DOCKSIDE_STATE_DIR names one journal for everything (a test, a scripted run); else engine.json's is the machine's too.
    journalDirs: [...new Set([...(override?.stateDir && !env.DOCKSIDE_STATE_DIR ? [override.stateDir] : []), ...journalDirs(env)])],
    stateDir: override?.stateDir && !env.DOCKSIDE_STATE_DIR && process.getuid?.() === 0 ? override.stateDir : currentStateDir(env),
    chosen: {
      ...(explicitEngine !== undefined && explicitEngine !== 'auto' ? { engine: explicitEngine } : {}),
      ...(daemonJson ? { daemonJson } : {}),
      ...(certsDir ? { certsDir } : {}),
      // The caller's engine socket (an isolated engine, the app's own environment): root itself honours it, an elevated run must find it agrees.
      ...(env.DOCKER_HOST ? { dockerHost: env.DOCKER_HOST } : {}),
    },
  };
}
