import type { RegistrySettings } from '../../../shared/engine';
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

function alreadySays(file: DaemonJsonFile, field: keyof RegistrySettings, list: readonly string[]): boolean {
  const current = file.parsed.settings[field];
  return Object.hasOwn(file.parsed.value, REGISTRY_KEYS[field]) && current.length === list.length && current.every((value, index) => value === list[index]);
}
