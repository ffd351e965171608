import * as z from 'zod';
import { type Message, type MessageCode, MessageCodeSchema, type MessageParams, MessageParamsSchema, MessageSchema } from './message';

/** One mistake of a file (a profile, a credentials file): its field as `registries[0].host` ('' for the whole file) and what is wrong. */
export const FileProblemSchema = z.object({ field: z.string(), problem: MessageSchema }).strict();
export type FileProblem = z.infer<typeof FileProblemSchema>;

/**
 * Errors cross IPC, the elevated process and the CLI as values: `code` says what happened (stable,
 * for scripts), `key` and `params` are the catalog sentence saying why and what to do, rendered in
 * the reader's language by the CLI or the renderer. `message` is that rendering, added at the edge
 * (`--json`, logs); the engine never writes prose. An error about a file's content lists its
 * `problems` field by field, so the screen and scripts need not check the file again.
 */
export const ErrorValueSchema = z
  .object({ code: z.string(), key: MessageCodeSchema, params: MessageParamsSchema, message: z.string().optional(), problems: z.array(FileProblemSchema).optional() })
  .strict();
export type ErrorValue = z.infer<typeof ErrorValueSchema>;

/** An error's own sentence, as a Message beside others (a skipped check's reason, a progress line, evidence). */
export function errorSentence(error: ErrorValue): Message {
  return { code: error.key, params: error.params };
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorValue };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: string, key: MessageCode, params: MessageParams = {}): Result<never> => ({
  ok: false,
  error: { code, key, params },
});
