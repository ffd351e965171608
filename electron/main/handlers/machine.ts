import type { Machine } from '../../core/machine';

/**
 * The machine, resolved on first use and then remembered, so the window opens without waiting
 * for engine detection. A failed resolution is not remembered: the next request tries again.
 */
export function lazyMachine(resolve: () => Promise<Machine>): () => Promise<Machine> {
  let pending: Promise<Machine> | null = null;
  return () => {
    pending ??= resolve().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}
