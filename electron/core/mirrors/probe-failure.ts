import type { Message } from '../../../shared/message';
import type { ProbeStatus } from '../../../shared/mirrors';

/**
 * Why a candidate cannot be used, thrown by the step that found out and turned into its
 * result by the prober. `reason` is the result's verdict (`probe.verdict.*`): what was found,
 * what to do about it. Error.message holds its code, for stack traces only.
 */
export class ProbeFailure extends Error {
  constructor(
    readonly status: Exclude<ProbeStatus, 'usable'>,
    readonly reason: Message,
  ) {
    super(reason.code);
    this.name = 'ProbeFailure';
  }
}
