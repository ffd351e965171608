import type { Message } from '../../../shared/message';
import type { ErrorValue } from '../../../shared/result';

/** An error as a doctor's text (evidence, a skipped check's reason): its own catalog sentence. */
export function errorText(error: ErrorValue): Message {
  return { code: error.key, params: error.params };
}
