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
  load(): Promise<void>;
}

export const useAppInfo = create<AppInfoStore>((set) => ({
  state: { status: 'idle' },
  load: async () => {
    set({ state: { status: 'loading' } });
    try {
      const result = await window.dockside.invoke('app:info', {});
      set({ state: result.ok ? { status: 'ready', info: result.value } : { status: 'failed', error: result.error } });
    } catch (error) {
      set({ state: { status: 'failed', error: thrown(error) } });
    }
  },
}));
