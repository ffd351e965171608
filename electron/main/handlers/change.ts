import type { Plan } from '../../../shared/plan';
import { planMirrorsChange } from '../../core/change/mirrors';
import { planRollbackChange } from '../../core/change/rollback';
import { planTrustAddChange, planTrustRemoveChange, type TrustWords } from '../../core/change/trust';
import { DocksideError } from '../../core/errors';
import { applyPlan, type ProposedChange, summarizeChange } from '../../core/plan/change';
import type { HandlerDeps, Handlers } from './index';

/** The warnings' words in the app (the renderer shows them as they come; the CLI has its own, localized). */
const APP_TRUST_WORDS: TrustWords = {
  unreachable: 'The registry cannot be reached, so the CA file is installed without checking it against the server',
  noPin: 'No fingerprint was given: compare this fingerprint with the one your registry administrator gives you',
  keptFiles: 'The directory keeps these other files, so it stays',
  desktopRestart: 'Docker Desktop copies certs.d into its VM when it starts: restart Docker Desktop to use this change.',
};

/** Plans waiting for their apply; the oldest is forgotten past this many (the renderer plans again). */
const MAX_PENDING_PLANS = 16;

/**
 * `change:plan` and `change:apply`: main builds the Plan from the user's choice with the same
 * core functions as the CLI commands, keeps it here keyed by its id, and hands the renderer
 * only what to show. Apply takes the plan out of the store first, so it runs once at most; the
 * renderer cannot send a plan of its own, nor alter this one.
 */
export function changeHandlers(deps: HandlerDeps): Pick<Handlers, 'change:plan' | 'change:apply'> {
  const pending = new Map<string, ProposedChange & { plan: Plan }>();
  const keep = (change: ProposedChange): void => {
    if (change.plan === null) return;
    pending.set(change.plan.id, { ...change, plan: change.plan });
    for (const id of pending.keys()) {
      if (pending.size <= MAX_PENDING_PLANS) break;
      pending.delete(id);
    }
  };

  return {
    'change:plan': async (request) => {
      const machine = await deps.machine();
      const id = deps.change.newId();
      let change: ProposedChange;
      switch (request.kind) {
        case 'trust-add': {
          const planned = await planTrustAddChange(machine, request.registry, { id, fingerprint: request.fingerprint, now: () => new Date(), words: APP_TRUST_WORDS });
          change = planned.alreadySystem ? { ...planned, warnings: planned.alreadySystem.map((problem) => problem.explanation) } : planned;
          break;
        }
        case 'trust-remove':
          change = await planTrustRemoveChange(machine, request.registry, { id, words: APP_TRUST_WORDS });
          break;
        case 'mirrors-use':
          change = await planMirrorsChange(machine, { urls: request.urls, insecure: request.insecure ?? false, restart: false, id });
          break;
        case 'mirrors-clear':
          change = await planMirrorsChange(machine, { urls: 'clear', insecure: false, restart: false, id });
          break;
        case 'rollback':
          change = await planRollbackChange(machine, { restart: false, id });
          break;
      }
      keep(change);
      const { planId, reason, diff, steps, warnings } = summarizeChange(change);
      return { planId, reason, diff, steps, warnings };
    },

    'change:apply': async ({ planId }) => {
      const change = pending.get(planId);
      if (!change) {
        throw new DocksideError('unknown-plan', 'There is no planned change with this id: it was applied already, or planned before the app restarted. Plan the change again.');
      }
      pending.delete(planId);
      try {
        const { json, error } = await applyPlan(change, deps.change.privileged, deps.change.elevatorFor(change.plan), (message) =>
          deps.emit('change:progress', { type: 'progress', message }),
        );
        if (json.outcome === 'failed' && error) throw new DocksideError(error.code, error.message);
        return json;
      } catch (error) {
        // A cancelled password prompt ran nothing: the same plan may be applied again.
        if (error instanceof DocksideError && error.code === 'elevation-cancelled') pending.set(planId, change);
        throw error;
      }
    },
  };
}
