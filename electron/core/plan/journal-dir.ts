import { homedir } from 'node:os';
import { stateDir } from '../platform/state-dir';
import { type JournalEntry, readJournal } from './journal';

/**
 * The journals a rollback reads: the privileged process writes where its own rights put it
 * (root: the system state dir; a user's own files: the user's), so both are read.
 */
export function journalDirs(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string[] {
  const home = homedir();
  const dirs = [stateDir({ platform, uid: 0, home, env }), stateDir({ platform, uid: process.getuid?.(), home, env })];
  return [...new Set(dirs)];
}

/** The entries of several journals as one history, oldest first (ISO times sort as text), and how many lines could not be read. */
export async function readJournalsCounted(dirs: readonly string[]): Promise<{ entries: JournalEntry[]; skipped: number }> {
  const read = await Promise.all(dirs.map((dir) => readJournal(dir)));
  const entries = read.flatMap((journal) => journal.entries).sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { entries, skipped: read.reduce((sum, journal) => sum + journal.skipped, 0) };
}

/** The entries of several journals as one history, oldest first. */
export async function readJournals(dirs: readonly string[]): Promise<JournalEntry[]> {
  return (await readJournalsCounted(dirs)).entries;
}
