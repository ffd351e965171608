import type { ErrorValue } from '../../shared/result';
import { type CliMessages, errorExplanation } from './messages';

/**
 * Where the CLI writes: results on stdout (text, or one JSON document with --json), progress
 * and errors on stderr (an error as `{"error":{code,message}}` with --json).
 */
export interface Output {
  readonly json: boolean;
  readonly messages: CliMessages;
  progress(message: string): void;
  text(line: string): void;
  document(value: unknown): void;
  error(error: ErrorValue): void;
}

export function createOutput(json: boolean, messages: CliMessages, streams = { stdout: process.stdout, stderr: process.stderr }): Output {
  return {
    json,
    messages,
    progress(message) {
      if (!json) streams.stderr.write(`  -> ${message}\n`);
    },
    text(line) {
      if (!json) streams.stdout.write(`${line}\n`);
    },
    document(value) {
      if (json) streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    error(error) {
      // The engine's message is English: in another language, the CLI's own explanation of the code comes first, the message after it as evidence.
      const explained = messages.lang === 'en' ? null : errorExplanation(error.code, messages);
      if (json) streams.stderr.write(`${JSON.stringify({ error })}\n`);
      else if (explained !== null) streams.stderr.write(`dockside: ${explained} [${error.code}]\n  ${error.message}\n`);
      else streams.stderr.write(`dockside: ${error.message} [${error.code}]\n`);
    },
  };
}
