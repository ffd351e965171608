import type { Exec, ExecResult } from '../../../platform/exec';
import { engineApiGet, unixSocketOf } from './engine-api';

/** Which daemon the docker CLI talks to: DOCKER_HOST when given (the plan carries it through sudo). */
export interface DockerTarget {
  exec: Exec;
  dockerHost?: string;
  /**
   * Ask a unix-socket engine over its socket (Engine API) instead of through the docker CLI:
   * the privileged process, which must read no one's CLI config, context or plugins, and a
   * caller whose DOCKER_HOST names a unix socket (no docker process to start).
   */
  socketApi?: boolean;
}

function dockerEnv(dockerHost: string | undefined, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (dockerHost === undefined) return base;
  const env: NodeJS.ProcessEnv = { ...base, DOCKER_HOST: dockerHost };
  // A context would win over nothing here, but DOCKER_CONTEXT next to DOCKER_HOST is an error for the CLI.
  delete env.DOCKER_CONTEXT;
  return env;
}

export function runDocker(target: DockerTarget, args: readonly string[], timeoutMs = 15_000): Promise<ExecResult> {
  return target.exec('docker', args, { env: dockerEnv(target.dockerHost), timeoutMs });
}

/** The engine's version as `docker version` reports it, or undefined when no engine answers. */
export async function engineVersion(target: DockerTarget): Promise<string | undefined> {
  const socket = target.socketApi === true ? unixSocketOf(target.dockerHost) : undefined;
  if (socket !== undefined) {
    const answer = await engineApiGet(socket, '/version', 10_000).catch(() => undefined);
    const version = (answer as { Version?: unknown } | undefined)?.Version;
    return typeof version === 'string' && version !== '' ? version : undefined;
  }
  const result = await runDocker(target, ['version', '--format', '{{.Server.Version}}'], 10_000);
  const version = result.stdout.trim();
  return result.code === 0 && version !== '' ? version : undefined;
}
