import { describe, expect, it } from 'vitest';
import { HistoryJsonSchema } from '../../../../../shared/history';
import { historyOf } from '../../../../../electron/core/plan/history';
import type { JournalEntry } from '../../../../../electron/core/plan/journal';

const hash = (c: string): string => c.repeat(64);
const DAEMON = { path: '/etc/docker/daemon.json', role: 'daemon-json', backup: '/etc/docker/daemon.json.bak', beforeSha256: hash('a'), afterSha256: hash('b') } as const;
const CA = { path: '/etc/docker/certs.d/nexus.example/ca.crt', role: 'ca-cert', backup: null, beforeSha256: null, afterSha256: hash('c') } as const;

function begin(id: string, at: string, fields: Partial<JournalEntry> = {}): JournalEntry {
  return { id, at, phase: 'begin', action: 'apply', engine: { kind: 'systemd' }, files: [{ ...DAEMON, afterSha256: null }], ...fields };
}
function end(id: string, at: string, fields: Partial<JournalEntry> = {}): JournalEntry {
  return { id, at, phase: 'end', action: 'apply', outcome: 'applied', engine: { kind: 'systemd' }, files: [DAEMON], ...fields };
}

describe('historyOf', () => {
  it('is empty for an empty journal, passing the skipped count on', () => {
    expect(historyOf([], 2)).toEqual({ entries: [], skipped: 2 });
  });

  it('shows a change that began and never ended with outcome null, at its begin time', () => {
    const history = historyOf([begin('plan-0001', '2025-01-01T10:00:00.000Z')]);
    expect(HistoryJsonSchema.parse(history)).toEqual({
      entries: [
        { id: 'plan-0001', at: '2025-01-01T10:00:00.000Z', action: 'apply', outcome: null, undoes: null, undone: false, next: true, files: [{ path: DAEMON.path, role: 'daemon-json' }] },
      ],
      skipped: 0,
    });
  });

  it('makes one row a change, from its end entry (time, outcome and files)', () => {
    const history = historyOf([begin('plan-0001', '2025-01-01T10:00:00.000Z'), end('plan-0001', '2025-01-01T10:00:05.000Z', { files: [DAEMON, CA] })]);
    expect(history.entries).toHaveLength(1);
    expect(history.entries[0]).toMatchObject({
      at: '2025-01-01T10:00:05.000Z',
      outcome: 'applied',
      next: true,
      files: [
        { path: DAEMON.path, role: 'daemon-json' },
        { path: CA.path, role: 'ca-cert' },
      ],
    });
  });

  it('marks an apply a rollback undid, and puts next on the apply before it; newest first', () => {
    const entries = [
      begin('plan-0001', '2025-01-01T10:00:00.000Z'),
      end('plan-0001', '2025-01-01T10:00:01.000Z'),
      begin('plan-0002', '2025-01-02T10:00:00.000Z'),
      end('plan-0002', '2025-01-02T10:00:01.000Z'),
      begin('plan-0003', '2025-01-03T10:00:00.000Z', { action: 'rollback', undoes: 'plan-0002' }),
      end('plan-0003', '2025-01-03T10:00:01.000Z', { action: 'rollback', undoes: 'plan-0002' }),
    ];
    const rows = historyOf(entries).entries;
    expect(rows.map((row) => [row.id, row.action, row.outcome, row.undoes, row.undone, row.next])).toEqual([
      ['plan-0003', 'rollback', 'applied', 'plan-0002', false, false],
      ['plan-0002', 'apply', 'applied', null, true, false],
      ['plan-0001', 'apply', 'applied', null, false, true],
    ]);
  });

  it('does not count a rollback that did not apply as undoing anything', () => {
    const entries = [
      end('plan-0001', '2025-01-01T10:00:01.000Z'),
      end('plan-0002', '2025-01-02T10:00:01.000Z', { action: 'rollback', undoes: 'plan-0001', outcome: 'failed' }),
    ];
    const rows = historyOf(entries).entries;
    expect(rows.map((row) => [row.id, row.outcome, row.undone, row.next])).toEqual([
      ['plan-0002', 'failed', false, false],
      ['plan-0001', 'applied', false, true],
    ]);
  });

  it('never offers a rolled-back or failed apply as next; an unfinished one is next', () => {
    const entries = [
      end('plan-0001', '2025-01-01T10:00:01.000Z'),
      end('plan-0002', '2025-01-02T10:00:01.000Z', { outcome: 'rolled-back' }),
      end('plan-0003', '2025-01-03T10:00:01.000Z', { outcome: 'failed' }),
    ];
    expect(historyOf(entries).entries.map((row) => [row.id, row.outcome, row.next])).toEqual([
      ['plan-0003', 'failed', false],
      ['plan-0002', 'rolled-back', false],
      ['plan-0001', 'applied', true],
    ]);
    const rows = historyOf([...entries, begin('plan-0004', '2025-01-04T10:00:00.000Z')]).entries;
    expect(rows.map((row) => [row.id, row.outcome, row.next])).toEqual([
      ['plan-0004', null, true],
      ['plan-0003', 'failed', false],
      ['plan-0002', 'rolled-back', false],
      ['plan-0001', 'applied', false],
    ]);
  });

  it('has no next once every apply is undone', () => {
    const entries = [end('plan-0001', '2025-01-01T10:00:01.000Z'), end('plan-0002', '2025-01-02T10:00:01.000Z', { action: 'rollback', undoes: 'plan-0001' })];
    expect(historyOf(entries).entries.some((row) => row.next)).toBe(false);
  });
});
