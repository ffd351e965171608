import path from 'node:path';
import { parse } from 'smol-toml';
import type { FindingSeverity } from '../../../../shared/doctor';
import { type Message, msg } from '../../../../shared/message';
import { DOCKER_HUB_PREFIX, DROP_IN_NAME } from './registries-conf';

/*
 * How Podman finds its registries configuration, as containers/image does it
 * (github.com/containers/image, pkg/sysregistriesv2/system_registries_v2.go at df7e80d2, the same
 * logic in v5.23.1 that Podman 4.3.1 vendors; checked here with Podman 4.3.1, see
 * test/fixtures/podman/README.md):
 * - L76-80: the user's files are `$HOME/.config/containers/registries.conf` and
 *   `registries.conf.d`, joined to homedir.Get() (L562-571): $XDG_CONFIG_HOME is NOT read for these
 *   (a drop-in under a different $XDG_CONFIG_HOME was ignored here).
 * - L574-575: CONTAINERS_REGISTRIES_CONF, else REGISTRIES_CONFIG_PATH (pkg/cli/environment/
 *   environment.go L21-28 sets SystemRegistriesConfPath from them) replaces the base file and keeps
 *   both drop-in directories.
 * - L576-584: when the user's registries.conf exists, it is the base file and only the user's
 *   registries.conf.d is read: /etc/containers/registries.conf and registries.conf.d are ignored.
 * - L594-601: otherwise /etc/containers/registries.conf, then the drop-ins of
 *   /etc/containers/registries.conf.d, then those of the user's registries.conf.d (rootful Podman
 *   reads root's too).
 * - L653-698: drop-ins are the `*.conf` files directly in each directory, in name order.
 * - L747-757: every drop-in must be v2 ("registry must be in v2 format but is in v1", L971), and
 *   each replaces, prefix by prefix, the `[[registry]]` entries read before it (L1033-1053).
 * - L966-977: a file with v1 tables AND v2 keys fails with "mixing sysregistry v1/v2 is not
 *   supported" (newer versions append the parsed values). A v1-only base file is converted
 *   (L978-982) and v2 drop-ins still apply on top of it (checked here: the mirror of a v2 drop-in
 *   beside a v1 base file shows in `podman info`). So the v1 format alone is no problem; mixing is.
 * - L186-200, L228-258: v1 is `[registries.search|insecure|block] registries = [...]`; v2 is
 *   `[[registry]]`, `unqualified-search-registries`, `credential-helpers`, `short-name-mode`,
 *   `additional-layer-store-auth-helper`, `[aliases]`. An empty array counts as set (L219-226).
 */

export const SYSTEM_REGISTRIES_CONF = '/etc/containers/registries.conf';
export const SYSTEM_DROP_IN_DIR = '/etc/containers/registries.conf.d';

/** What Podman's choice of files depends on, for the user Podman runs as (root for rootful Podman). */
export interface PodmanReadEnv {
  rootless: boolean;
  /** $HOME of that user. */
  home: string;
  /** CONTAINERS_REGISTRIES_CONF, else REGISTRIES_CONFIG_PATH, when set and non-empty. */
  registriesConf?: string;
}

/** The files Podman reads, in order: the base file, then the `*.conf` of each drop-in directory. */
export interface RegistriesSources {
  baseFile: string;
  dropInDirs: string[];
  /** The user's registries.conf exists, so /etc/containers/registries.conf(.d) are not read. */
  userFileHidesSystem: boolean;
}

/** Where Dockside's drop-in goes: a directory Podman reads. */
export interface DropInPlacement {
  path: string;
  sources: RegistriesSources;
}

/** A registries file's text as Dockside read it. */
export interface ConfFile {
  path: string;
  text: string;
}

export type PodmanConfigFindingId =
  | 'user-file-hides-system'
  | 'conf-not-toml'
  | 'base-mixes-v1-v2'
  | 'drop-in-v1'
  | 'docker-hub-replaced'
  | 'docker-hub-overridden';

/** Something about the registries files that decides whether Dockside's mirrors are used. */
export interface PodmanConfigFinding {
  id: PodmanConfigFindingId;
  severity: FindingSeverity;
  /** The file it is about. */
  file: string;
  message: Message;
}

/** `v1`, `v2`, both (Podman refuses the file), or neither (comments only). */
export type RegistriesFormat = 'v1' | 'v2' | 'mixed' | 'empty';

const V2_KEYS = ['registry', 'unqualified-search-registries', 'credential-helpers', 'short-name-mode', 'additional-layer-store-auth-helper', 'aliases'];
const V1_TABLES = ['search', 'insecure', 'block'];
// verbatim: containers/image's own error texts, quoted to the user
const MIXING_ERROR = 'mixing sysregistry v1/v2 is not supported';
// verbatim: containers/image's own error texts, quoted to the user
const V1_DROP_IN_ERROR = 'registry must be in v2 format but is in v1';

/** The user's registries.conf, whose existence hides the system files. */
export function userRegistriesConf(home: string): string {
  return path.posix.join(home, '.config', 'containers', 'registries.conf');
}

/** The user's drop-in directory (always read). */
export function userDropInDir(home: string): string {
  return path.posix.join(home, '.config', 'containers', 'registries.conf.d');
}

/** The files Podman reads given whether the user's registries.conf exists. */
export function registriesSources(env: PodmanReadEnv, userFileExists: boolean): RegistriesSources {
  const userDir = userDropInDir(env.home);
  if (env.registriesConf) return { baseFile: env.registriesConf, dropInDirs: [SYSTEM_DROP_IN_DIR, userDir], userFileHidesSystem: false };
  if (userFileExists) return { baseFile: userRegistriesConf(env.home), dropInDirs: [userDir], userFileHidesSystem: true };
  return { baseFile: SYSTEM_REGISTRIES_CONF, dropInDirs: [SYSTEM_DROP_IN_DIR, userDir], userFileHidesSystem: false };
}

/**
 * Where the drop-in goes: rootful Podman's is /etc/containers/registries.conf.d unless the user's
 * registries.conf hides it (then root's own drop-in directory, which is read); rootless Podman's
 * is the user's directory, read in every case and writable without elevation.
 */
export function dropInPlacement(env: PodmanReadEnv, userFileExists: boolean): DropInPlacement {
  const sources = registriesSources(env, userFileExists);
  const dir = !env.rootless && sources.dropInDirs.includes(SYSTEM_DROP_IN_DIR) ? SYSTEM_DROP_IN_DIR : userDropInDir(env.home);
  return { path: path.posix.join(dir, DROP_IN_NAME), sources };
}

/** The drop-ins Podman reads, in its order, from each directory's file names. */
export function dropInReadOrder(sources: RegistriesSources, listings: ReadonlyMap<string, readonly string[]>): string[] {
  return sources.dropInDirs.flatMap((dir) =>
    [...(listings.get(dir) ?? [])]
      .filter((name) => name.endsWith('.conf'))
      .sort(byteOrder)
      .map((name) => path.posix.join(dir, name)),
  );
}

/** The format of a registries.conf text; null when it is not TOML. */
export function registriesFormat(text: string): RegistriesFormat | null {
  let document: Record<string, unknown>;
  try {
    document = parse(text);
  } catch {
    return null;
  }
  const v2 = V2_KEYS.some((key) => key in document);
  const v1Tables = asTable(document.registries);
  const v1 = v1Tables !== null && V1_TABLES.some((name) => {
    const table = asTable(v1Tables[name]);
    return table !== null && 'registries' in table;
  });
  if (v1 && v2) return 'mixed';
  if (v1) return 'v1';
  return v2 ? 'v2' : 'empty';
}

/**
 * What in the files Podman reads decides whether Dockside's drop-in (`ownPath`) is used: `base` is
 * the base file (null when absent), `dropIns` every other drop-in in read order
 * (dropInReadOrder), `ownPath` inserted among them where Podman reads it.
 */
export function checkRegistriesConf(input: {
  env: PodmanReadEnv;
  sources: RegistriesSources;
  base: ConfFile | null;
  dropIns: readonly ConfFile[];
  ownPath: string;
}): PodmanConfigFinding[] {
  const { sources, base, ownPath } = input;
  const findings: PodmanConfigFinding[] = [];
  if (sources.userFileHidesSystem) {
    findings.push({
      id: 'user-file-hides-system',
      severity: input.env.rootless ? 'info' : 'warning',
      file: sources.baseFile,
      message: msg(input.env.rootless ? 'engine.podman.finding.user-file-hides-system.rootless' : 'engine.podman.finding.user-file-hides-system.rootful', {
        userFile: sources.baseFile,
        systemFile: SYSTEM_REGISTRIES_CONF,
        systemDir: SYSTEM_DROP_IN_DIR,
        dropIn: ownPath,
      }),
    });
  }

  const order = readOrder(sources, input.dropIns, ownPath);
  const ownIndex = order.findIndex((file) => file.path === ownPath);
  const files = base === null ? order : [base, ...order];
  for (const file of files) {
    if (file.path === ownPath) continue;
    const isBase = file === base;
    const format = registriesFormat(file.text);
    if (format === null) {
      findings.push({ id: 'conf-not-toml', severity: 'error', file: file.path, message: msg('engine.podman.finding.conf-not-toml', { file: file.path }) });
      continue;
    }
    // A file Podman refuses stops every pull: what else it says does not matter.
    if (isBase && format === 'mixed') {
      findings.push({ id: 'base-mixes-v1-v2', severity: 'error', file: file.path, message: msg('engine.podman.finding.base-mixes-v1-v2', { file: file.path, podman: MIXING_ERROR }) });
      continue;
    }
    if (!isBase && (format === 'v1' || format === 'mixed')) {
      findings.push({ id: 'drop-in-v1', severity: 'error', file: file.path, message: msg('engine.podman.finding.drop-in-v1', { file: file.path, podman: V1_DROP_IN_ERROR }) });
      continue;
    }
    const prefixes = registryPrefixes(file.text);
    const after = !isBase && order.indexOf(file) > ownIndex;
    if (prefixes.some((prefix) => prefix.startsWith(`${DOCKER_HUB_PREFIX}/`))) {
      findings.push({ id: 'docker-hub-overridden', severity: 'warning', file: file.path, message: msg('engine.podman.finding.docker-hub-narrower', { file: file.path, dropIn: ownPath }) });
    }
    if (prefixes.includes(DOCKER_HUB_PREFIX)) {
      findings.push(
        after
          ? { id: 'docker-hub-overridden', severity: 'error', file: file.path, message: msg('engine.podman.finding.docker-hub-overridden', { file: file.path, dropIn: ownPath }) }
          : { id: 'docker-hub-replaced', severity: 'info', file: file.path, message: msg('engine.podman.finding.docker-hub-replaced', { file: file.path, dropIn: ownPath }) },
      );
    }
  }
  return findings;
}

/** The drop-ins with Dockside's own placed where Podman reads it (directory order, then name). */
function readOrder(sources: RegistriesSources, dropIns: readonly ConfFile[], ownPath: string): ConfFile[] {
  const rank = (file: string) => sources.dropInDirs.indexOf(path.posix.dirname(file));
  const own: ConfFile = { path: ownPath, text: '' };
  return [...dropIns.filter((file) => file.path !== ownPath), own].sort((a, b) => rank(a.path) - rank(b.path) || byteOrder(path.posix.basename(a.path), path.posix.basename(b.path)));
}

/**
 * The prefixes a file's entries claim, as containers/image keys them: `prefix`, else `location`
 * (L412-417); a v1 table's names become entries of their own (L370-383).
 */
function registryPrefixes(text: string): string[] {
  const document = parse(text);
  const registries = Array.isArray(document.registry) ? document.registry : [];
  const v2 = registries.flatMap((value: unknown) => {
    const entry = asTable(value);
    const key = entry === null ? undefined : nonEmpty(entry.prefix) ?? nonEmpty(entry.location);
    return key === undefined ? [] : [key];
  });
  const v1Tables = asTable(document.registries);
  const v1 = v1Tables === null ? [] : ['insecure', 'block'].flatMap((name) => {
    const list = asTable(v1Tables[name])?.registries;
    return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
  });
  return [...v2, ...v1];
}

function asTable(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Go's sort of file names: byte order, not locale order. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
