import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { osKeychain } from './credentials/keychain';
import type { CredentialDeps } from './credentials/secret-store';
import { type EngineSide, resolveEngineSide } from './runtimes/docker/engine/resolve-engine';
import { execProgram } from './platform/exec';

/** This machine's Docker as every capability sees it: the engine, its files, and where registry secrets go. */
export interface Machine extends EngineSide {
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

/** Resolves the machine once (resolveEngineSide says how); DOCKER_CONFIG or ~/.docker holds the client's config. */
export async function resolveMachine(options: MachineOptions, env: NodeJS.ProcessEnv): Promise<Machine> {
  const engineSide = await resolveEngineSide(options, env);
  const dockerConfig = options.dockerConfig ?? env.DOCKER_CONFIG;
  return {
    ...engineSide,
    credentials: {
      configDir: dockerConfig ? resolve(dockerConfig) : join(homedir(), '.docker'),
      exec: execProgram,
      env,
      keychain: osKeychain(),
      helperDir: options.helperDir ?? null,
    },
  };
}
