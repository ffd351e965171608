import * as z from 'zod';
import type { en } from './locales/en';

/** A catalog key without its plural suffix: code asks for `x`, the table holds `x_one` and `x_other`. */
type PluralBase<K extends string> = K extends `${infer Base}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? Base : K;

/** Every key of the one message catalog (shared/locales): a typo is a compile error. */
export type MessageCode = PluralBase<Extract<keyof typeof en, string>>;

/**
 * A catalog as the renderers load it: every key, a sentence with {{param}} placeholders. English's
 * `_one` forms are its own: Chinese has no singular, so its table gives only `_other`.
 */
export type Catalog = Record<Exclude<Extract<keyof typeof en, string>, `${string}_one`>, string> & Record<string, string>;

/** What a message is filled with: hosts, paths, counts (`count` picks the plural form). */
export const MessageParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export type MessageParams = z.infer<typeof MessageParamsSchema>;

const messageCode = z.string().min(1) as unknown as z.ZodType<MessageCode>;

/**
 * A sentence as the engine says it: a catalog code and its parameters, never prose. The CLI and the
 * renderer render it in the user's language; `--json` adds the rendered `message` beside them.
 */
export const MessageSchema = z.object({ code: messageCode, params: MessageParamsSchema, message: z.string().optional() }).strict();
export type Message = z.infer<typeof MessageSchema>;

/** Builds a Message; params default to none. */
export function msg(code: MessageCode, params: MessageParams = {}): Message {
  return { code, params };
}

export { messageCode as MessageCodeSchema };
