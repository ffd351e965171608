import { expect } from 'vitest';
import { DocksideError } from '../../../../../../../electron/core/errors';
import { chinese, english } from '../../../../../../harness/english';
import { rejectionOf, thrownBy } from '../../../../../dockside-error';

/** A refusal as users read it: its code and key, the English sentence, and the Chinese one (every placeholder filled). */
export interface Said {
  code: string;
  key: string;
  message: string;
  chinese: string;
}

export function said(error: unknown): Said {
  expect(error).toBeInstanceOf(DocksideError);
  const refusal = error as DocksideError;
  const zh = chinese(refusal);
  expect(zh, 'a catalog key in both languages').not.toBe(refusal.key);
  expect(english(refusal)).not.toMatch(/\{\{/);
  expect(zh).not.toMatch(/\{\{/);
  return { code: refusal.code, key: refusal.key, message: english(refusal), chinese: zh };
}

/** What `run` throws, as said(); fails when it does not throw. */
export function refusal(run: () => unknown): Said {
  return said(thrownBy(run));
}

/** What the promise rejects with, as said(). */
export async function rejection(promise: Promise<unknown>): Promise<Said> {
  return said(await rejectionOf(promise));
}
