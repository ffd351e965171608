import { create } from 'zustand';
import type { IpcResponse } from '../../../shared/ipc';
import type { ErrorValue, Result } from '../../../shared/result';
import type { TrustInspectJson } from '../../../shared/trust';

export type WizardStep = 'connect' | 'trust';
export type ChangePlan = IpcResponse<'change:plan'>;
export type ChangeOutcome = IpcResponse<'change:apply'>;

type Loadable<T> = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; value: T } | { status: 'failed'; error: ErrorValue };

interface WizardStore {
  step: WizardStep;
  /** host:port as typed on Connect. */
  registry: string;
  inspection: Loadable<TrustInspectJson>;
  plan: Loadable<ChangePlan>;
  apply: Loadable<ChangeOutcome>;
  /** `change:progress` lines of the apply under way (or the last one). */
  progress: string[];
  setRegistry(registry: string): void;
  /** trust:inspect; moves to Trust when it answers. */
  connect(): Promise<void>;
  back(): void;
  /** change:plan {kind:'trust-add'} for the CA inspected. */
  planInstall(): Promise<void>;
  /** change:apply of the plan shown, then a fresh inspection to show the trust as it is now. */
  applyPlan(): Promise<void>;
  addProgress(message: string): void;
}

const thrown = (error: unknown): ErrorValue => ({ code: 'internal', message: error instanceof Error ? error.message : String(error) });

async function call<T>(run: () => Promise<Result<T>>): Promise<Loadable<T>> {
  try {
    const result = await run();
    return result.ok ? { status: 'ready', value: result.value } : { status: 'failed', error: result.error };
  } catch (error) {
    return { status: 'failed', error: thrown(error) };
  }
}

export const useWizard = create<WizardStore>((set, get) => ({
  step: 'connect',
  registry: '',
  inspection: { status: 'idle' },
  plan: { status: 'idle' },
  apply: { status: 'idle' },
  progress: [],
  setRegistry: (registry) => set({ registry }),
  connect: async () => {
    const registry = get().registry.trim();
    set({ inspection: { status: 'loading' }, plan: { status: 'idle' }, apply: { status: 'idle' }, progress: [] });
    const inspection = await call(() => window.dockside.invoke('trust:inspect', { registry }));
    set(inspection.status === 'ready' ? { inspection, step: 'trust' } : { inspection });
  },
  back: () => set({ step: 'connect', inspection: { status: 'idle' }, plan: { status: 'idle' }, apply: { status: 'idle' }, progress: [] }),
  planInstall: async () => {
    const { inspection } = get();
    if (inspection.status !== 'ready' || inspection.value.ca === null) return;
    const { registry, ca } = inspection.value;
    set({ plan: { status: 'loading' }, apply: { status: 'idle' }, progress: [] });
    set({ plan: await call(() => window.dockside.invoke('change:plan', { kind: 'trust-add', registry, fingerprint: ca.certificate.fingerprintSha256 })) });
  },
  applyPlan: async () => {
    const { plan, inspection } = get();
    if (plan.status !== 'ready' || plan.value.planId === null) return;
    const planId = plan.value.planId;
    set({ apply: { status: 'loading' }, progress: [] });
    set({ apply: await call(() => window.dockside.invoke('change:apply', { planId })) });
    if (inspection.status !== 'ready') return;
    const again = await call(() => window.dockside.invoke('trust:inspect', { registry: inspection.value.registry }));
    if (again.status === 'ready') set({ inspection: again });
  },
  addProgress: (message) => {
    if (get().apply.status === 'loading') set((state) => ({ progress: [...state.progress, message] }));
  },
}));
