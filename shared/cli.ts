import * as z from 'zod';
import { DriftItemSchema, EngineKindSchema, RegistrySettingsSchema } from './engine';
import { MessageSchema } from './message';
import { BackupSchema } from './plan';
import { ErrorValueSchema } from './result';

/**
 * What `dockside ... --json` prints on stdout (DESIGN §4): part of the contract, so scripts
 * can rely on it. Errors go to stderr as ErrorJson; the exit code says 0 ok, 1 failed,
 * 2 usage, 3 verification failed and rolled back.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, rolledBack: 3 } as const;

export const ErrorJsonSchema = z.object({ error: ErrorValueSchema }).strict();
export type ErrorJson = z.infer<typeof ErrorJsonSchema>;

export const StatusJsonSchema = z
  .object({
    engine: z
      .object({
        kind: EngineKindSchema,
        pidfile: z.string().optional(),
        dockerHost: z.string().optional(),
        running: z.boolean(),
        version: z.string().nullable(),
      })
      .strict(),
    daemonJson: z
      .object({
        path: z.string(),
        exists: z.boolean(),
        /** The mirrors and insecure registries the file sets; null when it cannot be read. */
        settings: RegistrySettingsSchema.nullable(),
        error: ErrorValueSchema.nullable(),
      })
      .strict(),
    certsDir: z.string(),
    /** The registries (host[:port]) with a ca.crt under certsDir. */
    trustedRegistries: z.array(z.string()),
    /** What the engine reports (`docker info`); null when no engine answers. */
    active: RegistrySettingsSchema.nullable(),
    /** How the engine differs from daemon.json (another tool edited it, or a reload did not take), as sentences. */
    drift: z.array(MessageSchema),
    /** The same differences, one item each, for the app to word in the user's language. */
    driftItems: z.array(DriftItemSchema),
    /** Changes that began and never ended (the process was killed between writing and journaling): `dockside rollback` undoes the newest. */
    unfinished: z.array(
      z
        .object({
          id: z.string(),
          at: z.string(),
          action: z.enum(['apply', 'rollback']),
          files: z.array(z.string()),
        })
        .strict(),
    ),
  })
  .strict();
export type StatusJson = z.infer<typeof StatusJsonSchema>;

/** The outcome of a command that changes the machine: `mirrors use`, `mirrors clear`, `rollback`. */
export const ChangeJsonSchema = z
  .object({
    /** unchanged: already so; planned: shown but not applied (no --yes and no terminal, or declined). */
    outcome: z.enum(['applied', 'rolled-back', 'failed', 'unchanged', 'planned']),
    planId: z.string().nullable(),
    /** Why administrator rights are needed; null when there is no plan. */
    reason: MessageSchema.nullable(),
    /** Unified diff of every file the plan writes. */
    diff: z.string(),
    /** The plan's steps, in order. */
    steps: z.array(MessageSchema),
    warnings: z.array(MessageSchema),
    backups: z.array(BackupSchema),
    active: RegistrySettingsSchema.nullable(),
    differences: z.array(MessageSchema),
  })
  .strict();
export type ChangeJson = z.infer<typeof ChangeJsonSchema>;
