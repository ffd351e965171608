import type { ErrorValue } from '../../../shared/result';

/** What an IPC call threw (the transport itself failed), as an error value the panels render. */
export const thrown = (error: unknown): ErrorValue => ({
  code: 'internal',
  key: 'common.error.internal',
  params: { detail: error instanceof Error ? error.message : String(error) },
});
