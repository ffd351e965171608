import type { RegistrySettings } from '../../../../../shared/engine';
import type { EngineControl } from './engine-control';
import { processArgv, settingsFromFlags } from './dockerd-process';

/**
 * What the engine would start with for keys daemon.json lacks: the registry flags of the
 * running dockerd (its command line is world-readable on Linux). Empty when no dockerd is known.
 */
export async function startupSettings(engine: EngineControl): Promise<RegistrySettings> {
  const pid = process.platform === 'linux' ? await engine.daemonPid().catch(() => undefined) : undefined;
  if (pid === undefined) return { mirrors: [], insecureRegistries: [] };
  try {
    return settingsFromFlags(processArgv(pid));
  } catch {
    // The process ended between the two reads: nothing runs, so nothing to fall back to.
    return { mirrors: [], insecureRegistries: [] };
  }
}
