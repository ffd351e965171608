import * as z from 'zod';
import { DocksideError } from '../../errors';
import { DOCKER_HUB_PREFIX, type PodmanMirror } from './registries-conf';

/** What Dockside reads of `podman info --format json`: the configuration Podman really merged. */
export interface PodmanInfo {
  version: string;
  rootless: boolean;
  /** `store.graphDriverName`: overlay, vfs, ... */
  storageDriver: string;
  /** `unqualified-search-registries`, as merged from every file. */
  search: string[];
  registries: PodmanInfoRegistry[];
}

export interface PodmanInfoRegistry {
  prefix: string;
  location: string;
  insecure: boolean;
  blocked: boolean;
  mirrors: Array<PodmanMirror & { pullFromMirror: string }>;
}

// Podman prints containers/image's Registry structs with their Go field names; `search` sits
// beside the prefixes in the same object.
const EndpointSchema = z.object({ Location: z.string(), Insecure: z.boolean(), PullFromMirror: z.string().optional() });
const RegistrySchema = EndpointSchema.extend({ Prefix: z.string(), Blocked: z.boolean(), Mirrors: z.array(EndpointSchema).nullable() });
const InfoSchema = z.object({
  host: z.object({ security: z.object({ rootless: z.boolean() }) }),
  store: z.object({ graphDriverName: z.string() }),
  registries: z.record(z.string(), z.unknown()),
  version: z.object({ Version: z.string() }),
});

/** Parses `podman info --format json`. Throws DocksideError `podman-info-unreadable`. */
export function parsePodmanInfo(stdout: string): PodmanInfo {
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch (error) {
    throw new DocksideError('podman-info-unreadable', 'engine.podman.error.info-not-json', { detail: error instanceof Error ? error.message : String(error) });
  }
  const info = InfoSchema.safeParse(value);
  if (!info.success) throw unreadable(info.error);
  const { search, ...byPrefix } = info.data.registries;
  const searchList = z.array(z.string()).optional().safeParse(search);
  if (!searchList.success) throw unreadable(searchList.error, ['registries', 'search']);
  const registries = Object.entries(byPrefix).map(([key, entry]) => {
    const registry = RegistrySchema.safeParse(entry);
    if (!registry.success) throw unreadable(registry.error, ['registries', key]);
    const { Prefix, Location, Insecure, Blocked, Mirrors } = registry.data;
    return {
      prefix: Prefix,
      location: Location,
      insecure: Insecure,
      blocked: Blocked,
      mirrors: (Mirrors ?? []).map((mirror) => ({ location: mirror.Location, insecure: mirror.Insecure, pullFromMirror: mirror.PullFromMirror ?? '' })),
    };
  });
  return {
    version: info.data.version.Version,
    rootless: info.data.host.security.rootless,
    storageDriver: info.data.store.graphDriverName,
    search: searchList.data ?? [],
    registries,
  };
}

/** The mirrors Podman uses for a prefix (Docker Hub by default), in order; none when it has no entry. */
export function podmanMirrorsFor(info: PodmanInfo, prefix: string = DOCKER_HUB_PREFIX): PodmanMirror[] {
  const entry = info.registries.find((registry) => registry.prefix === prefix);
  return (entry?.mirrors ?? []).map(({ location, insecure }) => ({ location, insecure }));
}

function unreadable(error: z.ZodError, at: readonly PropertyKey[] = []): DocksideError {
  const issue = error.issues[0];
  const field = [...at, ...(issue?.path ?? [])].map(String).join('.');
  return new DocksideError('podman-info-unreadable', 'engine.podman.error.info-field', { field });
}
