import type { RegistrySettings } from '../../../../../shared/engine';
import { canonicalCidr } from '../engine/cidr';
import { withRegistrySettings } from './edit';
import { REGISTRY_KEYS } from './parse';
import type { DaemonJsonFile } from './read';

/** The lists a change asks for; null leaves that key as the file has it. */
export interface WantedRegistrySettings {
  mirrors: string[] | null;
  insecureRegistries: string[] | null;
}

export interface RegistryEdit {
  /** Only the lists that differ from what the file says. */
  change: Partial<RegistrySettings>;
  /** The file's new text: every byte but those lists kept. */
  after: string;
}

/**
 * The one computation of daemon.json's new text, run by the preview and again by the elevated
 * process on the file it reads itself: same inputs, same bytes. A list the file already says
 * exactly is left as written, so a list kept on one line is not reformatted into a change (and
 * an admin prompt) that changes nothing.
 */
export function registryEdit(file: DaemonJsonFile, wanted: WantedRegistrySettings): RegistryEdit {
  const change: Partial<RegistrySettings> = {};
  if (wanted.mirrors !== null && !alreadySays(file, 'mirrors', wanted.mirrors)) change.mirrors = wanted.mirrors;
  if (wanted.insecureRegistries !== null && !alreadySays(file, 'insecureRegistries', wanted.insecureRegistries)) change.insecureRegistries = wanted.insecureRegistries;
  return { change, after: withRegistrySettings(file.text, change) };
}

/**
 * Whether the file already sets this list, compared as dockerd reads it, not as text: a mirror
 * with or without its trailing `/`; insecure registries as a set, without scheme or trailing `/`,
 * CIDRs in their network form.
 */
function alreadySays(file: DaemonJsonFile, field: keyof RegistrySettings, list: readonly string[]): boolean {
  if (!Object.hasOwn(file.parsed.value, REGISTRY_KEYS[field])) return false;
  const current = file.parsed.settings[field];
  if (field === 'mirrors') {
    const mirror = (value: string): string => value.replace(/\/+$/, '');
    return current.length === list.length && current.every((value, index) => mirror(value) === mirror(list[index] ?? ''));
  }
  const bare = (value: string): string => value.replace(/^https?:\/\//, '').replace(/\/+$/, '');
  const insecure = (values: readonly string[]): string => [...new Set(values.map((value) => canonicalCidr(bare(value)) ?? bare(value)))].sort().join('\n');
  return insecure(current) === insecure(list);
}

/** Whether an edit writes daemon.json: the file is missing, or its text changes (what planDaemonJsonChange plans a write-file for). */
export function writes(file: DaemonJsonFile, after: string): boolean {
  return file.sha256 === null || after !== file.text;
}
