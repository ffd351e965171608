import type { ProbeStatus } from '../../../shared/mirrors';

/**
 * Why a candidate cannot be used, thrown by the step that found out and turned into its
 * result by the prober. `message` is the result's reason: plain words, what to do about it.
 */
export class ProbeFailure extends Error {
  constructor(
    readonly status: Exclude<ProbeStatus, 'usable'>,
    reason: string,
  ) {
    super(reason);
    this.name = 'ProbeFailure';
  }
}
