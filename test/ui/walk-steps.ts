import { it } from 'vitest';

/**
 * The `it` of a walk through the app, one test per screen: each starts where the last left off,
 * so once one fails the rest are skipped (named after the failed one) rather than left to time
 * out. The failed step itself fails the run.
 */
export function walkSteps(timeoutMs: number): (name: string, body: () => Promise<void>) => void {
  let brokenAt: string | null = null;
  return (name, body) => {
    it(name, async (context) => {
      if (brokenAt !== null) context.skip(`an earlier step failed: ${brokenAt}`);
      try {
        await body();
      } catch (error) {
        brokenAt = name;
        throw error;
      }
    }, timeoutMs);
  };
}
