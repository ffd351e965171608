import { mkdir } from 'node:fs/promises';
import type { Message } from '../../../shared/message';
import type { PrivilegedResult } from '../../../shared/plan';
import type { PrivilegedRequest } from '../../../shared/privileged';
import { engineLogFor } from '../runtimes/docker/engine/reload-refusal';
import { acquireChangeLock } from '../plan/change-lock';
import { executePlan } from '../plan/executor';
import { execProgram } from '../platform/exec';
import { assertRootOwnedPath } from '../platform/root-owned';
import { findHooks, findTool } from '../trust/os-store/find-tool';
import { osTrustRecordPath } from '../trust/os-store/os-trust-record';
import { tlsValidates } from '../trust/os-store/tls-validates';
import { derivePlan } from './derive-plan';
import type { ElevatedMachine } from './elevated-machine';

export interface RunRequestDeps {
  now: () => Date;
  progress: (message: Message) => void;
  sleep: (ms: number) => Promise<void>;
  reloadVerifyMs: number;
  restartTimeoutMs: number;
  /** How long a second change waits for the first before it is refused. */
  lockWaitMs: number;
}

/**
 * One change, start to end, under the machine's change lock: from reading the current files
 * through writing, reloading and verifying (or rolling back), no other Dockside change runs,
 * so two applies never interleave and a rollback never undoes another change's success.
 */
export async function runRequest(request: PrivilegedRequest, machine: ElevatedMachine, deps: RunRequestDeps): Promise<PrivilegedResult> {
  // The journal index stays readable by the user (history, the rollback picker); backups are 0600 inside.
  await mkdir(machine.stateDir, { recursive: true, mode: 0o755 });
  if (machine.elevated) assertRootOwnedPath(machine.stateDir, { allowStickyAncestors: true });
  const lock = await acquireChangeLock(machine.stateDir, { waitMs: deps.lockWaitMs });
  try {
    const { plan, activeBefore } = await derivePlan(machine, request);
    if (plan === null) return { type: 'result', outcome: 'applied', planId: request.id, backups: [], active: null, differences: [] };
    return await executePlan(plan, {
      engine: machine.engineControl,
      target: machine.target,
      stateDir: machine.stateDir,
      keepBackups: machine.keepBackups,
      allow: {
        files: [machine.daemonJsonPath],
        certsDirs: [machine.certsDir],
        ...(machine.osStore ? { osAnchorsDir: machine.osStore.anchorsDir, osTrustRecord: osTrustRecordPath(machine.stateDir) } : {}),
      },
      ...(machine.osStore
        ? {
            osTrust: {
              store: machine.osStore,
              tools: {
                exec: execProgram,
                which: (tool: string) => findTool(tool, { platform: process.platform, elevated: machine.elevated, systemRoot: process.env.SystemRoot }),
                hooks: (dir: string) => findHooks(dir, { elevated: machine.elevated }),
              },
              validates: tlsValidates,
            },
          }
        : {}),
      ...(activeBefore === undefined ? {} : { activeBefore }),
      engineLog: engineLogFor(machine.engine, machine.engineControl, machine.target.exec),
      now: deps.now,
      progress: deps.progress,
      sleep: deps.sleep,
      reloadVerifyMs: deps.reloadVerifyMs,
      restartTimeoutMs: deps.restartTimeoutMs,
    });
  } finally {
    await lock.release();
  }
}
