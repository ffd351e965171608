import { type Message, msg } from '../../../shared/message';
import type { Plan } from '../../../shared/plan';
import type { ChangeItem } from '../../../shared/setup';
import { planMirrorsChange } from '../../core/change/mirrors';
import { planRollbackChange } from '../../core/change/rollback';
import { planTrustAddChange, planTrustRemoveChange } from '../../core/change/trust';
import { DocksideError } from '../../core/errors';
import { type ProposedChange, summarizeChange } from '../../core/plan/change';
import { changeItemsOf } from '../../core/plan/change-items';
import { planProfileChange, surveyProfile } from '../../core/profile/plan-profile';
import { applySetup } from '../../core/setup/apply-setup';
import { type PendingLogin, planSetupChange } from '../../core/setup/plan-setup';
import { caSourceOf } from './ca-source';
import { confirmationOf, languageOf } from './confirm-change';
import type { HandlerDeps, Handlers } from './types';

/** Plans waiting for their apply; the oldest is forgotten past this many (the renderer plans again). */
const MAX_PENDING_PLANS = 16;

/** A change as main keeps it until it is applied: every change is a setup, most with no sign-in. */
interface PendingChange extends ProposedChange {
  logins: PendingLogin[];
  items: ChangeItem[];
}

/**
 * `change:plan` and `change:apply`: main builds the Plan from the user's choice with the same
 * core functions as the CLI commands, keeps it here keyed by its id (with the passwords of a
 * setup's sign-ins, which never leave main), and hands the renderer only what to show. Apply
 * takes the change out of the store first, so it runs once at most; the renderer cannot send a
 * plan of its own, nor alter this one. Nor can it apply one without the user: before any sign-in
 * or elevation, main asks (deps.change.confirm) with words of its own built from the change it keeps.
 */
export function changeHandlers(deps: HandlerDeps): Pick<Handlers, 'change:plan' | 'change:apply'> {
  const pending = new Map<string, PendingChange>();
  const keep = (id: string, change: PendingChange): void => {
    if (change.plan === null && change.logins.length === 0) return;
    pending.set(id, change);
    for (const key of pending.keys()) {
      if (pending.size <= MAX_PENDING_PLANS) break;
      pending.delete(key);
    }
  };
  const plain = (change: ProposedChange): PendingChange => ({ ...change, logins: [], items: changeItemsOf(change.plan) });
  /**
   * The AppImage's refusal of the password prompt (appimage-elevation.ts), said with the plan so
   * the review shows it before Apply. Any other refusal is apply's to report, as it always was.
   */
  const refusedElevation = (plan: Plan | null): Message[] => {
    if (plan === null) return [];
    try {
      deps.change.elevatorFor(plan);
      return [];
    } catch (error) {
      return error instanceof DocksideError && error.code === 'appimage-elevation' ? [msg(error.key, error.params)] : [];
    }
  };

  return {
    'change:plan': async (request) => {
      const machine = await deps.machine();
      const id = deps.change.newId();
      let change: PendingChange;
      switch (request.kind) {
        case 'trust-add': {
          const planned = await planTrustAddChange(machine, request.registry, {
            id,
            fingerprint: request.fingerprint,
            allowPublicRegistry: request.allowPublicRegistry === true,
            now: () => new Date(),
          });
          change = plain(planned.alreadySystem ? { ...planned, warnings: planned.alreadySystem.map((problem) => problem.explanation) } : planned);
          break;
        }
        case 'trust-remove':
          change = plain(await planTrustRemoveChange(machine, request.registry, { id }));
          break;
        case 'mirrors-use':
          change = plain(await planMirrorsChange(machine, { urls: request.urls, insecure: request.insecure ?? false, allowPublicRegistry: request.allowPublicRegistry === true, restart: false, id }));
          break;
        case 'mirrors-clear':
          change = plain(await planMirrorsChange(machine, { urls: 'clear', insecure: false, restart: false, id }));
          break;
        case 'rollback':
          change = plain(await planRollbackChange(machine, { restart: false, id }));
          break;
        case 'setup': {
          // Never allowPublicRegistry here: a setup carries a profile's registries and mirrors, and a profile cannot set it.
          const mirrors = request.mirrors && { urls: request.mirrors.urls, insecure: request.mirrors.insecure ?? false };
          const registries = request.registries.map(({ caUrl, caPem, caPemName, ...entry }) => ({ ...entry, ...caSourceOf({ caUrl, caPem, caPemName }, entry.registry) }));
          change = await planSetupChange(machine, { registries, ...(mirrors ? { mirrors } : {}) }, { id, now: () => new Date() });
          break;
        }
        case 'profile': {
          // As `dockside profile apply` does it, with the mirrors the user kept; never allowPublicRegistry (a profile cannot set it).
          const loaded = { ...request.profile, profile: { ...request.profile.profile, mirrors: request.mirrors } };
          const now = () => new Date();
          // A profile's osTrust is asked in main's own confirmation, which says every website is then trusted (confirmationOf); never by the profile alone.
          const osTrustConfirmed = new Set(loaded.profile.registries.flatMap((entry, index) => (entry.osTrust === true ? [index] : [])));
          const surveys = await surveyProfile(machine, loaded, { now, osTrustConfirmed });
          const given = new Map(request.signIns.map((signIn) => [signIn.registry.toLowerCase(), { username: signIn.username, password: signIn.password }]));
          change = await planProfileChange(machine, loaded, surveys, {
            id,
            now,
            credentialsFor: async ({ state, stored }) => {
              const signIn = given.get(state.host.toLowerCase()) ?? null;
              if (signIn === null && stored === null) {
                throw new DocksideError('password-needed', 'plan.error.password-needed', { registry: state.host });
              }
              return signIn;
            },
          });
          break;
        }
      }
      keep(id, change);
      const summary = summarizeChange(change);
      // A setup that only signs in has no elevated plan, but is still a change to apply.
      const planId = change.plan === null && change.logins.length === 0 ? null : id;
      return { ...summary, warnings: [...summary.warnings, ...refusedElevation(change.plan)], planId, changes: change.items };
    },

    'change:apply': async ({ planId, language }) => {
      const change = pending.get(planId);
      if (!change) {
        throw new DocksideError('unknown-plan', 'plan.error.unknown-plan');
      }
      pending.delete(planId);
      // Only the language comes from the renderer; every word of the question is main's, from the change it kept.
      const confirmation = await confirmationOf(change, languageOf(language, deps.change.systemLanguages()));
      let confirmed: boolean;
      try {
        confirmed = await deps.change.confirm(confirmation);
      } catch (error) {
        pending.set(planId, change);
        throw error;
      }
      if (!confirmed) {
        // Nothing was run: the same change may be applied later.
        pending.set(planId, change);
        throw new DocksideError('apply-declined', 'plan.error.apply-declined');
      }
      try {
        const { json, error, logins } = await applySetup(
          change,
          { credentials: (await deps.machine()).credentials, privileged: deps.change.privileged, elevatorFor: (plan: Plan) => deps.change.elevatorFor(plan) },
          (message) => deps.emit('change:progress', { type: 'progress', message }),
        );
        if (json.outcome === 'failed' && error) throw new DocksideError(error.code, error.key, error.params);
        return { ...json, planId, logins };
      } catch (error) {
        // A cancelled password prompt ran nothing (and the sign-ins were undone): the same change may be applied again.
        if (error instanceof DocksideError && error.code === 'elevation-cancelled') pending.set(planId, change);
        throw error;
      }
    },
  };
}
