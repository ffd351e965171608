import * as z from 'zod';
import { ApplyOutcomeSchema, FileRoleSchema } from './plan';

/** The changes Dockside made to this machine, newest first, from its journal: what rollback walks back through. */
export const HistoryEntrySchema = z
  .object({
    id: z.string(),
    /** When it ended (or began, when it never ended). */
    at: z.string(),
    action: z.enum(['apply', 'rollback']),
    /** null: it began and never ended (the process was killed; `dockside doctor` and rollback look at it). */
    outcome: ApplyOutcomeSchema.nullable(),
    /** For a rollback: the change it undid. */
    undoes: z.string().nullable(),
    /** An applied change a later rollback undid. */
    undone: z.boolean(),
    /** The one `dockside rollback` (or the dashboard's Roll back) would undo now. */
    next: z.boolean(),
    files: z.array(z.object({ path: z.string(), role: FileRoleSchema }).strict()),
  })
  .strict();
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const HistoryJsonSchema = z
  .object({
    entries: z.array(HistoryEntrySchema),
    /** Journal lines that could not be read (a torn last line, a hand edit). */
    skipped: z.number().int().min(0),
  })
  .strict();
export type HistoryJson = z.infer<typeof HistoryJsonSchema>;
