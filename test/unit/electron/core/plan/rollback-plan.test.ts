import { mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineSpec, RegistrySettings } from '../../../../../shared/engine';
import { sha256Hex } from '../../../../../electron/core/platform/sha256';
import type { JournalEntry } from '../../../../../electron/core/plan/journal';
import { planRollback } from '../../../../../electron/core/plan/rollback-plan';
import { english } from '../../../../harness/english';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { rejectionOf } from '../../../dockside-error';

const ORIGINAL = '{\n  "registry-mirrors": ["http://old.example:5000"],\n  "data-root": "/data/docker"\n}\n';
const UPDATED = '{\n  "registry-mirrors": ["http://nexus.example:8001"],\n  "data-root": "/data/docker"\n}\n';
const OLD: RegistrySettings = { mirrors: ['http://old.example:5000/'], insecureRegistries: [] };
const NEW: RegistrySettings = { mirrors: ['http://nexus.example:8001/'], insecureRegistries: [] };
const NONE: RegistrySettings = { mirrors: [], insecureRegistries: [] };
const systemd: EngineSpec = { kind: 'systemd' };

describe('planRollback', () => {
  let tmp: TempDir;
  let dir: string;
  let file: string;
  let backup: string;

  beforeEach(() => {
    tmp = makeTempDir('rollback-plan');
    dir = realpathSync(tmp.path);
    file = `${dir}/daemon.json`;
    backup = `${dir}/daemon.json.20240124-101500.bak`;
    // As Dockside left them: the new file, and the backup of the old one beside it.
    writeFileSync(file, UPDATED, { mode: 0o644 });
    writeFileSync(backup, ORIGINAL, { mode: 0o644 });
  });
  afterEach(() => tmp.remove());

  function applied(id: string, files: JournalEntry['files'], fields: Partial<JournalEntry> = {}): JournalEntry {
    return { id, at: '2024-01-24T02:15:00.000Z', phase: 'end', action: 'apply', outcome: 'applied', engine: systemd, files, ...fields };
  }
  const daemonJsonEntry = (fields: Partial<JournalEntry['files'][number]> = {}): JournalEntry['files'][number] => ({
    path: file,
    role: 'daemon-json',
    backup,
    beforeSha256: sha256Hex(ORIGINAL),
    afterSha256: sha256Hex(UPDATED),
    ...fields,
  });
  const input = (entries: JournalEntry[], fields: Partial<Parameters<typeof planRollback>[0]> = {}): Parameters<typeof planRollback>[0] => ({
    entries,
    id: 'plan-20240125-0001',
    engine: systemd,
    active: NEW,
    startup: NONE,
    restart: false,
    ...fields,
  });

  const rejection = rejectionOf;

  it('puts the backup\'s content back, reloads and verifies the old settings, as a rollback of that change', async () => {
    const entry = applied('plan-20240124-0001', [daemonJsonEntry()]);
    const rollback = await planRollback(input([entry]));

    expect(rollback.undoes).toEqual(entry);
    expect(rollback.warnings).toEqual([]);
    expect(rollback.plan).toMatchObject({ version: 1, id: 'plan-20240125-0001', action: 'rollback', undoes: 'plan-20240124-0001', engine: systemd });
    expect(english(rollback.plan.reason)).toContain(file);
    expect(rollback.plan.steps).toEqual([
      { type: 'write-file', role: 'daemon-json', path: file, content: ORIGINAL, mode: 0o644, beforeSha256: sha256Hex(UPDATED) },
      { type: 'reload-engine' },
      { type: 'verify', expected: OLD },
    ]);
    expect(rollback.diff).toContain('-  "registry-mirrors": ["http://nexus.example:8001"],');
    expect(rollback.diff).toContain('+  "registry-mirrors": ["http://old.example:5000"],');
  });

  it('removes a file the change created (no backup), restarting to the startup settings', async () => {
    const entry = applied('plan-20240124-0001', [daemonJsonEntry({ backup: null, beforeSha256: null })]);
    const rollback = await planRollback(input([entry], { startup: { mirrors: ['https://flag.example'], insecureRegistries: [] } }));
    expect(rollback.plan.steps).toEqual([
      { type: 'remove-file', role: 'daemon-json', path: file, beforeSha256: sha256Hex(UPDATED) },
      { type: 'restart-engine' },
      { type: 'verify', expected: { mirrors: ['https://flag.example/'], insecureRegistries: [] } },
    ]);
    expect(rollback.diff).toContain('+++ /dev/null');
  });

  it('restores several files, with the engine steps once after all of them', async () => {
    const caPath = `${dir}/certs.d/nexus.example:8443/ca.crt`;
    const entry = applied('plan-20240124-0001', [daemonJsonEntry(), { path: caPath, role: 'ca-cert', backup: null, beforeSha256: null, afterSha256: null }]);
    // The CA is not there any more (nothing to remove): only daemon.json is restored.
    const rollback = await planRollback(input([entry]));
    expect(rollback.plan.steps.map((step) => step.type)).toEqual(['write-file', 'reload-engine', 'verify']);

    const caBackup = `${dir}/ca.crt.20240124-101500.bak`;
    writeFileSync(caBackup, '-----BEGIN CERTIFICATE-----\nOLD\n-----END CERTIFICATE-----\n');
    const withCa = applied('plan-20240124-0001', [daemonJsonEntry(), { path: caPath, role: 'ca-cert', backup: caBackup, beforeSha256: 'c'.repeat(64), afterSha256: 'd'.repeat(64) }]);
    const both = await planRollback(input([withCa]));
    expect(both.plan.steps.map((step) => [step.type, 'path' in step ? step.path : ''])).toEqual([
      ['write-file', file],
      ['write-file', caPath],
      ['reload-engine', ''],
      ['verify', ''],
    ]);
    expect(both.plan.steps[1]).toMatchObject({ role: 'ca-cert', content: '-----BEGIN CERTIFICATE-----\nOLD\n-----END CERTIFICATE-----\n', beforeSha256: null });
  });

  it('puts back a removed CA as Docker keeps CAs (0644, whatever the 0600 backup has), and no engine step', async () => {
    const caPath = `${dir}/certs.d/reg.example:5000/ca.crt`;
    const caBackup = `${dir}/state/ca.crt.20240124-101500.bak`;
    const pem = '-----BEGIN CERTIFICATE-----\nOLD\n-----END CERTIFICATE-----\n';
    mkdirSync(`${dir}/state`);
    writeFileSync(caBackup, pem, { mode: 0o600 });
    const entry = applied('plan-20240124-0001', [{ path: caPath, role: 'ca-cert', backup: caBackup, beforeSha256: sha256Hex(pem), afterSha256: null }]);
    const rollback = await planRollback(input([entry]));
    expect(rollback.plan.steps).toEqual([{ type: 'write-file', role: 'ca-cert', path: caPath, content: pem, mode: 0o644, beforeSha256: null }]);
  });

  it('undoes the newest change not undone yet', async () => {
    const first = applied('plan-20240124-0001', [daemonJsonEntry()]);
    const second = applied('plan-20240124-0002', [daemonJsonEntry()], { at: '2024-01-24T03:00:00.000Z' });
    const undone = applied('plan-20240124-0003', [daemonJsonEntry()], { action: 'rollback', undoes: 'plan-20240124-0002' });
    expect((await planRollback(input([first, second, undone]))).plan.undoes).toBe('plan-20240124-0001');
  });

  it('throws nothing-to-undo when the journal holds no applied change that is not undone', async () => {
    expect((await rejection(planRollback(input([])))).code).toBe('nothing-to-undo');
    const rolledBack = applied('plan-20240124-0001', [daemonJsonEntry()], { outcome: 'rolled-back' });
    const begin: JournalEntry = { id: 'plan-20240124-0002', at: '2024-01-24T02:15:00.000Z', phase: 'begin', action: 'apply', engine: systemd, files: [daemonJsonEntry()] };
    const beginEnded = applied('plan-20240124-0002', [daemonJsonEntry()], { outcome: 'failed' });
    const entry = applied('plan-20240124-0003', [daemonJsonEntry()]);
    const undone = applied('plan-20240124-0004', [daemonJsonEntry()], { action: 'rollback', undoes: 'plan-20240124-0003' });
    expect((await rejection(planRollback(input([rolledBack, begin, beginEnded, entry, undone])))).code).toBe('nothing-to-undo');
  });

  it('rolls back a change that began and never ended, from the backup its begin entry names', async () => {
    const begin: JournalEntry = { id: 'plan-20240124-0002', at: '2024-01-24T02:15:00.000Z', phase: 'begin', action: 'apply', engine: systemd, files: [daemonJsonEntry()] };
    const rollback = await planRollback(input([applied('plan-20240124-0001', [daemonJsonEntry()]), begin]));
    expect(rollback.undoes).toEqual(begin);
    expect(rollback.warnings).toEqual([]);
    expect(rollback.plan.steps[0]).toEqual({ type: 'write-file', role: 'daemon-json', path: file, content: ORIGINAL, mode: 0o644, beforeSha256: sha256Hex(UPDATED) });
  });

  it('throws nothing-to-undo when the files are already as before the change and the engine agrees', async () => {
    writeFileSync(file, ORIGINAL);
    const error = await rejection(planRollback(input([applied('plan-20240124-0001', [daemonJsonEntry()])], { active: OLD })));
    expect(error.code).toBe('nothing-to-undo');
  });

  it('warns when the file was changed after Dockside wrote it, and plans against the file as it is now', async () => {
    const edited = UPDATED.replace('/data/docker', '/srv/docker');
    writeFileSync(file, edited);
    const rollback = await planRollback(input([applied('plan-20240124-0001', [daemonJsonEntry()])]));
    expect(rollback.warnings).toHaveLength(1);
    const [warning = ''] = rollback.warnings.map(english);
    expect(warning).toContain(file);
    expect(warning).toContain('changed');
    expect(rollback.plan.steps[0]).toMatchObject({ type: 'write-file', content: ORIGINAL, beforeSha256: sha256Hex(edited) });
  });

  it('throws backup-missing when the backup is gone, naming it', async () => {
    rmSync(backup);
    const error = await rejection(planRollback(input([applied('plan-20240124-0001', [daemonJsonEntry()])])));
    expect(error.code).toBe('backup-missing');
    expect(english(error)).toContain(backup);
  });
});
