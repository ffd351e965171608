import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EngineSpec } from '../../shared/engine';
import { osKeychain } from './credentials/keychain';
import type { CredentialDeps } from './credentials/secret-store';
import { createEngineControl, type EngineControl } from './engine/control';
import { detectEngine, parseEngineOption } from './engine/detect';
import type { DockerTarget } from './engine/docker-cli';
import { journalDirs } from './plan/journal-dir';
import { defaultCertsDir, defaultDaemonJsonPath, enginePathEnv } from './platform/engine-paths';
import { execProgram } from './platform/exec';

/** This machine's Docker as every capability sees it: the engine, its files, and where registry secrets go. */
export interface Machine {
  engine: EngineSpec;
  engineControl: EngineControl;
  target: DockerTarget;
  daemonJsonPath: string;
  certsDir: string;
  journalDirs: string[];
  /** Where registry secrets go and how Docker finds them (DESIGN §2 Credentials). */
  credentials: CredentialDeps;
}

/** What the user chose (CLI flags, or the app's settings); each falls back to the environment, then to detection. */
export interface MachineOptions {
  /** auto | systemd | sysv | openrc | rootless | desktop | pidfile:PATH | none */
  engine?: string;
  daemonJson?: string;
  certsDir?: string;
  dockerConfig?: string;
  /** Where this installation's docker-credential-dockside launcher is; null when unknown. */
  helperDir?: string | null;
}

/**
 * Resolves the machine once: options win over DOCKSIDE_ENGINE, DOCKSIDE_DAEMON_JSON,
 * DOCKSIDE_CERTS_DIR and DOCKER_CONFIG; `auto` detects the engine (`none` when nothing runs,
 * so this never fails for want of an engine). DOCKER_HOST is honoured for `docker info`.
 */
export async function resolveMachine(options: MachineOptions, env: NodeJS.ProcessEnv): Promise<Machine> {
  const dockerHost = env.DOCKER_HOST || undefined;
  const chosen = parseEngineOption(options.engine ?? env.DOCKSIDE_ENGINE ?? 'auto');
  const engine: EngineSpec = chosen
    ? { ...chosen, ...(dockerHost ? { dockerHost } : {}) }
    : await detectEngine({ exec: execProgram, platform: process.platform, dockerHost });
  const paths = enginePathEnv();
  const absolute = (value: string | undefined): string | undefined => (value ? resolve(value) : undefined);
  return {
    engine,
    engineControl: createEngineControl(engine, { exec: execProgram }),
    target: { exec: execProgram, dockerHost },
    daemonJsonPath: absolute(options.daemonJson ?? env.DOCKSIDE_DAEMON_JSON) ?? defaultDaemonJsonPath(engine.kind, paths),
    certsDir: absolute(options.certsDir ?? env.DOCKSIDE_CERTS_DIR) ?? defaultCertsDir(engine.kind, paths),
    journalDirs: journalDirs(),
    credentials: {
      configDir: absolute(options.dockerConfig ?? env.DOCKER_CONFIG) ?? join(homedir(), '.docker'),
      exec: execProgram,
      env,
      keychain: osKeychain(),
      helperDir: options.helperDir ?? null,
    },
  };
}
