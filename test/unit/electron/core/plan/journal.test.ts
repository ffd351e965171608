import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendJournal, journalPath, lastUndoable, readJournal, type JournalEntry } from '../../../../../electron/core/plan/journal';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';

const hash = (c: string): string => c.repeat(64);

function entry(id: string, fields: Partial<JournalEntry> = {}): JournalEntry {
  return {
    id,
    at: '2024-01-24T02:15:00.000Z',
    phase: 'end',
    action: 'apply',
    outcome: 'applied',
    engine: { kind: 'systemd' },
    files: [{ path: '/etc/docker/daemon.json', role: 'daemon-json', backup: '/etc/docker/daemon.json.20240124-101500.bak', beforeSha256: hash('a'), afterSha256: hash('b') }],
    ...fields,
  };
}

const rollback = (id: string, undoes: string, outcome: JournalEntry['outcome'] = 'applied'): JournalEntry => entry(id, { action: 'rollback', undoes, outcome });

describe('journal file', () => {
  let tmp: TempDir;
  let stateDir: string;
  beforeEach(() => {
    tmp = makeTempDir('journal');
    stateDir = tmp.join('var', 'lib', 'dockside');
  });
  afterEach(() => tmp.remove());

  it('lives at <stateDir>/journal.jsonl', () => {
    expect(journalPath('/var/lib/dockside')).toBe('/var/lib/dockside/journal.jsonl');
  });

  it('round-trips entries, one JSON line each, creating the directory', async () => {
    const begin = entry('plan-0001', { phase: 'begin', outcome: undefined });
    delete begin.outcome;
    const end = entry('plan-0001');
    await appendJournal(stateDir, begin);
    await appendJournal(stateDir, end);
    expect(await readJournal(stateDir)).toEqual({ entries: [begin, end], skipped: 0 });
    expect(readFileSync(journalPath(stateDir), 'utf8').split('\n')).toEqual([JSON.stringify(begin), JSON.stringify(end), '']);
    expect(statSync(stateDir).mode & 0o777).toBe(0o755);
  });

  it('reads a missing journal as empty', async () => {
    expect(await readJournal(stateDir)).toEqual({ entries: [], skipped: 0 });
  });

  it('refuses an invalid entry before writing anything', async () => {
    await expect(appendJournal(stateDir, entry('plan-0001', { phase: 'begin' }))).rejects.toMatchObject({ code: 'invalid-journal-entry' });
    await expect(appendJournal(stateDir, entry('plan-0001', { undoes: 'plan-0000' }))).rejects.toMatchObject({ code: 'invalid-journal-entry' });
    await expect(appendJournal(stateDir, { ...entry('plan-0001'), secret: 'x' } as JournalEntry)).rejects.toMatchObject({ code: 'invalid-journal-entry' });
    expect(await readJournal(stateDir)).toEqual({ entries: [], skipped: 0 });
  });

  it('skips and counts a torn last line, and the next entry starts on a new line', async () => {
    await appendJournal(stateDir, entry('plan-0001'));
    appendFileSync(journalPath(stateDir), JSON.stringify(entry('plan-0002')).slice(0, 40));
    expect(await readJournal(stateDir)).toEqual({ entries: [entry('plan-0001')], skipped: 1 });
    await appendJournal(stateDir, entry('plan-0003'));
    expect(await readJournal(stateDir)).toEqual({ entries: [entry('plan-0001'), entry('plan-0003')], skipped: 1 });
  });

  it('skips and counts lines that are not valid entries', async () => {
    await appendJournal(stateDir, entry('plan-0001'));
    appendFileSync(journalPath(stateDir), 'not json\n{"id":"plan-0002"}\n\n');
    await appendJournal(stateDir, entry('plan-0003'));
    expect(await readJournal(stateDir)).toEqual({ entries: [entry('plan-0001'), entry('plan-0003')], skipped: 2 });
  });
});

describe('lastUndoable', () => {
  it('is the last applied change', () => {
    expect(lastUndoable([entry('plan-apply-a'), entry('plan-apply-b')])?.id).toBe('plan-apply-b');
  });

  it('walks back like an undo stack: apply A, apply B, roll back B -> A is next', () => {
    const entries = [entry('plan-apply-a'), entry('plan-apply-b'), rollback('plan-undo-b', 'plan-apply-b')];
    expect(lastUndoable(entries)?.id).toBe('plan-apply-a');
    expect(lastUndoable([...entries, rollback('plan-undo-a', 'plan-apply-a')])).toBeUndefined();
  });

  it('skips an apply that failed or was rolled back by itself', () => {
    expect(lastUndoable([entry('plan-apply-a'), entry('plan-apply-b', { outcome: 'failed' })])?.id).toBe('plan-apply-a');
    expect(lastUndoable([entry('plan-apply-a'), entry('plan-apply-b', { outcome: 'rolled-back' })])?.id).toBe('plan-apply-a');
    expect(lastUndoable([entry('plan-apply-a', { outcome: 'failed' })])).toBeUndefined();
  });

  it('counts only applied rollbacks as undoing', () => {
    expect(lastUndoable([entry('plan-apply-a'), entry('plan-apply-b'), rollback('plan-undo-b', 'plan-apply-b', 'failed')])?.id).toBe('plan-apply-b');
    expect(lastUndoable([entry('plan-apply-a'), entry('plan-apply-b'), rollback('plan-undo-b', 'plan-apply-b', 'rolled-back')])?.id).toBe('plan-apply-b');
  });

  it('offers a change that began and never ended (a crash between writing and its end entry), until a rollback undoes it', () => {
    const begin = entry('plan-apply-b', { phase: 'begin' });
    delete begin.outcome;
    expect(lastUndoable([entry('plan-apply-a'), begin])?.id).toBe('plan-apply-b');
    expect(lastUndoable([entry('plan-apply-a'), begin, rollback('plan-undo-b', 'plan-apply-b', 'applied')])?.id).toBe('plan-apply-a');
    // A begin entry with its end is the ended change, not an unfinished one.
    expect(lastUndoable([entry('plan-apply-a'), begin, entry('plan-apply-b', { outcome: 'failed' })])?.id).toBe('plan-apply-a');
  });

  it('continues after new applies on top of rollbacks', () => {
    const entries = [entry('plan-apply-a'), entry('plan-apply-b'), rollback('plan-undo-b', 'plan-apply-b'), entry('plan-apply-c')];
    expect(lastUndoable(entries)?.id).toBe('plan-apply-c');
    expect(lastUndoable([...entries, rollback('plan-undo-c', 'plan-apply-c')])?.id).toBe('plan-apply-a');
  });

  it('is undefined for an empty history', () => {
    expect(lastUndoable([])).toBeUndefined();
  });
});
