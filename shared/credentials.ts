import * as z from 'zod';
import { MessageSchema } from './message';

/**
 * Registry credentials (`dockside login|logout`, `creds list|migrate`, DESIGN §4): where each
 * registry's secret lives. Part of the CLI's --json contract. No schema here ever holds a secret.
 */

/** Where a secret is kept: a Docker credential helper by name (`dockside` is ours), or the config file itself. */
export const SecretStoreSchema = z
  .object({
    /** `dockside`, `secretservice`, `osxkeychain`, `wincred`, `pass`, `desktop`, ...; null for plaintext in config.json. */
    helper: z.string().nullable(),
    /**
     * Which kind of store: one config.json's credHelpers entry names for the registry, its
     * credsStore, the platform's own helper (osxkeychain, wincred, secretservice, pass, desktop,
     * named per registry in credHelpers), Dockside's own, or config.json itself.
     */
    source: z.enum(['credHelpers', 'credsStore', 'native', 'dockside', 'plaintext']),
    /** Why a login picks (or picked) this store; set where the store is chosen (login, its check, migrate, a setup's plan). */
    reason: MessageSchema.optional(),
  })
  .strict();
export type SecretStore = z.infer<typeof SecretStoreSchema>;

/** `login:check`: the credentials were accepted by the registry; nothing was stored yet. `dockside login` adds what it removed. */
export const LoginCheckJsonSchema = z
  .object({
    /** host[:port], the key Docker uses in config.json */
    registry: z.string(),
    username: z.string(),
    /** How the registry checked the credentials; none: its /v2/ asks for none. */
    scheme: z.enum(['basic', 'bearer', 'none']),
    /** Where the secret is (or, for a check, will be) kept. */
    store: SecretStoreSchema,
    configPath: z.string(),
    warnings: z.array(MessageSchema),
  })
  .strict();
export type LoginCheckJson = z.infer<typeof LoginCheckJsonSchema>;

export const LoginJsonSchema = LoginCheckJsonSchema.extend({
  /** A plaintext `auth` for this registry was in config.json and is gone now. */
  removedPlaintext: z.boolean(),
}).strict();
export type LoginJson = z.infer<typeof LoginJsonSchema>;

export const LogoutJsonSchema = z
  .object({
    registry: z.string(),
    /** Whether a stored secret was found and erased. */
    erased: z.boolean(),
    store: SecretStoreSchema.nullable(),
    configPath: z.string(),
  })
  .strict();
export type LogoutJson = z.infer<typeof LogoutJsonSchema>;

export const CredentialEntrySchema = z
  .object({
    registry: z.string(),
    /** null when the store does not say. */
    username: z.string().nullable(),
    store: SecretStoreSchema,
  })
  .strict();
export type CredentialEntry = z.infer<typeof CredentialEntrySchema>;

export const CredsListJsonSchema = z
  .object({
    configPath: z.string(),
    registries: z.array(CredentialEntrySchema),
    /** A helper that could not be asked for its user names, say. */
    warnings: z.array(MessageSchema),
  })
  .strict();
export type CredsListJson = z.infer<typeof CredsListJsonSchema>;

export const CredsMigrateJsonSchema = z
  .object({
    configPath: z.string(),
    dryRun: z.boolean(),
    /** The entries whose secret moved (or would move) out of config.json, and where to. */
    moved: z.array(CredentialEntrySchema),
    warnings: z.array(MessageSchema),
  })
  .strict();
export type CredsMigrateJson = z.infer<typeof CredsMigrateJsonSchema>;
