import * as z from 'zod';
import type { RegistrySettings } from '../../../shared/engine';
import { DocksideError } from '../errors';
import { canonicalCidr } from './cidr';
import { type DockerTarget, runDocker } from './docker-cli';
import { engineApiGet, unixSocketOf } from './engine-api';

/** The part of `docker info --format '{{json .RegistryConfig}}'` that says what is active (FACTS §2). */
const RegistryConfigSchema = z.object({
  Mirrors: z.array(z.string()).nullable().optional(),
  InsecureRegistryCIDRs: z.array(z.string()).nullable().optional(),
  IndexConfigs: z
    .record(z.string(), z.object({ Name: z.string(), Secure: z.boolean(), Official: z.boolean().optional() }).loose())
    .nullable()
    .optional(),
});

/** dockerd always adds these to the insecure CIDRs; they are not ours to compare. */
const BUILT_IN_INSECURE = new Set(['127.0.0.0/8', '::1/128']);
const OFFICIAL_INDEX = 'docker.io';

/** What the running engine reports; throws `engine-unreachable` when no engine answers. */
export async function readActiveSettings(target: DockerTarget): Promise<RegistrySettings> {
  const socket = target.socketApi === true ? unixSocketOf(target.dockerHost) : undefined;
  if (socket !== undefined) {
    const info = await engineApiGet(socket, '/info', 15_000);
    const parsed = RegistryConfigSchema.safeParse((info as { RegistryConfig?: unknown } | null)?.RegistryConfig);
    if (!parsed.success) throw new DocksideError('engine-unexpected', `The Docker engine at ${target.dockerHost} reported a RegistryConfig Dockside cannot read.`);
    return activeSettingsFrom(parsed.data);
  }
  const result = await runDocker(target, ['info', '--format', '{{json .RegistryConfig}}']);
  if (result.code !== 0) {
    const where = target.dockerHost ? ` at ${target.dockerHost}` : '';
    throw new DocksideError(
      'engine-unreachable',
      `The Docker engine${where} did not answer \`docker info\`: ${result.stderr.trim() || `exit ${result.code}`}. ` +
        'Start Docker (or set DOCKER_HOST to the engine you use) and try again.',
    );
  }
  const unreadable = (): DocksideError =>
    new DocksideError('engine-unexpected', `\`docker info\` reported a RegistryConfig Dockside cannot read: ${result.stdout.trim().slice(0, 500)}`);
  let json: unknown;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    throw unreadable();
  }
  const parsed = RegistryConfigSchema.safeParse(json);
  if (!parsed.success) throw unreadable();
  return activeSettingsFrom(parsed.data);
}

export function activeSettingsFrom(config: z.infer<typeof RegistryConfigSchema>): RegistrySettings {
  const cidrs = (config.InsecureRegistryCIDRs ?? []).filter((cidr) => !BUILT_IN_INSECURE.has(cidr));
  const hosts = Object.values(config.IndexConfigs ?? {})
    .filter((index) => !index.Secure && index.Name !== OFFICIAL_INDEX)
    .map((index) => index.Name);
  return { mirrors: config.Mirrors ?? [], insecureRegistries: [...hosts, ...cidrs] };
}

/**
 * How the active settings differ from the expected ones, one sentence a difference; empty
 * when they match. Mirrors are compared in order (Docker tries them in order), insecure
 * registries as a set with CIDRs in their network form.
 */
export function settingsDifferences(expected: RegistrySettings, active: RegistrySettings): string[] {
  const differences: string[] = [];
  const missing = expected.mirrors.filter((mirror) => !active.mirrors.includes(mirror));
  const extra = active.mirrors.filter((mirror) => !expected.mirrors.includes(mirror));
  for (const mirror of missing) differences.push(`mirror ${mirror} is in daemon.json but the engine does not use it`);
  for (const mirror of extra) differences.push(`the engine still uses mirror ${mirror}, which daemon.json no longer lists`);
  if (missing.length === 0 && extra.length === 0 && expected.mirrors.join('\n') !== active.mirrors.join('\n')) {
    differences.push(`the engine uses the mirrors in another order: ${active.mirrors.join(', ')}`);
  }
  const canonical = (entry: string): string => canonicalCidr(entry) ?? entry;
  const expectedInsecure = new Set(expected.insecureRegistries.map(canonical).filter((entry) => !BUILT_IN_INSECURE.has(entry)));
  const activeInsecure = new Set(active.insecureRegistries.map(canonical));
  for (const entry of expectedInsecure) {
    if (!activeInsecure.has(entry)) differences.push(`insecure registry ${entry} is in daemon.json but the engine does not treat it as insecure`);
  }
  for (const entry of activeInsecure) {
    if (!expectedInsecure.has(entry)) differences.push(`the engine still treats ${entry} as insecure, which daemon.json no longer lists`);
  }
  return differences;
}
