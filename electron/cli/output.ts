import type { ErrorValue } from '../../shared/result';
import type { CliMessages } from './messages';

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
      streams.stderr.write(json ? `${JSON.stringify({ error })}\n` : `dockside: ${error.message} [${error.code}]\n`);
    },
  };
}
