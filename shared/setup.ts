import * as z from 'zod';
import { LoginJsonSchema, SecretStoreSchema } from './credentials';
import { CaSummarySchema } from './ca-summary';
import { ChangeJsonSchema } from './cli';
import { RegistrySettingsSchema } from './engine';

/**
 * A setup change (the wizard's Review and Apply, and a profile's apply): every registry's CA,
 * the mirrors, and every sign-in as ONE change. What it will touch is listed item by item, so a
 * UI can word each in the user's language; no item ever holds a secret.
 */
export const ChangeItemSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('file'),
      path: z.string(),
      role: z.enum(['daemon-json', 'ca-cert', 'docker-config']),
      action: z.enum(['create', 'modify', 'remove']),
      /** Written by the elevated process (one administrator prompt for all of these). */
      elevated: z.boolean(),
      /** A ca.crt's certificates: subject, issuer, fingerprint, validity (never the PEM). */
      ca: z.array(CaSummarySchema).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('keychain'),
      registry: z.string(),
      username: z.string(),
      /** Where the secret goes: Dockside's keychain item or the helper config.json names. */
      store: SecretStoreSchema,
    })
    .strict(),
  z.object({ kind: z.literal('engine'), action: z.enum(['reload', 'restart']) }).strict(),
  z.object({ kind: z.literal('verify'), expected: RegistrySettingsSchema }).strict(),
]);
export type ChangeItem = z.infer<typeof ChangeItemSchema>;

/** The outcome of applying a change from the app: the CLI's change document plus the sign-ins it stored. */
export const AppliedChangeSchema = ChangeJsonSchema.extend({
  /** Registries signed in by this change (setup only); empty when it signed in to none or was undone. */
  logins: z.array(LoginJsonSchema),
}).strict();
export type AppliedChange = z.infer<typeof AppliedChangeSchema>;
