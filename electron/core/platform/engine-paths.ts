import os from 'node:os';
import path from 'node:path';
import type { EngineKind } from '../../../shared/engine';

/** What the default paths depend on; passed in so tests can ask for any OS from any OS. */
export interface EnginePathEnv {
  platform: NodeJS.Platform;
  home: string;
  xdgConfigHome?: string;
  programData?: string;
}

const DEFAULT_PROGRAM_DATA = 'C:\\ProgramData';

/** Where dockerd (or Docker Desktop) reads daemon.json by default for this kind of engine (FACTS §1). */
export function defaultDaemonJsonPath(kind: EngineKind, env: EnginePathEnv): string {
  const dir = dockerConfigDir(kind, env);
  if (env.platform === 'win32' && kind !== 'desktop') return path.win32.join(dir, 'config', 'daemon.json');
  return pathFor(env).join(dir, 'daemon.json');
}

/** Where the engine looks for per-registry CA certificates (`<dir>/<host>[:<port>]/ca.crt`, FACTS §3). */
export function defaultCertsDir(kind: EngineKind, env: EnginePathEnv): string {
  return pathFor(env).join(dockerConfigDir(kind, env), 'certs.d');
}

/** The real environment of this process. */
export function enginePathEnv(): EnginePathEnv {
  return {
    platform: process.platform,
    home: os.homedir(),
    xdgConfigHome: process.env.XDG_CONFIG_HOME,
    // process.env is case-insensitive on Windows only; elsewhere (tests) accept either spelling.
    programData: process.env.ProgramData ?? process.env.PROGRAMDATA,
  };
}

/** The directory holding daemon.json (or its `config` parent on Windows) and certs.d. */
function dockerConfigDir(kind: EngineKind, env: EnginePathEnv): string {
  const p = pathFor(env);
  // Docker Desktop keeps its engine settings in the user's ~/.docker on every OS; on macOS
  // there is no native engine, so every kind means a VM managed from ~/.docker.
  if (kind === 'desktop' || env.platform === 'darwin') return p.join(env.home, '.docker');
  if (env.platform === 'win32') return path.win32.join(env.programData || DEFAULT_PROGRAM_DATA, 'docker');
  if (kind === 'rootless') return p.join(userConfigHome(env), 'docker');
  return '/etc/docker';
}

/** Rootless dockerd's config home: $XDG_CONFIG_HOME when set and non-empty, else ~/.config. */
function userConfigHome(env: EnginePathEnv): string {
  return env.xdgConfigHome || path.posix.join(env.home, '.config');
}

function pathFor(env: EnginePathEnv): path.PlatformPath {
  return env.platform === 'win32' ? path.win32 : path.posix;
}
