import { create } from 'zustand';
import type { LoginCheckJson } from '../../../shared/credentials';
import type { IpcRequest, IpcResponse } from '../../../shared/ipc';
import type { Message } from '../../../shared/message';
import type { ProbeEvent, ProbeResult } from '../../../shared/mirrors';
import type { NexusDiscoveryJson } from '../../../shared/nexus';
import type { LoadedProfile, ProfileRegistryState } from '../../../shared/profile';
import type { TrustInspectJson } from '../../../shared/trust';
import { currentLanguage } from '../i18n/index';
import { type Account, keptChoice, mainRegistryOf, preselectedMirrors, profileSignIns, toggledChoice } from '../wizard/profile-setup';
import { call, type Loadable } from './loadable';

export const WIZARD_STEPS = ['connect', 'trust', 'signIn', 'mirrors', 'review', 'apply', 'done'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];
export type ChangePlan = IpcResponse<'change:plan'>;
export type ChangeOutcome = IpcResponse<'change:apply'>;
export type ConnectSource = 'registry' | 'nexus' | 'profile';

/**
 * The CA the user gives on Trust when the registry sends none: a URL with the pin it needs (the
 * server publishing it is not trusted yet), or a CA file's text as the renderer read it, with
 * the pin the user pasted, if any (Trust compares it with the file's CA).
 */
export type CaSource = { kind: 'url'; url: string; fingerprint: string } | { kind: 'file'; name: string; pem: string; fingerprint?: string };

/** A CA source as the IPC requests (trust:inspect, login:check, a setup's registry) carry it. */
export function caSourceRequest(source: CaSource | null): { caUrl?: string; caPem?: string; caPemName?: string } {
  if (source === null) return {};
  return source.kind === 'url' ? { caUrl: source.url } : { caPem: source.pem, caPemName: source.name };
}

/** The mirrors step: every candidate probed so far, filled in as results arrive. */
interface MirrorsState {
  probe: Loadable<null>;
  /** url -> result; a candidate still running has none. */
  results: Record<string, ProbeResult>;
  /** Candidates in the order they started, for a stable table while results arrive. */
  order: string[];
  done: number;
  total: number;
  /**
   * The chosen mirrors in Docker's order (normalised URLs as the probe reports them): one at most,
   * except from a profile, whose mirrors are all preselected. [] = no mirror; null = not chosen
   * yet, so the probe preselects.
   */
  chosen: string[] | null;
}

interface WizardStore {
  step: WizardStep;
  source: ConnectSource;
  /** host:port as typed on Connect, or picked from Nexus or the profile. */
  registry: string;
  nexusUrl: string;
  nexus: Loadable<NexusDiscoveryJson>;
  profile: Loadable<LoadedProfile>;
  /** The profile's https address, as typed or as a link brought it. */
  profileUrl: string;
  /** The `dockside://profile?url=` link the profile came from; null when the user chose it. */
  profileLink: string | null;
  inspection: Loadable<TrustInspectJson>;
  /** The CA source `inspection` was judged with; null: the CA the registry sends. */
  caSource: CaSource | null;
  /** The last check of a CA source on Trust: its refusal stays shown until the next one. */
  caCheck: Loadable<null>;
  /** The fingerprint of the CA the user accepted on Trust; null: trust stays as it is. */
  acceptedFingerprint: string | null;
  /** Also trust the accepted CA in the OS trust store (every program, every website); off unless the user ticks it. */
  osStore: boolean;
  username: string;
  /** Kept only until the change is applied or the wizard starts over. */
  password: string;
  signIn: Loadable<LoginCheckJson>;
  /** Whether the user chose to sign in (a check passed) or skipped it. */
  signInChosen: boolean;
  /** A profile's registries as this machine stands (profile:survey): which ask for credentials. */
  survey: Loadable<ProfileRegistryState[]>;
  /** A profile's registries with an account of their own (host -> account); the others take username/password. */
  accounts: Record<string, Account>;
  mirrors: MirrorsState;
  /** Mirrors suggested by the profile or Nexus, probed first. */
  suggestedMirrors: string[];
  plan: Loadable<ChangePlan>;
  apply: Loadable<ChangeOutcome>;
  /** `change:progress` lines of the apply under way (or the last one). */
  progress: Message[];

  setSource(source: ConnectSource): void;
  setRegistry(registry: string): void;
  setNexusUrl(url: string): void;
  /** trust:inspect of the registry; moves to Trust when it answers. */
  connect(): Promise<void>;
  discoverNexus(credentials?: { username: string; password: string }): Promise<void>;
  setProfileUrl(url: string): void;
  loadProfile(request: IpcRequest<'profile:load'>): Promise<void>;
  /** A profile link: the wizard starts over on Connect with that profile loaded. */
  openProfileLink(url: string): Promise<void>;
  goTo(step: WizardStep): void;
  /** trust:inspect again, judged with the CA from this URL or file; on success Trust shows that CA. */
  checkCaSource(source: CaSource): Promise<void>;
  setOsStore(value: boolean): void;
  /** Trust: accept the CA shown (installed on Apply), or continue without changing trust. */
  acceptTrust(fingerprint: string | null): void;
  setUsername(value: string): void;
  setPassword(value: string): void;
  checkSignIn(): Promise<void>;
  skipSignIn(): void;
  surveyProfile(): Promise<void>;
  /** Gives a profile's registry an account of its own, or (null) the shared one again. */
  setAccount(host: string, account: Account | null): void;
  probeMirrors(urls: string[]): Promise<void>;
  onProbeEvent(event: ProbeEvent): void;
  /** The single choice (null: no mirror); with a profile, checks or unchecks one of several. */
  chooseMirror(url: string | null, checked?: boolean): void;
  /** Builds the one setup change from every choice and shows it on Review. */
  planSetup(): Promise<void>;
  applySetup(): Promise<void>;
  addProgress(message: Message): void;
  restart(): void;
}

/** A new registry on Connect: no CA source given, none accepted, the OS store left alone. */
const NO_CA_CHOICE = { caSource: null, caCheck: { status: 'idle' }, acceptedFingerprint: null, osStore: false } as const;

const NO_MIRRORS: MirrorsState = { probe: { status: 'idle' }, results: {}, order: [], done: 0, total: 0, chosen: null };

type WizardState = Pick<WizardStore, 'source' | 'profile'>;

/** The profile the wizard sets up as a whole (every registry, every mirror); null when the setup is a single registry. */
export function activeProfile(state: WizardState): LoadedProfile | null {
  return state.source === 'profile' && state.profile.status === 'ready' ? state.profile.value : null;
}

const initial = {
  step: 'connect' as WizardStep,
  source: 'registry' as ConnectSource,
  registry: '',
  nexusUrl: '',
  nexus: { status: 'idle' } as Loadable<NexusDiscoveryJson>,
  profile: { status: 'idle' } as Loadable<LoadedProfile>,
  profileUrl: '',
  profileLink: null as string | null,
  inspection: { status: 'idle' } as Loadable<TrustInspectJson>,
  ...NO_CA_CHOICE,
  username: '',
  password: '',
  signIn: { status: 'idle' } as Loadable<LoginCheckJson>,
  signInChosen: false,
  survey: { status: 'idle' } as Loadable<ProfileRegistryState[]>,
  accounts: {} as Record<string, Account>,
  mirrors: NO_MIRRORS,
  suggestedMirrors: [] as string[],
  plan: { status: 'idle' } as Loadable<ChangePlan>,
  apply: { status: 'idle' } as Loadable<ChangeOutcome>,
  progress: [] as Message[],
};

export const useWizard = create<WizardStore>((set, get) => ({
  ...initial,
  setSource: (source) => set({ source }),
  setRegistry: (registry) => set({ registry }),
  setNexusUrl: (nexusUrl) => set({ nexusUrl }),
  connect: async () => {
    const profile = activeProfile(get());
    if (profile !== null && mainRegistryOf(profile.profile) === undefined) {
      // Plain-HTTP registries only: no certificate to show, so straight to their sign-ins.
      set({ step: 'signIn', registry: profile.profile.registries[0]?.host ?? '', inspection: { status: 'idle' }, ...NO_CA_CHOICE, plan: { status: 'idle' }, apply: { status: 'idle' }, progress: [] });
      return;
    }
    const registry = get().registry.trim();
    set({ registry, inspection: { status: 'loading' }, ...NO_CA_CHOICE, plan: { status: 'idle' }, apply: { status: 'idle' }, progress: [] });
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
  setProfileUrl: (profileUrl) => set({ profileUrl }),
  loadProfile: async (request) => {
    // A profile the user picks afterwards did not come from the link.
    const fromLink = 'url' in request && request.url === get().profileLink;
    set({ profile: { status: 'loading' }, profileLink: fromLink ? get().profileLink : null, mirrors: NO_MIRRORS, survey: { status: 'idle' }, accounts: {} });
    const profile = await call(() => window.dockside.invoke('profile:load', request));
    set({ profile });
    if (profile.status !== 'ready') return;
    set({ registry: mainRegistryOf(profile.value.profile)?.host ?? '', suggestedMirrors: profile.value.profile.mirrors });
  },
  openProfileLink: async (url) => {
    set({ ...initial, source: 'profile', profileUrl: url, profileLink: url });
    await get().loadProfile({ url });
  },
  goTo: (step) => set({ step }),
  checkCaSource: async (source) => {
    const { registry } = get();
    set({ caCheck: { status: 'loading' } });
    const fingerprint = source.kind === 'url' ? { fingerprint: source.fingerprint } : {};
    const checked = await call(() => window.dockside.invoke('trust:inspect', { registry, ...fingerprint, ...caSourceRequest(source) }));
    // A refused source leaves the registry's own judgement on screen, with the refusal beside it.
    if (checked.status === 'ready') set({ inspection: checked, caSource: source, caCheck: { status: 'ready', value: null }, acceptedFingerprint: null });
    else if (checked.status === 'failed') set({ caCheck: checked });
  },
  setOsStore: (osStore) => set({ osStore }),
  acceptTrust: (fingerprint) => set({ acceptedFingerprint: fingerprint, step: 'signIn' }),
  setUsername: (username) => set({ username, signIn: { status: 'idle' }, signInChosen: false }),
  setPassword: (password) => set({ password, signIn: { status: 'idle' }, signInChosen: false }),
  checkSignIn: async () => {
    const { registry, username, password, acceptedFingerprint, caSource } = get();
    set({ signIn: { status: 'loading' } });
    // The CA accepted on Trust, from where it came: the check trusts it as the install will.
    const pending = acceptedFingerprint ? { fingerprint: acceptedFingerprint, ...caSourceRequest(caSource) } : {};
    const signIn = await call(() => window.dockside.invoke('login:check', { registry, username, password, ...pending }));
    set({ signIn, signInChosen: signIn.status === 'ready' });
  },
  skipSignIn: () => set({ signInChosen: false, password: '', signIn: { status: 'idle' }, step: 'mirrors' }),
  surveyProfile: async () => {
    const profile = activeProfile(get());
    if (profile === null) return;
    set({ survey: { status: 'loading' } });
    const survey = await call(() => window.dockside.invoke('profile:survey', { profile }));
    set({ survey: survey.status === 'ready' ? { status: 'ready', value: survey.value.registries } : survey });
  },
  setAccount: (host, account) =>
    set((state) => {
      const accounts = { ...state.accounts };
      if (account === null) delete accounts[host];
      else accounts[host] = account;
      return { accounts };
    }),
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
    // The recommended choice, unless the user chose already: a profile's mirrors in its order, else the fastest usable one.
    const profile = activeProfile(get());
    const fastest = probe.value.results.find((result) => result.usable)?.url;
    const chosen = mirrors.chosen === null ? (profile ? preselectedMirrors(profile.profile.mirrors, results) : fastest === undefined ? null : [fastest]) : keptChoice(mirrors.chosen, results);
    // Every result is in: the count says so even when the last progress event came after the answer.
    set({ mirrors: { ...mirrors, probe: { status: 'ready', value: null }, results, order, chosen, done: mirrors.total } });
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
  chooseMirror: (url, checked = true) =>
    set((state) => {
      if (activeProfile(state) === null) return { mirrors: { ...state.mirrors, chosen: url === null ? [] : [url] } };
      return { mirrors: { ...state.mirrors, chosen: url === null ? [] : toggledChoice(state.mirrors.chosen ?? [], state.mirrors.order, url, checked) } };
    }),
  planSetup: async () => {
    const state = get();
    const { registry, acceptedFingerprint, caSource, osStore, signInChosen, username, password } = state;
    set({ step: 'review', plan: { status: 'loading' }, apply: { status: 'idle' }, progress: [] });
    const chosen = state.mirrors.chosen ?? [];
    const profile = activeProfile(state);
    let request: IpcRequest<'change:plan'>;
    if (profile !== null) {
      // The whole profile, as `dockside profile apply` plans it: main surveys every registry again.
      const survey = state.survey.status === 'ready' ? state.survey.value : [];
      request = { kind: 'profile', profile, mirrors: chosen, signIns: profileSignIns(survey, { username, password }, state.accounts) };
    } else {
      const signIn = signInChosen ? { username, password } : undefined;
      request = {
        kind: 'setup',
        registries: [{ registry, ...(acceptedFingerprint ? { fingerprint: acceptedFingerprint, ...caSourceRequest(caSource), ...(osStore ? { osStore } : {}) } : {}), ...(signIn ? { signIn } : {}) }],
        ...(chosen.length > 0 ? { mirrors: { urls: chosen, insecure: chosen.some((url) => url.startsWith('http://')) } } : {}),
      };
    }
    set({ plan: await call(() => window.dockside.invoke('change:plan', request)) });
  },
  applySetup: async () => {
    const { plan } = get();
    if (plan.status !== 'ready' || plan.value.planId === null) return;
    const planId = plan.value.planId;
    set({ step: 'apply', apply: { status: 'loading' }, progress: [] });
    const apply = await call(() => window.dockside.invoke('change:apply', { planId, language: currentLanguage() }));
    const applied = apply.status === 'ready' && apply.value.outcome === 'applied';
    // The passwords are no longer needed once the keychain holds them.
    set(applied ? { apply, password: '', accounts: {} } : { apply });
  },
  addProgress: (message) => {
    if (get().apply.status === 'loading') set((state) => ({ progress: [...state.progress, message] }));
  },
  restart: () => set({ ...initial }),
}));
