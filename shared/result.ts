import * as z from 'zod';

/**
 * Errors cross IPC and the CLI as values: only an Error's message survives Electron's IPC, and
 * a user needs the code (what happened) to act on it. Messages are already localised by the
 * side that knows the user's language, or carry a code the renderer translates.
 */
export const ErrorValueSchema = z.object({ code: z.string(), message: z.string() }).strict();
export type ErrorValue = z.infer<typeof ErrorValueSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorValue };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: string, message: string): Result<never> => ({ ok: false, error: { code, message } });
