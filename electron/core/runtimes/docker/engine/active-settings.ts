import * as z from 'zod';
import type { DriftItem, RegistrySettings } from '../../../../../shared/engine';
import { type Message, msg } from '../../../../../shared/message';
import { DocksideError } from '../../../errors';
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
    if (!parsed.success) throw new DocksideError('engine-unexpected', 'engine.error.engine-unexpected.api', { host: target.dockerHost ?? '' });
    return activeSettingsFrom(parsed.data);
  }
  const result = await runDocker(target, ['info', '--format', '{{json .RegistryConfig}}']);
  if (result.code !== 0) {
    // docker's own words on stderr, quoted; without any, its exit status.
    const detail = result.stderr.trim();
    const variant = `docker-info${detail === '' ? '-exit' : ''}${target.dockerHost ? '-at' : ''}` as const;
    throw new DocksideError('engine-unreachable', `engine.error.engine-unreachable.${variant}`, { host: target.dockerHost ?? '', detail, status: result.code });
  }
  const unreadable = (): DocksideError =>
    new DocksideError('engine-unexpected', 'engine.error.engine-unexpected.docker-info', { output: result.stdout.trim().slice(0, 500) });
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

/** A drift item as a sentence. */
export function driftMessage(item: DriftItem): Message {
  return msg(`engine.drift.${item.kind}`, { entry: item.entry });
}

/** settingsDrift as sentences, one a difference. */
export function settingsDifferences(expected: RegistrySettings, active: RegistrySettings): Message[] {
  return settingsDrift(expected, active).map(driftMessage);
}
