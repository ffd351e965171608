import * as z from 'zod';
import { type MessageCode, MessageCodeSchema, type MessageParams, MessageParamsSchema } from './message';

/**
 * Errors cross IPC, the elevated process and the CLI as values: `code` says what happened (stable,
 * for scripts), `key` and `params` are the catalog sentence saying why and what to do, rendered in
 * the reader's language by the CLI or the renderer. `message` is that rendering, added at the edge
 * (`--json`, logs); the engine never writes prose.
 */
export const ErrorValueSchema = z
  .object({ code: z.string(), key: MessageCodeSchema, params: MessageParamsSchema, message: z.string().optional() })
  .strict();
export type ErrorValue = z.infer<typeof ErrorValueSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorValue };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: string, key: MessageCode, params: MessageParams = {}): Result<never> => ({
  ok: false,
  error: { code, key, params },
});
