import { chmodSync, chownSync, existsSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupPathFor, DEFAULT_KEEP_BACKUPS, keepBackupsFrom, pruneBackups, saveBackup } from '../../../../../electron/core/plan/backup';
import type { JournalEntry } from '../../../../../electron/core/plan/journal';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';

describe('backupPathFor', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('names the backup like `date +%Y%m%d-%H%M%S`, in local time', () => {
    process.env.TZ = 'Asia/Shanghai';
    expect(backupPathFor('/etc/docker/daemon.json', new Date('2024-01-24T02:15:00Z'), () => false)).toBe('/etc/docker/daemon.json.20240124-101500.bak');
    process.env.TZ = 'America/New_York';
    expect(backupPathFor('/etc/docker/daemon.json', new Date('2024-01-24T02:15:09Z'), () => false)).toBe('/etc/docker/daemon.json.20240123-211509.bak');
  });

  it('adds -2, -3, ... when the name is taken', () => {
    const now = new Date(2024, 0, 24, 10, 15, 0);
    const taken = new Set(['/etc/docker/daemon.json.20240124-101500.bak', '/etc/docker/daemon.json.20240124-101500-2.bak']);
    expect(backupPathFor('/etc/docker/daemon.json', now, (candidate) => taken.has(candidate))).toBe('/etc/docker/daemon.json.20240124-101500-3.bak');
  });

  it('gives up instead of spinning when every name is taken', () => {
    expect(() => backupPathFor('/etc/docker/daemon.json', new Date(), () => true)).toThrow(expect.objectContaining({ code: 'backup-name-taken' }));
  });
});

describe('saveBackup', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = makeTempDir('backup');
  });
  afterEach(() => tmp.remove());
  const now = new Date(2024, 0, 24, 10, 15, 0);

  it('copies the file beside itself with the same bytes and owner, readable by its owner only (0600: daemon.json can hold proxy credentials)', async () => {
    const path = tmp.join('daemon.json');
    writeFileSync(path, '{ "data-root": "/data/docker" }\n');
    chmodSync(path, 0o640);
    if (process.getuid?.() === 0) chownSync(path, 1234, 2345);
    const backup = await saveBackup(path, now);
    expect(backup).toBe(tmp.join('daemon.json.20240124-101500.bak'));
    if (backup === null) return;
    expect(readFileSync(backup)).toEqual(readFileSync(path));
    const [original, copy] = [statSync(path), statSync(backup)];
    expect({ mode: copy.mode & 0o7777, uid: copy.uid, gid: copy.gid }).toEqual({ mode: 0o600, uid: original.uid, gid: original.gid });
  });

  it('never overwrites an earlier backup of the same second', async () => {
    const path = tmp.join('daemon.json');
    writeFileSync(path, 'first');
    const first = await saveBackup(path, now);
    writeFileSync(path, 'second');
    const second = await saveBackup(path, now);
    expect(second).toBe(tmp.join('daemon.json.20240124-101500-2.bak'));
    expect(readFileSync(first ?? '', 'utf8')).toBe('first');
    expect(readFileSync(second ?? '', 'utf8')).toBe('second');
  });

  it('returns null when there is nothing to back up', async () => {
    expect(await saveBackup(tmp.join('daemon.json'), now)).toBeNull();
    expect(readdirSync(tmp.path)).toEqual([]);
  });

  it('refuses a symlink and a relative path', async () => {
    writeFileSync(tmp.join('shadow'), 'secret');
    symlinkSync(tmp.join('shadow'), tmp.join('daemon.json'));
    await expect(saveBackup(tmp.join('daemon.json'), now)).rejects.toMatchObject({ code: 'unsafe-path' });
    await expect(saveBackup('daemon.json', now)).rejects.toMatchObject({ code: 'unsafe-path' });
    expect(readdirSync(tmp.path).sort()).toEqual(['daemon.json', 'shadow']);
  });
});

describe('pruneBackups', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = makeTempDir('prune-backups');
  });
  afterEach(() => tmp.remove());

  const entryWith = (id: string, path: string, backup: string | null): JournalEntry => ({
    id,
    at: '2024-01-24T02:15:00.000Z',
    phase: 'end',
    action: 'apply',
    outcome: 'applied',
    engine: { kind: 'systemd' },
    files: [{ path, role: 'daemon-json', backup, beforeSha256: null, afterSha256: null }],
  });

  it('keeps the newest `keep` backups of each file the journal names, the protected ones, and an administrator\'s own', async () => {
    const daemonJson = tmp.join('daemon.json');
    const backups = Array.from({ length: 5 }, (_, i) => tmp.join(`daemon.json.20240124-10150${i}.bak`));
    for (const backup of backups) writeFileSync(backup, 'x');
    const admins = tmp.join('daemon.json.20200101-000000.bak');
    writeFileSync(admins, 'admin');
    const entries = backups.map((backup, i) => entryWith(`plan-${i}`, daemonJson, backup));

    const removed = await pruneBackups([...entries, entries[4] as JournalEntry], 2, new Set([backups[1] as string]));
    expect(removed).toEqual([backups[0], backups[2]]);
    expect(backups.map((backup) => existsSync(backup))).toEqual([false, true, false, true, true]);
    expect(existsSync(admins)).toBe(true);
    // Already gone is not an error.
    expect(await pruneBackups(entries, 2, new Set())).toEqual([backups[1]]);
  });

  it('reads the count from the environment only when it is a whole number from 1 to 1000', () => {
    expect(keepBackupsFrom(undefined)).toBe(DEFAULT_KEEP_BACKUPS);
    expect(keepBackupsFrom('3')).toBe(3);
    for (const bad of ['0', '-1', '2.5', 'ten', '1001', '']) expect(keepBackupsFrom(bad)).toBe(DEFAULT_KEEP_BACKUPS);
  });
});
