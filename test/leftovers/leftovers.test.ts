import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leftovers, type MachineState, readMachineState } from '../harness/machine-state';

// Run by scripts/test.sh after every other suite, against the state it recorded before them.
describe('after the whole run', () => {
  it('leaves no test process, hosts entry or certs.d directory behind, and daemon.json and the OS trust store untouched', () => {
    const snapshot = process.env.DOCKSIDE_MACHINE_BEFORE;
    expect(snapshot, 'DOCKSIDE_MACHINE_BEFORE names the state recorded before the suites (scripts/test.sh sets it)').toBeTruthy();
    const before = JSON.parse(readFileSync(snapshot as string, 'utf8')) as MachineState;
    const after = readMachineState();
    expect(leftovers(before, after)).toEqual([]);
    console.log(
      `checked: ${after.processes.length} watched processes (all present before), ${after.hostsMarkers.length} test hosts entries, ` +
        `${after.testCertsDirs.length} test certs.d dirs, /etc/docker/daemon.json ${after.daemonJsonSha256 ? `sha256 ${after.daemonJsonSha256}` : 'absent'} as before, ` +
        `${after.osTrustAnchors.length} Dockside anchors in the OS trust store, its bundle ${after.osTrustBundleSha256 ? `sha256 ${after.osTrustBundleSha256.slice(0, 12)}…` : 'absent'} as before`,
    );
  });
});
