import * as z from 'zod';
import { CaSummarySchema } from './ca-summary';
import { EngineSpecSchema, RegistrySettingsSchema } from './engine';
import { MessageSchema } from './message';
import { ErrorValueSchema } from './result';

/**
 * A Plan is the one privileged step of a user action, as data (DESIGN §2): shown as a diff
 * before anything is written, then handed base64-encoded in argv to the elevated process,
 * which validates it again with this schema and checks every path against its allow-list.
 * It never holds a secret.
 */
/** os-ca: Dockside's copy of a CA in the OS trust store; os-trust-record: which registries asked for each of those (root's state dir). */
export const FileRoleSchema = z.enum(['daemon-json', 'ca-cert', 'os-ca', 'os-trust-record']);
export type FileRole = z.infer<typeof FileRoleSchema>;

/** Whose OS trust store: Debian/Ubuntu, RHEL/CentOS/Fedora, macOS's System keychain, Windows' Root store. */
export const OsStoreKindSchema = z.enum(['debian', 'rhel', 'darwin', 'win32']);
export type OsStoreKind = z.infer<typeof OsStoreKindSchema>;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const WriteFileStepSchema = z
  .object({
    type: z.literal('write-file'),
    role: FileRoleSchema,
    path: z.string().min(1),
    content: z.string(),
    /** Used when the file is new; an existing file keeps its own mode and owner. */
    mode: z.number().int().min(0).max(0o777),
    /** The file as the plan saw it (null: missing); a file changed since is not overwritten. */
    beforeSha256: sha256Hex.nullable(),
    /** A ca.crt's certificates, as the preview shows them instead of the PEM text. */
    ca: z.array(CaSummarySchema).optional(),
  })
  .strict();

export const RemoveFileStepSchema = z
  .object({
    type: z.literal('remove-file'),
    role: FileRoleSchema,
    path: z.string().min(1),
    beforeSha256: sha256Hex,
    /** A ca.crt's certificates, as the preview shows them. */
    ca: z.array(CaSummarySchema).optional(),
  })
  .strict();

export const PlanStepSchema = z.discriminatedUnion('type', [
  WriteFileStepSchema,
  RemoveFileStepSchema,
  z.object({ type: z.literal('reload-engine') }).strict(),
  z.object({ type: z.literal('restart-engine') }).strict(),
  z.object({ type: z.literal('verify'), expected: RegistrySettingsSchema }).strict(),
  /** After the os-ca files: the store's own tool makes it reflect them (update-ca-certificates, update-ca-trust, security, certutil). */
  z.object({ type: z.literal('refresh-os-trust'), store: OsStoreKindSchema, commands: z.array(z.array(z.string())) }).strict(),
  /** Installed means verified: the store holds the CA (and `host` validates against its bundle), or no longer holds it. */
  z
    .object({ type: z.literal('verify-os-trust'), host: z.string().nullable(), sha256: sha256Hex, sha1: z.string().regex(/^[0-9a-f]{40}$/), trusted: z.boolean() })
    .strict(),
]);
export type PlanStep = z.infer<typeof PlanStepSchema>;
export type WriteFileStep = z.infer<typeof WriteFileStepSchema>;
export type RemoveFileStep = z.infer<typeof RemoveFileStepSchema>;
export type RefreshOsTrustStep = Extract<PlanStep, { type: 'refresh-os-trust' }>;
export type VerifyOsTrustStep = Extract<PlanStep, { type: 'verify-os-trust' }>;

export const PlanSchema = z
  .object({
    version: z.literal(1),
    /** Also the journal entry's id. */
    id: z.string().regex(/^[0-9A-Za-z-]{8,64}$/),
    action: z.enum(['apply', 'rollback']),
    /** Why administrator rights are needed, shown before the prompt. */
    reason: MessageSchema,
    /** For a rollback: the journal id of the change it undoes. */
    undoes: z.string().optional(),
    engine: EngineSpecSchema,
    steps: z.array(PlanStepSchema).min(1),
  })
  .strict();
export type Plan = z.infer<typeof PlanSchema>;

/** A file the executor saved before changing it. */
export const BackupSchema = z.object({ path: z.string(), backup: z.string().nullable() }).strict();
export type Backup = z.infer<typeof BackupSchema>;

export const ApplyOutcomeSchema = z.enum(['applied', 'rolled-back', 'failed']);
export type ApplyOutcome = z.infer<typeof ApplyOutcomeSchema>;

/**
 * What the privileged process prints on stdout, one JSON object a line: progress while it
 * works, then exactly one result. Codes only: the caller renders them in the user's language.
 */
export const PrivilegedEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), message: MessageSchema }).strict(),
  z
    .object({
      type: z.literal('result'),
      /** applied; rolled-back (verification failed, the old files are back: exit 3); failed (nothing could be verified or restored). */
      outcome: ApplyOutcomeSchema,
      planId: z.string(),
      backups: z.array(BackupSchema),
      /** What the engine reported last, when it answered. */
      active: RegistrySettingsSchema.nullable(),
      /** How the engine's state differed from the plan's expectation, when it did. */
      differences: z.array(MessageSchema),
      error: ErrorValueSchema.optional(),
    })
    .strict(),
]);
export type PrivilegedEvent = z.infer<typeof PrivilegedEventSchema>;
export type PrivilegedResult = Extract<PrivilegedEvent, { type: 'result' }>;
