import { fileURLToPath } from 'node:url';
import type { PrivilegedEvent } from '../../shared/plan';
import { sleep } from '../core/runtimes/docker/engine/wait-for-engine';
import { toErrorValue } from '../core/errors';
import { decodeRequest } from '../core/plan/privileged-request';
import { isElevated } from '../core/platform/elevation-state';
import { assertInstallSafe } from '../core/platform/root-owned';
import { resolveElevatedMachine } from '../core/privileged/resolve-elevated-machine';
import { runRequest } from '../core/privileged/run-request';
import { scrubEnvironment } from '../core/privileged/scrub-environment';

/**
 * The program the elevated process runs (DESIGN §2): one change request, base64 JSON in
 * argv[2], holding the user's intent only; every path, content and the engine are derived here.
 * Built as one self-contained file, so that checking it and the runtime covers all the code
 * that runs. It reports on stdout, one JSON event a line; exit 0 applied, 3 verification failed
 * and rolled back, 1 failed.
 */
const emit = (event: PrivilegedEvent): void => {
  process.stdout.write(`${JSON.stringify(event)}\n`);
};

async function main(): Promise<number> {
  let planId = '';
  try {
    const elevated = isElevated();
    if (elevated) {
      // Before anything is read: code a user could have written must not run as root.
      assertInstallSafe([fileURLToPath(import.meta.url), process.execPath]);
      scrubEnvironment();
    }
    // Exactly one argument: anything after it is not part of the reviewed change.
    const request = decodeRequest(process.argv.length === 3 ? process.argv[2] : undefined);
    planId = request.id;
    const machine = await resolveElevatedMachine(request.target, { elevated });
    const result = await runRequest(request, machine, {
      now: () => new Date(),
      progress: (message) => emit({ type: 'progress', message }),
      sleep,
      reloadVerifyMs: 5_000,
      restartTimeoutMs: 60_000,
      lockWaitMs: 5_000,
    });
    emit(result);
    return result.outcome === 'applied' ? 0 : result.outcome === 'rolled-back' ? 3 : 1;
  } catch (error) {
    emit({ type: 'result', outcome: 'failed', planId, backups: [], active: null, differences: [], error: toErrorValue(error) });
    return 1;
  }
}

process.exitCode = await main();
