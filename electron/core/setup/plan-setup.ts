import { type Message, msg } from '../../../shared/message';
import type { Plan, PlanStep } from '../../../shared/plan';
import type { ApplyRequest } from '../../../shared/privileged';
import type { ChangeItem } from '../../../shared/setup';
import { DocksideError } from '../errors';
import { readDockerConfig } from '../credentials/docker-config';
import { secretTargetFor } from '../credentials/secret-store';
import type { Machine } from '../machine';
import { planMirrorsChange } from '../change/mirrors';
import { type TrustAddChange, planTrustAddChange } from '../change/trust';
import type { ProposedChange } from '../plan/change';
import { changeItemsOf } from '../plan/change-items';
import { mergeApplyRequests } from '../plan/privileged-request';
import { registryPaths, type RegistryPaths } from '../trust/inspect-registry';
import { caPemOf } from './pending-ca';

export interface SetupRegistry {
  /** host[:port] as typed or as the profile names it. */
  registry: string;
  /** Trust the CA the registry sends, pinned to this fingerprint; undefined: leave trust as it is. */
  fingerprint?: string;
  /** Where the CA comes from when the registry does not send it: a URL (the pin picks the certificate) or PEM text. */
  caUrl?: string;
  caPem?: { text: string; label: string };
  /** Also trust the CA in the OS store. */
  osStore?: boolean;
  /** The trust change planned already for this pin (a profile's survey), so the registry is not asked twice. */
  trust?: TrustAddChange;
  /** Plain HTTP: the host joins daemon.json's insecure-registries, and its sign-in goes over HTTP. */
  insecure?: boolean;
  signIn?: { username: string; password: string };
}

export interface SetupRequest {
  registries: SetupRegistry[];
  mirrors?: { urls: string[]; insecure: boolean };
}

/** A sign-in the setup does before its elevated step, with the CA it will install for that registry (if any). */
export interface PendingLogin {
  paths: RegistryPaths;
  username: string;
  password: string;
  pendingCa: string | null;
  plainHttp: boolean;
}

export interface SetupChange extends ProposedChange {
  logins: PendingLogin[];
  /** Every file, keychain item and engine action, in the order they happen. */
  items: ChangeItem[];
}

/**
 * The wizard's Review (and a profile's plan): each pinned CA and the mirrors as ONE plan, so one
 * administrator prompt applies them; the sign-ins, which touch only the user's own config.json
 * and keychain, happen just before it. A pinned fingerprint that does not match refuses here,
 * before anything is written.
 */
export async function planSetupChange(machine: Machine, request: SetupRequest, options: { id: string; now: () => Date }): Promise<SetupChange> {
  const steps: PlanStep[] = [];
  const reasons: Message[] = [];
  const diffs: string[] = [];
  const warnings: Message[] = [];
  const logins: PendingLogin[] = [];
  const requests: ApplyRequest[] = [];
  const keepRequest = (change: ProposedChange): void => {
    if (change.request?.action === 'apply') requests.push(change.request);
  };

  for (const entry of request.registries) {
    const paths = registryPaths(machine.certsDir, entry.registry);
    if (entry.insecure === true && entry.fingerprint !== undefined) {
      throw new DocksideError('usage', 'plan.error.usage.insecure-and-pinned', { registry: entry.registry });
    }
    let pendingCa: string | null = null;
    const trust =
      entry.trust ??
      (entry.fingerprint === undefined
        ? null
        : await planTrustAddChange(machine, entry.registry, {
            id: options.id,
            fingerprint: entry.fingerprint,
            caUrl: entry.caUrl,
            caPem: entry.caPem,
            osStore: entry.osStore,
            pinnedBy: 'accepted',
            now: options.now,
          }));
    if (trust !== null) {
      warnings.push(...trust.warnings, ...(trust.alreadySystem ?? []).map((problem) => problem.explanation));
      if (trust.plan) {
        steps.push(...trust.plan.steps);
        reasons.push(trust.plan.reason);
        diffs.push(trust.diff);
        pendingCa = caPemOf(trust.plan);
        keepRequest(trust);
      }
    }
    if (entry.signIn) logins.push({ paths, ...entry.signIn, pendingCa, plainHttp: entry.insecure === true });
  }

  const insecureRegistries = request.registries.filter((entry) => entry.insecure === true).map((entry) => entry.registry);
  if (request.mirrors || insecureRegistries.length > 0) {
    const mirrors = await planMirrorsChange(machine, {
      urls: request.mirrors?.urls ?? 'keep',
      insecure: request.mirrors?.insecure ?? false,
      insecureRegistries,
      restart: false,
      id: options.id,
    });
    warnings.push(...mirrors.warnings);
    if (mirrors.plan) {
      steps.push(...mirrors.plan.steps);
      reasons.push(mirrors.plan.reason);
      keepRequest(mirrors);
      diffs.push(mirrors.diff);
    }
  }

  const plan: Plan | null = steps.length === 0 ? null : { version: 1, id: options.id, action: 'apply', reason: reasons.length === 1 && reasons[0] ? reasons[0] : setupReason(steps), engine: machine.engine, steps };
  return { plan, request: plan && mergeApplyRequests(options.id, machine.chosen, requests), diff: diffs.join(''), warnings, logins, items: [...(await loginItems(machine, logins)), ...changeItemsOf(plan)] };
}

/** Why a setup of several parts needs administrator rights: every file it writes, and the engine. */
function setupReason(steps: readonly PlanStep[]): Message {
  const path = steps.flatMap((step) => ('path' in step ? [step.path] : [])).join(', ');
  const engine = steps.some((step) => step.type === 'restart-engine') ? '-restart' : steps.some((step) => step.type === 'reload-engine') ? '-reload' : '';
  return msg(`plan.reason.write${engine}` as const, { path });
}

/** What each sign-in will touch: the secret's store, and config.json, which login rewrites to point Docker at it. */
async function loginItems(machine: Machine, logins: readonly PendingLogin[]): Promise<ChangeItem[]> {
  if (logins.length === 0) return [];
  const file = await readDockerConfig(machine.credentials.configDir);
  const items: ChangeItem[] = [];
  for (const login of logins) {
    const registry = login.paths.name.dirName;
    const { target } = await secretTargetFor(file.config, registry, machine.credentials);
    items.push({ kind: 'keychain', registry, username: login.username, store: target.store });
  }
  items.push({ kind: 'file', path: file.path, role: 'docker-config', action: file.exists ? 'modify' : 'create', elevated: false });
  return items;
}
