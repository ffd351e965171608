import type { PrivilegedEvent } from '../../shared/plan';
import { createEngineControl, sleep } from '../core/engine/control';
import { toErrorValue } from '../core/errors';
import { engineAllowList } from '../core/plan/engine-allow-list';
import { executePlan } from '../core/plan/executor';
import { decodePlan } from '../core/plan/plan-codec';
import { isElevated } from '../core/platform/elevation-state';
import { enginePathEnv } from '../core/platform/engine-paths';
import { execProgram } from '../core/platform/exec';
import { currentStateDir } from '../core/platform/state-dir';

/**
 * The program the elevated process runs: apply one Plan, given base64-encoded in argv[2].
 * It reports on stdout, one JSON event a line; exit 0 applied, 3 verification failed and
 * rolled back, 1 failed.
 */
const emit = (event: PrivilegedEvent): void => {
  process.stdout.write(`${JSON.stringify(event)}\n`);
};

async function main(): Promise<number> {
  let planId = '';
  try {
    const plan = decodePlan(process.argv[2]);
    planId = plan.id;
    const engine = createEngineControl(plan.engine, { exec: execProgram });
    const result = await executePlan(plan, {
      engine,
      target: { exec: execProgram, dockerHost: plan.engine.dockerHost },
      stateDir: currentStateDir(),
      allow: isElevated() ? await engineAllowList(engine, enginePathEnv()) : undefined,
      now: () => new Date(),
      progress: (message) => emit({ type: 'progress', message }),
      sleep,
      reloadVerifyMs: 5_000,
      restartTimeoutMs: 60_000,
    });
    emit(result);
    return result.outcome === 'applied' ? 0 : result.outcome === 'rolled-back' ? 3 : 1;
  } catch (error) {
    emit({ type: 'result', outcome: 'failed', planId, backups: [], active: null, differences: [], error: toErrorValue(error) });
    return 1;
  }
}

process.exitCode = await main();
