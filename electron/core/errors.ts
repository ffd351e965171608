import type { ErrorValue } from '../../shared/result';

/**
 * An error a user can act on: `code` says what happened (stable, for --json and the UI), the
 * message says why and what to do. Thrown inside core, turned into an ErrorValue at the
 * boundary (CLI, IPC, privileged process) by toErrorValue.
 */
export class DocksideError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DocksideError';
  }
}

/** Anything thrown, as a value; an unexpected error keeps its message under the code `internal`. */
export function toErrorValue(error: unknown): ErrorValue {
  if (error instanceof DocksideError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: 'internal', message: error.message };
  return { code: 'internal', message: String(error) };
}
