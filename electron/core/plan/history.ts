import type { HistoryEntry, HistoryJson } from '../../../shared/history';
import { type JournalEntry, lastUndoable } from './journal';
import { readJournalsCounted } from './journal-dir';

/**
 * The journal as a history, newest first: one row a change (its end entry, or its begin entry
 * when it never ended), which ones a rollback undid, and which one rollback would undo next.
 */
export function historyOf(entries: readonly JournalEntry[], skipped = 0): HistoryJson {
  const ended = new Map(entries.filter((entry) => entry.phase === 'end').map((entry) => [entry.id, entry]));
  const undone = new Set(
    entries.filter((entry) => entry.phase === 'end' && entry.action === 'rollback' && entry.outcome === 'applied' && entry.undoes !== undefined).map((entry) => entry.undoes),
  );
  const next = lastUndoable([...entries])?.id;
  const rows: HistoryEntry[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.id)) continue;
    seen.add(entry.id);
    const last = ended.get(entry.id) ?? entry;
    rows.push({
      id: entry.id,
      at: last.at,
      action: entry.action,
      outcome: last.phase === 'end' ? (last.outcome ?? null) : null,
      undoes: entry.undoes ?? null,
      undone: undone.has(entry.id),
      next: entry.id === next,
      files: last.files.map(({ path, role }) => ({ path, role })),
    });
  }
  return { entries: rows.reverse(), skipped };
}

/** The history of every journal this machine's changes are recorded in (root's and the user's). */
export async function readHistory(dirs: readonly string[]): Promise<HistoryJson> {
  const { entries, skipped } = await readJournalsCounted(dirs);
  return historyOf(entries, skipped);
}
