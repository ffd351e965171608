import type { RegistrySettings } from '../../../../../shared/engine';
import type { ParsedDaemonJson } from './parse';

/**
 * The settings dockerd will run with once it has read this file, in dockerd's normal form (a
 * mirror ends with `/`, an insecure entry has no scheme): a key the file sets wins; for a key it
 * lacks, `fallback` says: the running values after a reload (FACTS §1: only keys present are
 * applied), the flags' values after a restart.
 */
export function effectiveSettings(parsed: ParsedDaemonJson, fallback: RegistrySettings | null): RegistrySettings {
  const has = (key: string): boolean => Object.prototype.hasOwnProperty.call(parsed.value, key);
  const mirrors = has('registry-mirrors') ? parsed.settings.mirrors : (fallback?.mirrors ?? []);
  const insecure = has('insecure-registries') ? parsed.settings.insecureRegistries : (fallback?.insecureRegistries ?? []);
  return {
    mirrors: unique(mirrors.map((mirror) => `${mirror.replace(/\/+$/, '')}/`)),
    insecureRegistries: unique(insecure.map((entry) => entry.replace(/^https?:\/\//, '').replace(/\/+$/, ''))),
  };
}

const unique = (values: string[]): string[] => [...new Set(values)];
