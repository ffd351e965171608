import { create } from 'zustand';

export type View = 'setup' | 'dashboard';

interface NavigationStore {
  view: View;
  /** Whether the first view has been chosen yet (the app opens on the dashboard once set up). */
  decided: boolean;
  /** The wizard has left its first screen once: the Welcome and About panels are not shown again this session. */
  pastWelcome: boolean;
  show(view: View): void;
  leaveWelcome(): void;
  /** Opens the dashboard when this machine already has a registry set up (trusted, or signed in to through Dockside's or the platform's own helper), the wizard otherwise. */
  decide(): Promise<void>;
}

export const useNavigation = create<NavigationStore>((set, get) => ({
  view: 'setup',
  decided: false,
  pastWelcome: false,
  show: (view) => set({ view, decided: true }),
  leaveWelcome: () => set({ pastWelcome: true }),
  decide: async () => {
    if (get().decided) return;
    const [trust, creds] = await Promise.all([window.dockside.invoke('trust:list', {}), window.dockside.invoke('creds:list', {})]);
    const setUp = (trust.ok && trust.value.registries.length > 0) || (creds.ok && creds.value.registries.some((entry) => entry.store.source === 'dockside' || entry.store.source === 'native'));
    if (!get().decided) set({ view: setUp ? 'dashboard' : 'setup', decided: true });
  },
}));
