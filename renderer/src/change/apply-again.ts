import type { ErrorValue } from '../../../shared/result';
import type { Loadable } from '../store/loadable';

/**
 * The errors of an apply that ran nothing because the user said no (main's confirmation, or the
 * OS password prompt): main keeps the change, so the same Apply may be pressed again.
 */
const DECLINED = ['apply-declined', 'elevation-cancelled'] as const;
export type DeclinedCode = (typeof DECLINED)[number];

export function declinedCode(error: ErrorValue): DeclinedCode | null {
  return DECLINED.find((code) => code === error.code) ?? null;
}

export function declinedApply(apply: Loadable<unknown>): boolean {
  return apply.status === 'failed' && declinedCode(apply.error) !== null;
}
