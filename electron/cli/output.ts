import { fillMessages } from '../../shared/i18n/fill-messages';
import type { Language } from '../../shared/i18n/languages';
import type { Translate } from '../../shared/i18n/translate';
import type { Catalog, Message } from '../../shared/message';
import type { ErrorValue } from '../../shared/result';
import { createTranslator } from '../core/i18n/translator';

/**
 * Where the CLI writes: results on stdout (text, or one JSON document with --json), progress
 * and errors on stderr (an error as `{"error":{code,key,params,message}}` with --json). Every
 * sentence is a catalog code rendered here, in the one language the user reads.
 */
export interface Output {
  readonly json: boolean;
  readonly language: Language;
  readonly t: Translate;
  progress(message: Message): void;
  text(line: string): void;
  /** With --json, the value with every `{code, params}` in it rendered beside its code. */
  document(value: unknown): void;
  error(error: ErrorValue): void;
}

export function createOutput(json: boolean, language: Language, catalog: Catalog, streams = { stdout: process.stdout, stderr: process.stderr }): Output {
  const t = createTranslator(language, catalog);
  return {
    json,
    language,
    t,
    progress(message) {
      if (!json) streams.stderr.write(`  -> ${t(message.code, message.params)}\n`);
    },
    text(line) {
      if (!json) streams.stdout.write(`${line}\n`);
    },
    document(value) {
      if (json) streams.stdout.write(`${JSON.stringify(fillMessages(value, t, catalog), null, 2)}\n`);
    },
    error(error) {
      // --json: the error and every sentence inside it (a file's problems) rendered beside their codes.
      if (json) streams.stderr.write(`${JSON.stringify({ error: fillMessages(error, t, catalog) })}\n`);
      else streams.stderr.write(`dockside: ${t(error.key, error.params)} [${error.code}]\n`);
    },
  };
}
