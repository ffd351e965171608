import type { PlanStep } from '../../../shared/plan';
import type { EngineAction } from '../../../shared/privileged';
import { DocksideError } from '../errors';

/**
 * Several files may each ask for the engine: one engine step after every file, restart winning
 * over reload, and verify last. `reload` refuses a change that needs a restart.
 */
export function engineSteps(steps: readonly PlanStep[], action: EngineAction = 'auto'): PlanStep[] {
  const restart = steps.some((step) => step.type === 'restart-engine');
  const reload = steps.some((step) => step.type === 'reload-engine');
  if (restart && action === 'reload') {
    throw new DocksideError('restart-needed', 'plan.error.restart-needed');
  }
  const verify = steps.filter((step) => step.type === 'verify').at(-1);
  return [...(restart ? [{ type: 'restart-engine' as const }] : reload ? [{ type: 'reload-engine' as const }] : []), ...(verify ? [verify] : [])];
}
