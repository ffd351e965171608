import * as z from 'zod';
import type { DriftItem, RegistrySettings } from '../../../shared/engine';
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
 * How the active settings differ from the expected ones; empty when they match. Mirrors are
 * compared in order (Docker tries them in order), insecure registries as a set with CIDRs in
 * their network form.
 */
export function settingsDrift(expected: RegistrySettings, active: RegistrySettings): DriftItem[] {
  const drift: DriftItem[] = [];
  const missing = expected.mirrors.filter((mirror) => !active.mirrors.includes(mirror));
  const extra = active.mirrors.filter((mirror) => !expected.mirrors.includes(mirror));
  for (const mirror of missing) drift.push({ kind: 'mirror-not-used', entry: mirror });
  for (const mirror of extra) drift.push({ kind: 'mirror-still-used', entry: mirror });
  if (missing.length === 0 && extra.length === 0 && expected.mirrors.join('\n') !== active.mirrors.join('\n')) {
    drift.push({ kind: 'mirror-order', entry: active.mirrors.join(', ') });
  }
  const canonical = (entry: string): string => canonicalCidr(entry) ?? entry;
  const expectedInsecure = new Set(expected.insecureRegistries.map(canonical).filter((entry) => !BUILT_IN_INSECURE.has(entry)));
  const activeInsecure = new Set(active.insecureRegistries.map(canonical));
  for (const entry of expectedInsecure) if (!activeInsecure.has(entry)) drift.push({ kind: 'insecure-not-applied', entry });
  for (const entry of activeInsecure) if (!expectedInsecure.has(entry)) drift.push({ kind: 'insecure-still-applied', entry });
  return drift;
}

/** One English sentence a drift item (CLI and logs; the app words them in the user's language). */
export function driftSentence(item: DriftItem): string {
  switch (item.kind) {
    case 'mirror-not-used':
      return `mirror ${item.entry} is in daemon.json but the engine does not use it`;
    case 'mirror-still-used':
      return `the engine still uses mirror ${item.entry}, which daemon.json no longer lists`;
    case 'mirror-order':
      return `the engine uses the mirrors in another order: ${item.entry}`;
    case 'insecure-not-applied':
      return `insecure registry ${item.entry} is in daemon.json but the engine does not treat it as insecure`;
    case 'insecure-still-applied':
      return `the engine still treats ${item.entry} as insecure, which daemon.json no longer lists`;
  }
}

/** settingsDrift as sentences, one a difference. */
export function settingsDifferences(expected: RegistrySettings, active: RegistrySettings): string[] {
  return settingsDrift(expected, active).map(driftSentence);
}
