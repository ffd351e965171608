import type { MessageCode, MessageParams } from '../../../shared/message';
import type { FileProblem } from '../../../shared/result';
import { DocksideError } from '../errors';

/**
 * A file refused for its content (a profile, a credentials file): the error's sentence names the
 * fields; `problems` says what is wrong with each, for the CLI and the screen to list.
 */
export class FileProblemsError extends DocksideError {
  constructor(
    code: string,
    key: MessageCode,
    params: MessageParams,
    override readonly problems: readonly FileProblem[],
  ) {
    super(code, key, { ...params, fields: [...new Set(problems.map((problem) => problem.field).filter((field) => field !== ''))].join(', ') });
  }
}
