/**
 * The latest profile link main received and the renderer has not taken yet. A link can arrive
 * before any window exists (the app was started by it) or while the window is still loading,
 * so it waits here until the renderer asks; once taken it is gone, so a reload does not open it again.
 */
export interface PendingLink {
  set(url: string): void;
  /** The waiting URL, cleared; null when none. */
  take(): string | null;
}

export function createPendingLink(): PendingLink {
  let pending: string | null = null;
  return {
    set: (url) => {
      pending = url;
    },
    take: () => {
      const url = pending;
      pending = null;
      return url;
    },
  };
}
