import type { Exec, ExecResult } from '../platform/exec';

/** Which daemon the docker CLI talks to: DOCKER_HOST when given (the plan carries it through sudo). */
export interface DockerTarget {
  exec: Exec;
  dockerHost?: string;
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
  const result = await runDocker(target, ['version', '--format', '{{.Server.Version}}'], 10_000);
  const version = result.stdout.trim();
  return result.code === 0 && version !== '' ? version : undefined;
}
