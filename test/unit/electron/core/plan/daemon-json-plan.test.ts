import { describe, expect, it } from 'vitest';
import type { EngineSpec, RegistrySettings } from '../../../../../shared/engine';
import type { Plan } from '../../../../../shared/plan';
import { type DaemonJsonPlanInput, planDaemonJsonChange } from '../../../../../electron/core/plan/daemon-json-plan';
import { describeSteps } from '../../../../../electron/core/plan/describe-steps';
import { sha256Hex } from '../../../../../electron/core/platform/sha256';
import { chinese, english } from '../../../../harness/english';

const PATH = '/etc/docker/daemon.json';
const systemd: EngineSpec = { kind: 'systemd' };
const none: RegistrySettings = { mirrors: [], insecureRegistries: [] };

/** A daemon.json as an administrator keeps it: other keys Dockside must not touch. */
const BEFORE = '{\n  "data-root": "/data/docker",\n  "log-driver": "journald"\n}\n';
const WITH_MIRROR = '{\n  "data-root": "/data/docker",\n  "log-driver": "journald",\n  "registry-mirrors": ["http://nexus.example:8001"]\n}\n';

function input(fields: Partial<DaemonJsonPlanInput> & { before?: string | null; after?: string | null; mode?: number | null }): DaemonJsonPlanInput {
  const { before = BEFORE, after = WITH_MIRROR, mode = 0o640, ...rest } = fields;
  return {
    id: 'plan-20240124-0001',
    action: 'apply',
    change: {
      path: PATH,
      before: before === null ? { text: '', sha256: null, mode: null } : { text: before, sha256: sha256Hex(before), mode },
      after,
    },
    engine: systemd,
    active: none,
    startup: none,
    restart: false,
    ...rest,
  };
}

const stepTypes = (plan: Plan | null): string[] => plan?.steps.map((step) => step.type) ?? [];

describe('planDaemonJsonChange', () => {
  it('adds mirrors to a file with other keys: write (keeping the mode), reload, verify the normalised mirrors', () => {
    const planned = planDaemonJsonChange(input({}));
    expect(planned.plan).not.toBeNull();
    const plan = planned.plan as Plan;
    expect(plan).toMatchObject({ version: 1, id: 'plan-20240124-0001', action: 'apply', engine: systemd });
    expect(english(plan.reason)).toContain(PATH);
    expect(chinese(plan.reason)).toContain(PATH);
    expect(plan.steps).toEqual([
      { type: 'write-file', role: 'daemon-json', path: PATH, content: WITH_MIRROR, mode: 0o640, beforeSha256: sha256Hex(BEFORE) },
      { type: 'reload-engine' },
      { type: 'verify', expected: { mirrors: ['http://nexus.example:8001/'], insecureRegistries: [] } },
    ]);
    expect(planned.expected).toEqual({ mirrors: ['http://nexus.example:8001/'], insecureRegistries: [] });
    expect(planned.diff).toContain(`--- ${PATH}\n+++ ${PATH}\n`);
    expect(planned.diff).toContain('+  "registry-mirrors": ["http://nexus.example:8001"]');
    expect(planned.diff).not.toContain('-  "data-root"');
  });

  it('restarts instead of reloading when asked to (--restart)', () => {
    expect(stepTypes(planDaemonJsonChange(input({ restart: true })).plan)).toEqual(['write-file', 'restart-engine', 'verify']);
  });

  it('restarts when another key changes: dockerd re-reads only the registry keys on SIGHUP', () => {
    const after = WITH_MIRROR.replace('journald', 'json-file');
    expect(stepTypes(planDaemonJsonChange(input({ after })).plan)).toEqual(['write-file', 'restart-engine', 'verify']);
  });

  it('restarts when the mirrors key is removed (a reload keeps old values) and expects the startup flags, not the running mirrors', () => {
    const planned = planDaemonJsonChange(
      input({
        before: WITH_MIRROR,
        after: BEFORE,
        active: { mirrors: ['http://nexus.example:8001/'], insecureRegistries: [] },
        startup: { mirrors: ['https://flag-mirror.example'], insecureRegistries: ['flag.example:5000'] },
      }),
    );
    expect(stepTypes(planned.plan)).toEqual(['write-file', 'restart-engine', 'verify']);
    expect(planned.expected).toEqual({ mirrors: ['https://flag-mirror.example/'], insecureRegistries: ['flag.example:5000'] });
    expect(planned.plan?.steps.at(-1)).toEqual({ type: 'verify', expected: planned.expected });
  });

  it('on a reload, a key the file lacks keeps the running value: expected insecure registries are the active ones', () => {
    const planned = planDaemonJsonChange(
      input({
        active: { mirrors: [], insecureRegistries: ['legacy.example:5000', '10.0.0.0/8'] },
        startup: { mirrors: [], insecureRegistries: ['flag.example:5000'] },
      }),
    );
    expect(stepTypes(planned.plan)).toEqual(['write-file', 'reload-engine', 'verify']);
    expect(planned.expected).toEqual({ mirrors: ['http://nexus.example:8001/'], insecureRegistries: ['legacy.example:5000', '10.0.0.0/8'] });
  });

  it('normalises insecure entries the way dockerd does (scheme stripped, no trailing slash)', () => {
    const after = '{\n  "registry-mirrors": ["http://nexus.example:8001/"],\n  "insecure-registries": ["http://nexus.example:8001", "10.1.2.3/8"]\n}\n';
    expect(planDaemonJsonChange(input({ after })).expected).toEqual({ mirrors: ['http://nexus.example:8001/'], insecureRegistries: ['nexus.example:8001', '10.1.2.3/8'] });
  });

  it('plans nothing when the text is unchanged and the engine already runs with it', () => {
    const planned = planDaemonJsonChange(input({ before: WITH_MIRROR, after: WITH_MIRROR, active: { mirrors: ['http://nexus.example:8001/'], insecureRegistries: [] } }));
    expect(planned.plan).toBeNull();
    expect(planned.diff).toBe('');
    expect(planned.expected).toEqual({ mirrors: ['http://nexus.example:8001/'], insecureRegistries: [] });
  });

  it('only reloads and verifies when the text is unchanged but the engine runs with something else', () => {
    const planned = planDaemonJsonChange(input({ before: WITH_MIRROR, after: WITH_MIRROR, active: { mirrors: ['http://old.example/'], insecureRegistries: [] } }));
    expect(planned.plan?.steps).toEqual([{ type: 'reload-engine' }, { type: 'verify', expected: { mirrors: ['http://nexus.example:8001/'], insecureRegistries: [] } }]);
    expect(planned.diff).toBe('');
    expect(english((planned.plan as Plan).reason)).toContain('reload');
  });

  it('only writes the file when no engine runs (Docker reads it when it starts)', () => {
    expect(stepTypes(planDaemonJsonChange(input({ engine: { kind: 'none' } })).plan)).toEqual(['write-file']);
    expect(stepTypes(planDaemonJsonChange(input({ active: null })).plan)).toEqual(['write-file']);
  });

  it('creates a new file with mode 0644, planned against "no file" and shown as a diff from /dev/null', () => {
    const after = '{\n  "registry-mirrors": ["http://nexus.example:8001"]\n}\n';
    const planned = planDaemonJsonChange(input({ before: null, after }));
    expect(planned.plan?.steps[0]).toEqual({ type: 'write-file', role: 'daemon-json', path: PATH, content: after, mode: 0o644, beforeSha256: null });
    expect(stepTypes(planned.plan)).toEqual(['write-file', 'reload-engine', 'verify']);
    expect(planned.diff.startsWith(`--- /dev/null\n+++ ${PATH}\n`)).toBe(true);
    expect(planned.diff).toContain('+  "registry-mirrors": ["http://nexus.example:8001"]');
  });

  it('removes a file (a rollback to "there was no daemon.json"), which needs a restart', () => {
    const planned = planDaemonJsonChange(input({ before: WITH_MIRROR, after: null, action: 'rollback', undoes: 'plan-20240124-0000', active: { mirrors: ['http://nexus.example:8001/'], insecureRegistries: [] } }));
    expect(planned.plan?.steps[0]).toEqual({ type: 'remove-file', role: 'daemon-json', path: PATH, beforeSha256: sha256Hex(WITH_MIRROR) });
    expect(stepTypes(planned.plan)).toEqual(['remove-file', 'restart-engine', 'verify']);
    expect(planned.plan).toMatchObject({ action: 'rollback', undoes: 'plan-20240124-0000' });
    expect(planned.diff.startsWith(`--- ${PATH}\n+++ /dev/null\n`)).toBe(true);
  });

  it('names a restart, not a reload, in the reason shown before the administrator prompt when the plan restarts', () => {
    // A restart stops containers without a restart policy; the prompt must not promise a reload.
    for (const fields of [{ restart: true }, { after: WITH_MIRROR.replace('journald', 'json-file') }, { before: WITH_MIRROR, after: WITH_MIRROR, restart: true }]) {
      const plan = planDaemonJsonChange(input(fields)).plan as Plan;
      expect(stepTypes(plan)).toContain('restart-engine');
      expect(english(plan.reason)).toContain('restart');
      expect(english(plan.reason)).not.toContain('reload');
    }
  });
});

describe('describeSteps', () => {
  it('gives one sentence per step, naming the file, the engine action and the expected settings', () => {
    const after = WITH_MIRROR.replace('\n}\n', ',\n  "insecure-registries": ["nexus.example:8002"]\n}\n');
    const plan = planDaemonJsonChange(input({ after })).plan as Plan;
    const sentences = describeSteps(plan).map(english);
    expect(sentences).toHaveLength(plan.steps.length);
    expect(sentences[0]).toContain(`write ${PATH}`);
    expect(sentences[0]).toContain('backup');
    expect(sentences[1]).toContain('reload');
    expect(sentences[1]).toContain('keep running');
    expect(sentences[2]).toContain('http://nexus.example:8001/');
    expect(sentences[2]).toContain('nexus.example:8002');
  });

  it('warns that a restart stops containers, and names a removed file', () => {
    const restart = planDaemonJsonChange(input({ restart: true })).plan as Plan;
    expect(describeSteps(restart).map(english)[1]).toContain('containers stop');
    const removal = planDaemonJsonChange(input({ before: WITH_MIRROR, after: null })).plan as Plan;
    expect(describeSteps(removal).map(english)[0]).toContain(`remove ${PATH}`);
  });
});
