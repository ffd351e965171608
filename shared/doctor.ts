import * as z from 'zod';
import { MessageSchema } from './message';

/**
 * `dockside doctor [<host[:port]>]` (DESIGN §1): every known registry failure as a finding, with
 * the evidence that proves it and a fix. Part of the CLI's --json contract and of the UI.
 */

export const FindingSeveritySchema = z.enum(['error', 'warning', 'info']);
export type FindingSeverity = z.infer<typeof FindingSeveritySchema>;

/** One observation that proves a finding: a request and its answer, a file line, a command's output. Never a secret. */
export const EvidenceItemSchema = z
  .object({
    kind: z.enum(['http', 'tls', 'file', 'command']),
    /** What was looked at: `GET https://host/v2/`, a file path (with :line), a command line. */
    source: z.string(),
    /** What it showed, verbatim (a status line and headers, the file's text, Docker's own error); may be empty when `text` says it all. */
    detail: z.string(),
    /** What Dockside makes of it, in the reader's language: a certificate's subject, a file's state, an error's sentence. */
    text: MessageSchema.optional(),
  })
  .strict();
export type EvidenceItem = z.infer<typeof EvidenceItemSchema>;

/**
 * What the app can do about a finding by itself (each goes through its plan or its own request,
 * never silently): the data behind `fix.command`, so the UI needs no command-line parsing.
 */
export const FixActionSchema = z.discriminatedUnion('kind', [
  /** Install the registry's CA, pinned to this fingerprint (`AB:CD:...`). */
  z.object({ kind: z.literal('trust-add'), registry: z.string(), fingerprint: z.string() }).strict(),
  /** Set these mirrors (they replace the configured ones). */
  z.object({ kind: z.literal('mirrors-use'), urls: z.array(z.string()).min(1) }).strict(),
  /** Remove every mirror. */
  z.object({ kind: z.literal('mirrors-clear') }).strict(),
  /** Undo Dockside's last change. */
  z.object({ kind: z.literal('rollback') }).strict(),
  /** Move the plaintext secrets of config.json into the keychain. */
  z.object({ kind: z.literal('creds-migrate') }).strict(),
  /** Sign in to the registry (the user types the user name and password). */
  z.object({ kind: z.literal('sign-in'), registry: z.string() }).strict(),
]);
export type FixAction = z.infer<typeof FixActionSchema>;

export const FindingSchema = z
  .object({
    /** Stable, kebab-case: `push-to-group`, `ca-unknown`, ... */
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
    severity: FindingSeveritySchema,
    title: MessageSchema,
    explanation: MessageSchema,
    evidence: z.array(EvidenceItemSchema).min(1),
    fix: z
      .object({
        text: MessageSchema,
        /** A dockside command that applies the fix (it shows its plan first), when there is one. */
        command: z.string().nullable(),
        /** The same fix as data, for the app's fix button; null when there is no command. */
        action: FixActionSchema.nullable(),
      })
      .strict(),
  })
  .strict();
export type Finding = z.infer<typeof FindingSchema>;

/** A check that did not run: its id (a detector's, or `tls`, `mirrors`, `push-probe`, ...) and why. */
export const SkippedCheckSchema = z.object({ check: z.string(), reason: MessageSchema }).strict();
export type SkippedCheck = z.infer<typeof SkippedCheckSchema>;

export const DoctorJsonSchema = z
  .object({
    /** host[:port] that was examined, or null for the machine only. */
    registry: z.string().nullable(),
    /** Errors first, then warnings, then info. */
    findings: z.array(FindingSchema),
    /** Evidence that could not be gathered, and why (a check that did not run is said, never hidden). */
    skipped: z.array(SkippedCheckSchema),
  })
  .strict();
export type DoctorJson = z.infer<typeof DoctorJsonSchema>;
