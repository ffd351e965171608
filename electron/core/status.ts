import type { StatusJson } from '../../shared/cli';
import { effectiveSettings } from './runtimes/docker/daemon/effective-settings';
import { readDaemonJson } from './runtimes/docker/daemon/read';
import { driftMessage, settingsDrift } from './runtimes/docker/engine/active-settings';
import { startupSettings } from './runtimes/docker/engine/startup-settings';
import { engineVersion } from './runtimes/docker/engine/docker-cli';
import { toErrorValue } from './errors';
import type { Machine } from './machine';
import { unfinishedEntries } from './plan/journal';
import { readJournals } from './plan/journal-dir';
import { activeOrNull } from './plan/verify';
import { listTrustedRegistries } from './trust/certs-d';

/** The engine, daemon.json, what is active, and whether they agree (re-read every time, never remembered). */
export async function readStatus(machine: Pick<Machine, 'engine' | 'target' | 'certsDir' | 'daemonJsonPath' | 'journalDirs' | 'engineControl'>): Promise<StatusJson> {
  const [version, active, trusted, file, journal, startup] = await Promise.all([
    engineVersion(machine.target),
    activeOrNull(machine.target),
    listTrustedRegistries(machine.certsDir),
    readDaemonJson(machine.daemonJsonPath).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error: toErrorValue(error) }),
    ),
    readJournals(machine.journalDirs).catch(() => []),
    startupSettings(machine.engineControl),
  ]);
  const fileSettings = file.ok && file.value.exists ? file.value.parsed.settings : null;
  // A key the file lacks falls back to the flags, not to what runs: a reload keeps the old values
  // of a removed key, and that is exactly the drift to show (a registry left insecure unnoticed).
  const driftItems = file.ok && active ? settingsDrift(effectiveSettings(file.value.parsed, startup), active) : [];
  return {
    engine: {
      kind: machine.engine.kind,
      ...(machine.engine.pidfile ? { pidfile: machine.engine.pidfile } : {}),
      ...(machine.engine.dockerHost ? { dockerHost: machine.engine.dockerHost } : {}),
      running: version !== undefined,
      version: version ?? null,
    },
    daemonJson: { path: machine.daemonJsonPath, exists: file.ok && file.value.exists, settings: fileSettings, error: file.ok ? null : file.error },
    certsDir: machine.certsDir,
    trustedRegistries: trusted.map((registry) => registry.registry),
    active,
    drift: driftItems.map(driftMessage),
    driftItems,
    unfinished: unfinishedEntries(journal).map((entry) => ({ id: entry.id, at: entry.at, action: entry.action, files: entry.files.map((f) => f.path) })),
  };
}
