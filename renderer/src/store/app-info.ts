import { create } from 'zustand';
import type { AppInfo } from '../../../shared/app-info';
import type { ErrorValue } from '../../../shared/result';
import { thrown } from './thrown';

type AppInfoState =
  | { status: 'idle' | 'loading' }
  | { status: 'ready'; info: AppInfo }
  | { status: 'failed'; error: ErrorValue };

interface AppInfoStore {
  state: AppInfoState;
  /** Asks main once: main.tsx does at start (for the OS's languages), the About panel only after a failure. */
  load(): Promise<void>;
}

export const useAppInfo = create<AppInfoStore>((set, get) => ({
  state: { status: 'idle' },
  load: async () => {
    if (get().state.status === 'ready') return;
    set({ state: { status: 'loading' } });
    try {
      const result = await window.dockside.invoke('app:info', {});
      set({ state: result.ok ? { status: 'ready', info: result.value } : { status: 'failed', error: result.error } });
    } catch (error) {
      set({ state: { status: 'failed', error: thrown(error) } });
    }
  },
}));
