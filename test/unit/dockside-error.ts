import { expect } from 'vitest';
import { DocksideError } from '../../electron/core/errors';

/** The DocksideError `fn` throws; fails the test when it throws nothing or something else. */
export function thrownBy(fn: () => unknown): DocksideError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DocksideError);
  return thrown as DocksideError;
}

/** The DocksideError `promise` rejects with; fails the test when it resolves or rejects with something else. */
export async function rejectionOf(promise: Promise<unknown>): Promise<DocksideError> {
  const error: unknown = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DocksideError);
  return error as DocksideError;
}
