/**
 * What a test file started, undone in afterAll in reverse order (a CA leaves certs.d before
 * its registry stops, the temp dir goes last). Every step runs even when one fails; the
 * failures are thrown together so none is swallowed.
 */
export interface Cleanups {
  /** Registers an undo step, to be registered right after what it undoes has been created. */
  add(step: () => Promise<void> | void): void;
  /** Registers `service.stop()` and returns the service. */
  track<T extends { stop(): Promise<void> }>(service: T): T;
  run(): Promise<void>;
}

export function createCleanups(): Cleanups {
  const steps: Array<() => Promise<void> | void> = [];
  return {
    add: (step) => {
      steps.push(step);
    },
    track: (service) => {
      steps.push(() => service.stop());
      return service;
    },
    run: async () => {
      const errors: unknown[] = [];
      for (const step of steps.splice(0).reverse()) {
        try {
          await step();
        } catch (error) {
          errors.push(error);
        }
      }
      if (errors.length > 0) throw new AggregateError(errors, 'cleaning up after the tests failed');
    },
  };
}
