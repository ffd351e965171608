import { create } from 'zustand';
import type { LoginCheckJson } from '../../../shared/credentials';
import type { IpcRequest, IpcResponse } from '../../../shared/ipc';
import type { ProbeEvent, ProbeResult } from '../../../shared/mirrors';
import type { NexusDiscoveryJson } from '../../../shared/nexus';
import type { LoadedProfile } from '../../../shared/profile';
import type { TrustInspectJson } from '../../../shared/trust';
import { call, type Loadable } from './loadable';

export const WIZARD_STEPS = ['connect', 'trust', 'signIn', 'mirrors', 'review', 'apply', 'done'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];
export type ChangePlan = IpcResponse<'change:plan'>;
export type ChangeOutcome = IpcResponse<'change:apply'>;
export type ConnectSource = 'registry' | 'nexus' | 'profile';


/** The mirrors step: every candidate probed so far, filled in as results arrive. */
interface MirrorsState {
  probe: Loadable<null>;
  /** url -> result; a candidate still running has none. */
  results: Record<string, ProbeResult>;
  /** Candidates in the order they started, for a stable table while results arrive. */
  order: string[];
  done: number;
  total: number;
  /** The chosen mirror (normalised URL as the probe reports it); null: no mirror. */
  chosen: string | null;
}

interface WizardStore {
  step: WizardStep;
  source: ConnectSource;
  /** host:port as typed on Connect, or picked from Nexus or the profile. */
  registry: string;
  nexusUrl: string;
  nexus: Loadable<NexusDiscoveryJson>;
  profile: Loadable<LoadedProfile>;
  inspection: Loadable<TrustInspectJson>;
  /** The fingerprint of the CA the user accepted on Trust; null: trust stays as it is. */
  acceptedFingerprint: string | null;
  username: string;
  /** Kept only until the change is applied or the wizard starts over. */
  password: string;
  signIn: Loadable<LoginCheckJson>;
  /** Whether the user chose to sign in (a check passed) or skipped it. */
  signInChosen: boolean;
  mirrors: MirrorsState;
  /** Mirrors suggested by the profile or Nexus, probed first. */
  suggestedMirrors: string[];
  plan: Loadable<ChangePlan>;
  apply: Loadable<ChangeOutcome>;
  /** `change:progress` lines of the apply under way (or the last one). */
  progress: string[];

  setSource(source: ConnectSource): void;
  setRegistry(registry: string): void;
  setNexusUrl(url: string): void;
  /** trust:inspect of the registry; moves to Trust when it answers. */
  connect(): Promise<void>;
  discoverNexus(credentials?: { username: string; password: string }): Promise<void>;
  loadProfile(request: IpcRequest<'profile:load'>): Promise<void>;
  goTo(step: WizardStep): void;
  /** Trust: accept the CA shown (installed on Apply), or continue without changing trust. */
  acceptTrust(fingerprint: string | null): void;
  setUsername(value: string): void;
  setPassword(value: string): void;
  checkSignIn(): Promise<void>;
  skipSignIn(): void;
  probeMirrors(urls: string[]): Promise<void>;
  onProbeEvent(event: ProbeEvent): void;
  chooseMirror(url: string | null): void;
  /** Builds the one setup change from every choice and shows it on Review. */
  planSetup(): Promise<void>;
  applySetup(): Promise<void>;
  addProgress(message: string): void;
  restart(): void;
}

const NO_MIRRORS: MirrorsState = { probe: { status: 'idle' }, results: {}, order: [], done: 0, total: 0, chosen: null };

const initial = {
  step: 'connect' as WizardStep,
  source: 'registry' as ConnectSource,
  registry: '',
  nexusUrl: '',
  nexus: { status: 'idle' } as Loadable<NexusDiscoveryJson>,
  profile: { status: 'idle' } as Loadable<LoadedProfile>,
  inspection: { status: 'idle' } as Loadable<TrustInspectJson>,
  acceptedFingerprint: null,
  username: '',
  password: '',
  signIn: { status: 'idle' } as Loadable<LoginCheckJson>,
  signInChosen: false,
  mirrors: NO_MIRRORS,
  suggestedMirrors: [] as string[],
  plan: { status: 'idle' } as Loadable<ChangePlan>,
  apply: { status: 'idle' } as Loadable<ChangeOutcome>,
  progress: [] as string[],
};

export const useWizard = create<WizardStore>((set, get) => ({
  ...initial,
  setSource: (source) => set({ source }),
  setRegistry: (registry) => set({ registry }),
  setNexusUrl: (nexusUrl) => set({ nexusUrl }),
  connect: async () => {
    const registry = get().registry.trim();
    set({ registry, inspection: { status: 'loading' }, acceptedFingerprint: null, plan: { status: 'idle' }, apply: { status: 'idle' }, progress: [] });
    const inspection = await call(() => window.dockside.invoke('trust:inspect', { registry }));
    set(inspection.status === 'ready' ? { inspection, step: 'trust' } : { inspection });
  },
  discoverNexus: async (credentials) => {
    const url = get().nexusUrl.trim();
    set({ nexus: { status: 'loading' } });
    const nexus = await call(() => window.dockside.invoke('nexus:discover', { url, ...credentials }));
    set({ nexus });
    if (nexus.status !== 'ready') return;
    const mirror = nexus.value.repositories.find((repository) => repository.name === nexus.value.recommended.mirror);
    set({ suggestedMirrors: (mirror?.endpoints ?? []).filter((endpoint) => /^https?:\/\//.test(endpoint)) });
  },
  loadProfile: async (request) => {
    set({ profile: { status: 'loading' } });
    const profile = await call(() => window.dockside.invoke('profile:load', request));
    set({ profile });
    if (profile.status !== 'ready') return;
    const { registries, mirrors } = profile.value.profile;
    const main = registries.find((registry) => registry.push === true && registry.insecure !== true) ?? registries.find((registry) => registry.insecure !== true);
    set({ registry: main?.host ?? '', suggestedMirrors: mirrors });
  },
  goTo: (step) => set({ step }),
  acceptTrust: (fingerprint) => set({ acceptedFingerprint: fingerprint, step: 'signIn' }),
  setUsername: (username) => set({ username, signIn: { status: 'idle' }, signInChosen: false }),
  setPassword: (password) => set({ password, signIn: { status: 'idle' }, signInChosen: false }),
  checkSignIn: async () => {
    const { registry, username, password, acceptedFingerprint } = get();
    set({ signIn: { status: 'loading' } });
    const signIn = await call(() =>
      window.dockside.invoke('login:check', { registry, username, password, ...(acceptedFingerprint ? { fingerprint: acceptedFingerprint } : {}) }),
    );
    set({ signIn, signInChosen: signIn.status === 'ready' });
  },
  skipSignIn: () => set({ signInChosen: false, password: '', signIn: { status: 'idle' }, step: 'mirrors' }),
  probeMirrors: async (urls) => {
    const known = get().mirrors;
    set({ mirrors: { ...known, probe: { status: 'loading' }, done: 0, total: urls.length } });
    const probe = await call(() => window.dockside.invoke('mirrors:probe', { urls }));
    const mirrors = get().mirrors;
    if (probe.status === 'failed') {
      set({ mirrors: { ...mirrors, probe } });
      return;
    }
    if (probe.status !== 'ready') return;
    const results = { ...mirrors.results };
    for (const result of probe.value.results) results[result.url] = result;
    const order = [...new Set([...mirrors.order, ...probe.value.results.map((result) => result.url)])];
    // The recommended choice: the fastest usable one, unless the user chose already.
    const chosen = mirrors.chosen ?? probe.value.results.find((result) => result.usable)?.url ?? null;
    set({ mirrors: { ...mirrors, probe: { status: 'ready', value: null }, results, order, chosen } });
  },
  onProbeEvent: (event) => {
    const mirrors = get().mirrors;
    if (mirrors.probe.status !== 'loading') return;
    if (event.type === 'started') {
      set({ mirrors: { ...mirrors, total: event.total, order: mirrors.order.includes(event.url) ? mirrors.order : [...mirrors.order, event.url] } });
    } else if (event.type === 'result') {
      set({ mirrors: { ...mirrors, done: event.done, total: event.total, results: { ...mirrors.results, [event.result.url]: event.result } } });
    }
  },
  chooseMirror: (chosen) => set((state) => ({ mirrors: { ...state.mirrors, chosen } })),
  planSetup: async () => {
    const { registry, acceptedFingerprint, signInChosen, username, password, mirrors } = get();
    set({ step: 'review', plan: { status: 'loading' }, apply: { status: 'idle' }, progress: [] });
    const chosen = mirrors.chosen;
    const request: IpcRequest<'change:plan'> = {
      kind: 'setup',
      registries: [
        {
          registry,
          ...(acceptedFingerprint ? { fingerprint: acceptedFingerprint } : {}),
          ...(signInChosen ? { signIn: { username, password } } : {}),
        },
      ],
      ...(chosen ? { mirrors: { urls: [chosen], insecure: chosen.startsWith('http://') } } : {}),
    };
    set({ plan: await call(() => window.dockside.invoke('change:plan', request)) });
  },
  applySetup: async () => {
    const { plan } = get();
    if (plan.status !== 'ready' || plan.value.planId === null) return;
    const planId = plan.value.planId;
    set({ step: 'apply', apply: { status: 'loading' }, progress: [] });
    const apply = await call(() => window.dockside.invoke('change:apply', { planId }));
    const applied = apply.status === 'ready' && apply.value.outcome === 'applied';
    // The password is no longer needed once the keychain holds it.
    set(applied ? { apply, password: '' } : { apply });
  },
  addProgress: (message) => {
    if (get().apply.status === 'loading') set((state) => ({ progress: [...state.progress, message] }));
  },
  restart: () => set({ ...initial }),
}));
