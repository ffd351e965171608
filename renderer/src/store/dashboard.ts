import { create } from 'zustand';
import type { StatusJson } from '../../../shared/cli';
import type { CredsListJson, CredsMigrateJson, LoginJson, LogoutJson } from '../../../shared/credentials';
import type { DoctorJson, FixAction } from '../../../shared/doctor';
import type { HistoryJson } from '../../../shared/history';
import type { IpcRequest, IpcResponse } from '../../../shared/ipc';
import type { Message } from '../../../shared/message';
import type { ProbeEvent, ProbeResult } from '../../../shared/mirrors';
import type { ErrorValue } from '../../../shared/result';
import type { TrustListJson } from '../../../shared/trust';
import { declinedApply } from '../change/apply-again';
import { currentLanguage } from '../i18n/index';
import { call, type Loadable } from './loadable';

export type DashboardChangeRequest = Exclude<IpcRequest<'change:plan'>, { kind: 'setup' }>;
export type DashboardPlan = IpcResponse<'change:plan'>;
export type DashboardOutcome = IpcResponse<'change:apply'>;
/** The dashboard sections a change can start from: its plan is shown there. */
export type ChangeOrigin = 'trusted' | 'mirrors' | 'history' | 'findings';
export type ProbeStep = Extract<ProbeEvent, { type: 'step' }>['step'];

/** One change under way: plan (shown), then one Apply, its progress and outcome. */
export interface PendingChange {
  origin: ChangeOrigin;
  request: DashboardChangeRequest;
  plan: Loadable<DashboardPlan>;
  apply: Loadable<DashboardOutcome>;
  /** `change:progress` lines of the apply under way (or the last one). */
  progress: Message[];
}

/** A mirror as the list shows it: probed or being probed. */
export interface MirrorProbe {
  url: string;
  label?: ProbeResult['label'];
  probing: boolean;
  /** The step under way while probing. */
  step: ProbeStep | null;
  result: ProbeResult | null;
}

interface DashboardStore {
  status: Loadable<StatusJson>;
  trust: Loadable<TrustListJson>;
  creds: Loadable<CredsListJson>;
  history: Loadable<HistoryJson>;
  doctor: Loadable<DoctorJson>;
  /** host[:port] the checks look at too; '' for this machine only. */
  doctorTarget: string;
  /** Probed mirrors by normalised URL, in the order they first appeared. */
  probes: Record<string, MirrorProbe>;
  /** mirrors:probe requests under way. */
  probesRunning: number;
  probeError: ErrorValue | null;
  change: PendingChange | null;
  signOut: { registry: string; state: Loadable<LogoutJson> } | null;
  migrate: Loadable<CredsMigrateJson>;
  signIn: { registry: string; state: Loadable<LoginJson> } | null;

  /** Reads the engine, trust, sign-ins and history again (after every change). */
  refresh(): Promise<void>;
  /** mirrors:probe of these URLs; none: the public catalog. */
  probe(urls: string[]): Promise<void>;
  onProbeEvent(event: ProbeEvent): void;
  planChange(origin: ChangeOrigin, request: DashboardChangeRequest): Promise<void>;
  applyChange(): Promise<void>;
  closeChange(): void;
  addProgress(message: Message): void;
  setDoctorTarget(target: string): void;
  runDoctor(): Promise<void>;
  logout(registry: string): Promise<void>;
  migrateCreds(): Promise<void>;
  /** Opens the sign-in form for a registry (a finding's fix). */
  askSignIn(registry: string): void;
  cancelSignIn(): void;
  /** login, once: a rejected password is never retried by itself. The password stays out of the store. */
  login(registry: string, username: string, password: string): Promise<void>;
  /** What a finding's fix button does. */
  fix(action: FixAction): Promise<void>;
}

/** A mirror URL as the prober and `docker info` write it: lower-case scheme and host, one trailing `/`. */
export function mirrorKey(url: string): string {
  const trimmed = url.trim();
  try {
    const parsed = new URL(trimmed);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/*$/, '/')}`;
  } catch {
    return trimmed.replace(/\/*$/, '/');
  }
}

/** The mirrors Docker uses now: what the engine reports, else what daemon.json says. */
export function activeMirrors(status: StatusJson): string[] {
  return (status.active ?? status.daemonJson.settings)?.mirrors ?? [];
}

export const useDashboard = create<DashboardStore>((set, get) => {
  const patchProbe = (url: string, patch: Partial<MirrorProbe>): void =>
    set((state) => {
      const key = mirrorKey(url);
      const before = state.probes[key] ?? { url: key, probing: false, step: null, result: null };
      return { probes: { ...state.probes, [key]: { ...before, ...patch } } };
    });

  /** After anything that changed the machine: read it all again, and the checks too when they have been run. */
  const afterChange = async (): Promise<void> => {
    await get().refresh();
    if (get().doctor.status === 'ready') await get().runDoctor();
  };

  return {
    status: { status: 'idle' },
    trust: { status: 'idle' },
    creds: { status: 'idle' },
    history: { status: 'idle' },
    doctor: { status: 'idle' },
    doctorTarget: '',
    probes: {},
    probesRunning: 0,
    probeError: null,
    change: null,
    signOut: null,
    migrate: { status: 'idle' },
    signIn: null,

    refresh: async () => {
      // Keep what is shown while reading again; only the first read shows "loading".
      const loading = <T>(current: Loadable<T>): Loadable<T> => (current.status === 'ready' ? current : { status: 'loading' });
      const state = get();
      set({ status: loading(state.status), trust: loading(state.trust), creds: loading(state.creds), history: loading(state.history) });
      const [status, trust, creds, history] = await Promise.all([
        call(() => window.dockside.invoke('status:get', {})),
        call(() => window.dockside.invoke('trust:list', {})),
        call(() => window.dockside.invoke('creds:list', {})),
        call(() => window.dockside.invoke('history:list', {})),
      ]);
      set({ status, trust, creds, history });
    },

    probe: async (urls) => {
      for (const url of urls) patchProbe(url, { probing: true, step: null });
      set((state) => ({ probesRunning: state.probesRunning + 1, probeError: null }));
      const result = await call(() => window.dockside.invoke('mirrors:probe', { urls }));
      if (result.status === 'ready') {
        for (const probed of result.value.results) patchProbe(probed.url, { probing: false, step: null, result: probed, label: probed.label });
      }
      set((state) => {
        const running = state.probesRunning - 1;
        // This request's rows (all rows once none is under way) stop spinning, even when it failed.
        const mine = new Set(urls.map(mirrorKey));
        const probes = Object.fromEntries(
          Object.entries(state.probes).map(([key, row]) => [key, row.probing && (running === 0 || mine.has(key)) ? { ...row, probing: false, step: null } : row]),
        );
        return { probesRunning: running, probes, probeError: result.status === 'failed' ? result.error : state.probeError };
      });
    },

    onProbeEvent: (event) => {
      if (get().probesRunning === 0) return;
      if (event.type === 'started') patchProbe(event.url, { probing: true, step: null });
      else if (event.type === 'step') patchProbe(event.url, { probing: true, step: event.step });
      else patchProbe(event.result.url, { probing: false, step: null, result: event.result, label: event.result.label });
    },

    planChange: async (origin, request) => {
      if (get().change?.apply.status === 'loading') return;
      set({ change: { origin, request, plan: { status: 'loading' }, apply: { status: 'idle' }, progress: [] } });
      const plan = await call(() => window.dockside.invoke('change:plan', request));
      set((state) => (state.change?.request === request ? { change: { ...state.change, plan } } : {}));
    },

    applyChange: async () => {
      const change = get().change;
      if (change === null || change.plan.status !== 'ready' || change.plan.value.planId === null || (change.apply.status !== 'idle' && !declinedApply(change.apply))) return;
      const planId = change.plan.value.planId;
      set({ change: { ...change, apply: { status: 'loading' }, progress: [] } });
      const apply = await call(() => window.dockside.invoke('change:apply', { planId, language: currentLanguage() }));
      set((state) => (state.change === null ? {} : { change: { ...state.change, apply } }));
      await afterChange();
    },

    closeChange: () => {
      if (get().change?.apply.status !== 'loading') set({ change: null });
    },

    addProgress: (message) => {
      const change = get().change;
      if (change?.apply.status === 'loading') set({ change: { ...change, progress: [...change.progress, message] } });
    },

    setDoctorTarget: (doctorTarget) => set({ doctorTarget }),

    runDoctor: async () => {
      const target = get().doctorTarget;
      set({ doctor: { status: 'loading' } });
      set({ doctor: await call(() => window.dockside.invoke('doctor:run', target === '' ? {} : { target })) });
    },

    logout: async (registry) => {
      set({ signOut: { registry, state: { status: 'loading' } } });
      const state = await call(() => window.dockside.invoke('logout', { registry }));
      set({ signOut: { registry, state } });
      await afterChange();
    },

    migrateCreds: async () => {
      set({ migrate: { status: 'loading' } });
      set({ migrate: await call(() => window.dockside.invoke('creds:migrate', { dryRun: false })) });
      await afterChange();
    },

    askSignIn: (registry) => set({ signIn: { registry, state: { status: 'idle' } } }),
    cancelSignIn: () => {
      if (get().signIn?.state.status !== 'loading') set({ signIn: null });
    },

    login: async (registry, username, password) => {
      set({ signIn: { registry, state: { status: 'loading' } } });
      const state = await call(() => window.dockside.invoke('login', { registry, username, password }));
      set({ signIn: { registry, state } });
      if (state.status === 'ready') await afterChange();
    },

    fix: async (action) => {
      switch (action.kind) {
        case 'trust-add':
          return get().planChange('findings', { kind: 'trust-add', registry: action.registry, fingerprint: action.fingerprint });
        case 'mirrors-use':
          return get().planChange('findings', { kind: 'mirrors-use', urls: action.urls, insecure: action.urls.some((url) => url.toLowerCase().startsWith('http://')) });
        case 'mirrors-clear':
          return get().planChange('findings', { kind: 'mirrors-clear' });
        case 'rollback':
          return get().planChange('findings', { kind: 'rollback' });
        case 'creds-migrate':
          return get().migrateCreds();
        case 'sign-in':
          return get().askSignIn(action.registry);
      }
    },
  };
});
