import { parse, stringify, TomlError } from 'smol-toml';
import { DocksideError } from '../../errors';
import { parseRegistryName } from '../../trust/registry-name';

/** The drop-in Dockside owns whole: nothing else is kept in it, so it is rendered, never edited. */
export const DROP_IN_NAME = '50-dockside.conf';

/** Docker Hub as Podman names it: short names and `docker.io/...` references match this prefix. */
export const DOCKER_HUB_PREFIX = 'docker.io';
/** Where Podman pulls Docker Hub content from when no mirror answers. */
export const DOCKER_HUB_LOCATION = 'registry-1.docker.io';

/** One `[[registry.mirror]]`: `location` is host[:port][/path], no scheme. */
export interface PodmanMirror {
  location: string;
  /** Plain HTTP (and no TLS verification): only for an http:// mirror, a Nexus HTTP connector say. */
  insecure: boolean;
}

/** One `[[registry]]` of the drop-in: pulls of `prefix` are tried at each mirror, then at `location`. */
export interface PodmanRegistryEntry {
  prefix: string;
  location: string;
  mirrors: PodmanMirror[];
}

// A repository path of a Docker reference (distribution/reference): lower-case components.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/**
 * A mirror URL as Dockside keeps it (`http://host:port/`, `https://host[:port][/path]`) as Podman's
 * mirror location. The host is checked like any registry name; a path becomes the repository
 * prefix Podman puts before `library/alpine`. Throws DocksideError `podman-mirror-invalid`.
 */
export function mirrorFromUrl(url: string): PodmanMirror {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DocksideError('podman-mirror-invalid', 'engine.podman.error.mirror-not-url', { url });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new DocksideError('podman-mirror-invalid', 'engine.podman.error.mirror-scheme', { url });
  }
  if (parsed.username !== '' || parsed.password !== '' || parsed.search !== '' || parsed.hash !== '') {
    throw new DocksideError('podman-mirror-invalid', 'engine.podman.error.mirror-extra', { url });
  }
  const { dirName } = parseRegistryName(parsed.host);
  const segments = parsed.pathname.split('/').filter((segment) => segment !== '');
  const bad = segments.find((segment) => !PATH_COMPONENT.test(segment));
  if (bad !== undefined) throw new DocksideError('podman-mirror-invalid', 'engine.podman.error.mirror-path', { url, segment: bad });
  return { location: [dirName, ...segments].join('/'), insecure: parsed.protocol === 'http:' };
}

/** Docker Hub's entry with these mirrors, tried in this order. */
export function dockerHubEntry(mirrors: readonly PodmanMirror[]): PodmanRegistryEntry {
  return { prefix: DOCKER_HUB_PREFIX, location: DOCKER_HUB_LOCATION, mirrors: mirrors.map((mirror) => ({ ...mirror })) };
}

/**
 * The drop-in's whole text (sysregistries v2, containers-registries.conf(5)): the same entries give
 * the same bytes, so a plan's diff shows only what changed.
 */
export function renderDropIn(entries: readonly PodmanRegistryEntry[]): string {
  const registry = entries.map((entry) => {
    // No `pull-from-mirror`: its default ("all") sends tag and digest pulls to the mirrors, as
    // Docker's registry-mirrors do. Pushes never use mirrors in containers/image: the mirrors
    // are pull sources only, so a push still goes to `location`.
    const mirror = entry.mirrors.map((item) => (item.insecure ? { location: item.location, insecure: true } : { location: item.location }));
    return mirror.length > 0 ? { prefix: entry.prefix, location: entry.location, mirror } : { prefix: entry.prefix, location: entry.location };
  });
  // verbatim: a TOML comment in the file Dockside writes, read by whoever opens the file
  const header = '# Written by Dockside, which owns this file whole: `dockside rollback --runtime podman` restores it.\n';
  return registry.length > 0 ? `${header}\n${stringify({ registry })}` : header;
}

/**
 * A drop-in read back: its `[[registry]]` entries, in file order. Throws DocksideError
 * `podman-drop-in-invalid` when the text is not TOML or holds something Dockside does not write.
 */
export function parseDropIn(text: string, file: string): PodmanRegistryEntry[] {
  let document: Record<string, unknown>;
  try {
    document = parse(text);
  } catch (error) {
    const detail = error instanceof TomlError ? error.message.split('\n')[0] ?? '' : String(error);
    throw new DocksideError('podman-drop-in-invalid', 'engine.podman.error.drop-in-toml', { file, detail });
  }
  const unexpected = (field: string): never => {
    throw new DocksideError('podman-drop-in-invalid', 'engine.podman.error.drop-in-field', { file, field });
  };
  for (const key of Object.keys(document)) if (key !== 'registry') unexpected(key);
  const registries = document.registry ?? [];
  if (!Array.isArray(registries)) return unexpected('registry');
  return registries.map((value: unknown, index) => {
    const at = `registry[${index}]`;
    const entry = asTable(value) ?? unexpected(at);
    for (const key of Object.keys(entry)) if (!['prefix', 'location', 'mirror'].includes(key)) unexpected(`${at}.${key}`);
    const mirrors = entry.mirror ?? [];
    if (!Array.isArray(mirrors)) return unexpected(`${at}.mirror`);
    return {
      prefix: asString(entry.prefix) ?? unexpected(`${at}.prefix`),
      location: asString(entry.location) ?? unexpected(`${at}.location`),
      mirrors: mirrors.map((mirrorValue: unknown, mirrorIndex) => {
        const mirrorAt = `${at}.mirror[${mirrorIndex}]`;
        const mirror = asTable(mirrorValue) ?? unexpected(mirrorAt);
        for (const key of Object.keys(mirror)) if (key !== 'location' && key !== 'insecure') unexpected(`${mirrorAt}.${key}`);
        const insecure = mirror.insecure ?? false;
        if (typeof insecure !== 'boolean') unexpected(`${mirrorAt}.insecure`);
        return { location: asString(mirror.location) ?? unexpected(`${mirrorAt}.location`), insecure: insecure === true };
      }),
    };
  });
}

function asTable(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) ? (value as Record<string, unknown>) : null;
}

function asString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
