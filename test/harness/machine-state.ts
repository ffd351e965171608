import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAlive } from './pids';

/**
 * What the test run must leave as it found it: service processes, /etc/hosts entries,
 * certs.d directories for test hosts, the machine's own daemon.json, Dockside's system journal and the OS trust store.
 */
export interface MachineState {
  processes: { pid: number; comm: string }[];
  hostsMarkers: string[];
  testCertsDirs: string[];
  /** dockerd writes some fixed paths whatever its flags say (key.json): nothing new may appear. */
  etcDockerEntries: string[];
  daemonJsonSha256: string | null;
  /** Dockside's own system journal: tests give the privileged process a DOCKSIDE_STATE_DIR of their own. */
  systemJournalSha256: string | null;
  /** What the sudo suites add for their unprivileged user: sudoers files, engine.json, root-owned installs, the users themselves. */
  sudoSetup: string[];
  /** The machine's OS trust store (trust add --os-store): Dockside's anchors and the bundle every program reads. */
  osTrustAnchors: string[];
  osTrustBundleSha256: string | null;
}

// /proc/<pid>/comm is cut at 15 characters: gnome-keyring-daemon reads "gnome-keyring-d".
const WATCHED = ['dockerd', 'containerd', 'containerd-shim', 'docker-registry', 'nginx', 'gnome-keyring-d', 'dbus-daemon', 'chromium', 'chrome', 'docker-proxy'];
const HOSTS_MARKER = 'dockside-test';
const DAEMON_JSON = '/etc/docker/daemon.json';
const ETC_DOCKER = '/etc/docker';
const CERTS_D = `${ETC_DOCKER}/certs.d`;
const SYSTEM_JOURNAL = '/var/lib/dockside/journal.jsonl';
const OS_ANCHORS = '/usr/local/share/ca-certificates';
const OS_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

const sha256Of = (path: string): string | null => (existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : null);

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

export function readMachineState(): MachineState {
  const processes = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .map((entry) => ({ pid: Number(entry), comm: readOr(`/proc/${entry}/comm`, '').trim() }))
    .filter(({ comm }) => WATCHED.some((name) => comm === name || comm.startsWith(`${name}-`)))
    // An exited child not yet reaped by PID 1 (slow here) is a zombie, not a leftover.
    .filter(({ pid }) => isAlive(pid));
  return {
    processes,
    hostsMarkers: readOr('/etc/hosts', '').split('\n').filter((line) => line.includes(HOSTS_MARKER) || /\.dockside\.test\b/.test(line)),
    testCertsDirs: existsSync(CERTS_D) ? readdirSync(CERTS_D).filter((name) => /\.dockside\.test(:\d+)?$/.test(name)) : [],
    etcDockerEntries: existsSync(ETC_DOCKER) ? readdirSync(ETC_DOCKER).sort() : [],
    daemonJsonSha256: sha256Of(DAEMON_JSON),
    systemJournalSha256: sha256Of(SYSTEM_JOURNAL),
    sudoSetup: [
      ...(existsSync('/etc/sudoers.d') ? readdirSync('/etc/sudoers.d').map((name) => `/etc/sudoers.d/${name}`) : []),
      ...(existsSync('/etc/dockside') ? ['/etc/dockside'] : []),
      ...readdirSync('/opt').filter((name) => name.startsWith('dockside-e2e-')).map((name) => `/opt/${name}`),
      ...readOr('/etc/passwd', '').split('\n').filter((line) => line.startsWith('dockside-e2e-')).map((line) => `user ${line.split(':')[0] ?? ''}`),
    ].sort(),
    osTrustAnchors: existsSync(OS_ANCHORS) ? readdirSync(OS_ANCHORS).filter((name) => name.startsWith('dockside-')).sort() : [],
    osTrustBundleSha256: sha256Of(OS_BUNDLE),
  };
}

/** Everything in `after` that was not in `before`, in words a person can act on. */
export function leftovers(before: MachineState, after: MachineState): string[] {
  const known = new Set(before.processes.map((p) => `${p.pid}:${p.comm}`));
  const problems = after.processes
    .filter((p) => !known.has(`${p.pid}:${p.comm}`))
    .map((p) => `process ${p.comm} (pid ${p.pid}) started during the run is still running`);
  for (const line of after.hostsMarkers.filter((l) => !before.hostsMarkers.includes(l))) problems.push(`/etc/hosts still has: ${line}`);
  for (const dir of after.testCertsDirs.filter((d) => !before.testCertsDirs.includes(d))) problems.push(`${CERTS_D}/${dir} was left behind`);
  for (const entry of after.etcDockerEntries.filter((e) => !before.etcDockerEntries.includes(e))) problems.push(`${ETC_DOCKER}/${entry} appeared`);
  if (after.daemonJsonSha256 !== before.daemonJsonSha256) {
    problems.push(`${DAEMON_JSON} changed (sha256 ${before.daemonJsonSha256 ?? 'absent'} -> ${after.daemonJsonSha256 ?? 'absent'})`);
  }
  for (const entry of after.sudoSetup.filter((e) => !before.sudoSetup.includes(e))) problems.push(`${entry} was left behind by a sudo suite`);
  for (const anchor of after.osTrustAnchors.filter((a) => !before.osTrustAnchors.includes(a))) problems.push(`${OS_ANCHORS}/${anchor} was left in the OS trust store`);
  if (after.osTrustBundleSha256 !== before.osTrustBundleSha256) problems.push(`${OS_BUNDLE} changed: the OS trust store is not as the run found it`);
  if (after.systemJournalSha256 !== before.systemJournalSha256) {
    problems.push(`${SYSTEM_JOURNAL} changed: a test ran the privileged process without its own DOCKSIDE_STATE_DIR`);
  }
  return problems;
}
