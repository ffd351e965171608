import { constants } from 'node:fs';
import { lstat, mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { EngineSpecSchema } from '../../../shared/engine';
import { ApplyOutcomeSchema, FileRoleSchema, PlanSchema } from '../../../shared/plan';
import { DocksideError } from '../errors';
import { isAbsoluteNormalised, notNormalised } from './allow-list';

const { O_RDWR, O_APPEND, O_CREAT, O_RDONLY, O_NOFOLLOW = 0 } = constants;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/).nullable();

/**
 * The undo history: the executor appends a 'begin' entry before touching a file and an 'end'
 * entry (with the backups and hashes) when done, so a crash in between is visible afterwards.
 */
export const JournalEntrySchema = z
  .object({
    id: PlanSchema.shape.id,
    at: z.iso.datetime({ offset: true }),
    phase: z.enum(['begin', 'end']),
    action: PlanSchema.shape.action,
    /** For a rollback: the id of the apply it undoes. */
    undoes: PlanSchema.shape.id.optional(),
    outcome: ApplyOutcomeSchema.optional(),
    engine: EngineSpecSchema,
    files: z.array(
      z
        .object({
          path: z.string().min(1),
          role: FileRoleSchema,
          backup: z.string().min(1).nullable(),
          beforeSha256: sha256,
          afterSha256: sha256,
          /** A CA's write: whether Dockside made its certs.d directory (so removing trust may remove it). */
          createdDir: z.boolean().optional(),
        })
        .strict(),
    ),
  })
  .strict()
  .refine((entry) => (entry.phase === 'end') === (entry.outcome !== undefined), {
    message: 'an outcome is given exactly on the end entry', // verbatim: a schema invariant, quoted as detail in plan.error.invalid-journal-entry (a bug report)
    path: ['outcome'],
  })
  .refine((entry) => entry.action === 'rollback' || entry.undoes === undefined, {
    message: 'only a rollback undoes another change', // verbatim: a schema invariant, quoted as detail in plan.error.invalid-journal-entry (a bug report)
    path: ['undoes'],
  });
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

export function journalPath(stateDir: string): string {
  return join(stateDir, 'journal.jsonl');
}

/** Appends one entry durably; one write of one line, so a crash leaves at most a torn last line. */
export async function appendJournal(stateDir: string, entry: JournalEntry): Promise<void> {
  const parsed = JournalEntrySchema.safeParse(entry);
  if (!parsed.success) {
    throw new DocksideError('invalid-journal-entry', 'plan.error.invalid-journal-entry', { id: JSON.stringify(entry.id), detail: z.prettifyError(parsed.error) });
  }
  if (!isAbsoluteNormalised(stateDir)) throw notNormalised(stateDir);
  await mkdir(stateDir, { recursive: true, mode: 0o755 });
  if ((await lstat(stateDir)).isSymbolicLink()) {
    throw new DocksideError('unsafe-path', 'plan.error.unsafe-path.journal-link', { path: JSON.stringify(stateDir) });
  }

  const handle = await open(journalPath(stateDir), O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW, 0o644);
  try {
    // After a crash mid-append the file ends in a torn line: start on a fresh one so this entry stays readable.
    const { size } = await handle.stat();
    const last = Buffer.alloc(1);
    const torn = size > 0 && (await handle.read(last, 0, 1, size - 1)).bytesRead === 1 && last[0] !== 0x0a;
    const line = Buffer.from(`${torn ? '\n' : ''}${JSON.stringify(parsed.data)}\n`, 'utf8');
    const { bytesWritten } = await handle.write(line, 0, line.length);
    if (bytesWritten !== line.length) {
      throw new DocksideError('journal-write', 'plan.error.journal-write', { written: bytesWritten, bytes: line.length, path: JSON.stringify(journalPath(stateDir)) });
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** All readable entries, oldest first; unreadable lines (a torn last line, a hand edit) are counted, never fatal. */
export async function readJournal(stateDir: string): Promise<{ entries: JournalEntry[]; skipped: number }> {
  let text: string;
  try {
    const handle = await open(journalPath(stateDir), O_RDONLY | O_NOFOLLOW);
    try {
      text = await readFile(handle, 'utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], skipped: 0 };
    throw error;
  }
  const entries: JournalEntry[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const entry = JournalEntrySchema.safeParse(parseJson(line));
    if (entry.success) entries.push(entry.data);
    else skipped++;
  }
  return { entries, skipped };
}

/**
 * The change a rollback would undo now: the newest change not undone yet that either applied
 * or never ended (the process was killed between writing and journaling the outcome, so its
 * files may hold what it wrote). Rolling back repeatedly walks back through them, like an undo stack.
 */
export function lastUndoable(entries: JournalEntry[]): JournalEntry | undefined {
  const ended = new Set(entries.filter((entry) => entry.phase === 'end').map((entry) => entry.id));
  const undone = new Set<string>();
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i];
    if (entry === undefined) continue;
    if (entry.phase === 'begin') {
      if (!ended.has(entry.id) && !undone.has(entry.id)) return entry;
      continue;
    }
    if (entry.outcome !== 'applied') continue;
    if (entry.action === 'rollback') {
      if (entry.undoes !== undefined) undone.add(entry.undoes);
    } else if (!undone.has(entry.id)) {
      return entry;
    }
  }
  return undefined;
}

/** The changes that began and never ended, oldest first: a crash between writing and journaling. */
export function unfinishedEntries(entries: readonly JournalEntry[]): JournalEntry[] {
  const ended = new Set(entries.filter((entry) => entry.phase === 'end').map((entry) => entry.id));
  const undone = new Set(entries.filter((entry) => entry.phase === 'end' && entry.outcome === 'applied' && entry.undoes !== undefined).map((entry) => entry.undoes));
  return entries.filter((entry) => entry.phase === 'begin' && !ended.has(entry.id) && !undone.has(entry.id));
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
