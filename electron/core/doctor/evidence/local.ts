import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SkippedCheck } from '../../../../shared/doctor';
import { msg } from '../../../../shared/message';
import { dockerConfigPath, readDockerConfig } from '../../credentials/docker-config';
import { findHelper } from '../../credentials/helper-client';
import { readDaemonJson } from '../../runtimes/docker/daemon/read';
import { readActiveSettings } from '../../runtimes/docker/engine/active-settings';
import type { EngineControl } from '../../runtimes/docker/engine/engine-control';
import type { DockerTarget } from '../../runtimes/docker/engine/docker-cli';
import { flagKeyCollisions } from '../../runtimes/docker/engine/flag-key-collisions';
import { runningDockerdArgv } from '../../runtimes/docker/engine/running-dockerd';
import { toErrorValue } from '../../errors';
import type { LocalEvidence } from './types';

export interface LocalEvidenceInput {
  daemonJsonPath: string;
  certsDir: string;
  /** The Docker client's config dir ($DOCKER_CONFIG or ~/.docker). */
  configDir: string;
  engine: EngineControl;
  target: DockerTarget;
  /** The environment Docker runs with: DOCKER_HOST, PATH for the credential helpers. */
  env: NodeJS.ProcessEnv;
  /** Where a check that could not run says why (Evidence.skipped). */
  skipped?: SkippedCheck[];
  /** The running dockerd's argv; default /proc/<pid>/cmdline of engine.daemonPid(). For tests. */
  dockerdArgv?: () => Promise<string[] | null>;
}

const DEFAULT_SOCKET = '/var/run/docker.sock';
export const DEFAULT_DOCKER_SOCKET = DEFAULT_SOCKET;

/** The unix socket the docker CLI uses: DOCKER_HOST's `unix://` path, the default without DOCKER_HOST, none for tcp:// or ssh://. */
export function dockerSocketPath(dockerHost: string | undefined): string | null {
  if (dockerHost === undefined || dockerHost === '') return DEFAULT_SOCKET;
  if (dockerHost.startsWith('unix://')) return dockerHost.slice('unix://'.length) || DEFAULT_SOCKET;
  return null;
}

/** The socket's state; `accessible` = this user may read and write it (the docker group's point). */
export async function socketState(path: string): Promise<{ path: string; exists: boolean; accessible: boolean }> {
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  const accessible = exists
    ? await access(path, constants.R_OK | constants.W_OK).then(
        () => true,
        () => false,
      )
    : false;
  return { path, exists, accessible };
}

/** certs.d's `_default` directory and the registry directories holding a hosts.toml. */
export async function certsDState(dir: string): Promise<LocalEvidence['certsD']> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const dirs = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const hostsToml: string[] = [];
  for (const name of dirs) {
    const isFile = await stat(join(dir, name, 'hosts.toml')).then(
      (info) => info.isFile(),
      () => false,
    );
    if (isFile) hostsToml.push(name);
  }
  return { dir, defaultDir: dirs.includes('_default'), hostsToml };
}

/** Helper names config.json refers to: its credsStore, then every credHelpers value, once each. */
export function helperNames(config: { credsStore?: unknown; credHelpers?: unknown } | null): string[] {
  if (config === null) return [];
  const names: string[] = [];
  if (typeof config.credsStore === 'string' && config.credsStore !== '') names.push(config.credsStore);
  if (typeof config.credHelpers === 'object' && config.credHelpers !== null) {
    for (const value of Object.values(config.credHelpers)) if (typeof value === 'string' && value !== '') names.push(value);
  }
  return [...new Set(names)];
}

/** This machine's Docker setup as the doctor looks at it. Never throws: each piece carries its error. */
export async function gatherLocalEvidence(input: LocalEvidenceInput): Promise<LocalEvidence> {
  const skipped = input.skipped ?? [];
  const [daemonJson, engineState, config, certsD] = await Promise.all([
    readDaemon(input.daemonJsonPath),
    readEngine(input.target),
    readConfig(input.configDir),
    certsDState(input.certsDir),
  ]);
  const dockerHost = input.target.dockerHost ?? input.env.DOCKER_HOST;
  const socketPath = dockerSocketPath(dockerHost);
  const socket = socketPath === null ? null : await socketState(socketPath);

  let conflicts: string[] = [];
  if (daemonJson.keys.length > 0) {
    const argv = await (input.dockerdArgv ?? (() => dockerdArgv(input.engine)))().catch(() => null);
    if (argv === null) skipped.push({ check: 'flag-conflicts', reason: msg('doctor.skipped.flag-conflicts') });
    else conflicts = flagKeyCollisions(daemonJson.keys, argv).map(({ key }) => key);
  }

  const helpers: Record<string, boolean> = {};
  for (const name of helperNames(config.config)) helpers[name] = (await findHelper(name, input.env)) !== null;

  return { daemonJson, engine: { ...engineState, socket, flagConflicts: conflicts }, config, helpers, certsD };
}

async function dockerdArgv(engine: EngineControl): Promise<string[] | null> {
  if (process.platform !== 'linux') return null;
  const pid = await engine.daemonPid().catch(() => undefined);
  return pid === undefined ? null : runningDockerdArgv(pid);
}

async function readDaemon(path: string): Promise<LocalEvidence['daemonJson']> {
  try {
    const file = await readDaemonJson(path);
    return { path, exists: file.exists, settings: file.exists ? file.parsed.settings : null, keys: Object.keys(file.parsed.value), error: null };
  } catch (error) {
    const exists = await stat(path).then(
      () => true,
      () => false,
    );
    return { path, exists, settings: null, keys: [], error: toErrorValue(error) };
  }
}

async function readEngine(target: DockerTarget): Promise<Pick<LocalEvidence['engine'], 'running' | 'active' | 'error'>> {
  try {
    return { running: true, active: await readActiveSettings(target), error: null };
  } catch (error) {
    const value = toErrorValue(error);
    // A RegistryConfig Dockside cannot read still means the engine answered.
    return { running: value.code === 'engine-unexpected', active: null, error: value };
  }
}

async function readConfig(dir: string): Promise<LocalEvidence['config']> {
  try {
    const file = await readDockerConfig(dir);
    return { path: file.path, config: file.config, error: null };
  } catch (error) {
    return { path: dockerConfigPath(dir), config: null, error: toErrorValue(error) };
  }
}
