import type { Message, MessageCode, MessageParams } from '../../shared/message';
import { type ErrorValue, errorSentence, type FileProblem } from '../../shared/result';

/**
 * An error a user can act on: `code` says what happened (stable, for --json and the UI), `key` and
 * `params` are the catalog sentence saying why and what to do. Thrown inside core, turned into an
 * ErrorValue at the boundary (CLI, IPC, privileged process) by toErrorValue. Error.message holds
 * the key, for stack traces only: nothing shows it to a user.
 */
export class DocksideError extends Error {
  /** What is wrong field by field, when the error is about a file's content (FileProblemsError sets it). */
  readonly problems?: readonly FileProblem[];

  constructor(
    readonly code: string,
    readonly key: MessageCode,
    readonly params: MessageParams = {},
  ) {
    super(key);
    this.name = 'DocksideError';
  }
}

/** Anything thrown, as a value; an unexpected error keeps its own text under the code `internal`. */
export function toErrorValue(error: unknown): ErrorValue {
  if (error instanceof DocksideError) {
    const value: ErrorValue = { code: error.code, key: error.key, params: error.params };
    if (error.problems !== undefined) value.problems = [...error.problems];
    return value;
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { code: 'internal', key: 'common.error.internal', params: { detail } };
}

/** Anything thrown, as its own sentence among others (a progress line, a difference, a skipped check). */
export function errorMessage(error: unknown): Message {
  return errorSentence(toErrorValue(error));
}
