import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resolveMachine } from '../../../../../electron/core/machine';
import { chooseElevator } from '../../../../../electron/core/plan/choose-elevator';
import { directElevator } from '../../../../../electron/core/plan/elevator';
import { dispatch } from '../../../../../electron/main/handlers/dispatch';
import { createHandlers, type HandlerDeps } from '../../../../../electron/main/handlers/index';
import { lazyMachine } from '../../../../../electron/main/handlers/machine';
import { createPendingLink } from '../../../../../electron/main/pending-link';
import { AppliedChangeSchema } from '../../../../../shared/setup';

/**
 * change:plan then change:apply on a temp daemon.json with no engine, the privileged entry run
 * from source (node --import tsx) through the direct elevator, with a state dir of its own.
 */
describe('change:plan and change:apply', () => {
  let dir: string;
  let deps: HandlerDeps;
  const progress: string[] = [];
  let ids = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dockside-ipc-change-'));
    vi.stubEnv('DOCKSIDE_STATE_DIR', join(dir, 'state'));
    const runtime = join(dir, 'node-tsx');
    await writeFile(runtime, `#!/bin/sh\nexec '${process.execPath}' --import tsx "$@"\n`);
    await chmod(runtime, 0o755);
    await writeFile(join(dir, 'daemon.json'), '{\n  "debug": false\n}\n');
    const env = { ...process.env, DOCKER_HOST: `unix://${join(dir, 'no-docker.sock')}` };
    deps = {
      app: { name: 'Dockside', version: '0.0.0', platform: 'linux', arch: 'x64' },
      machine: lazyMachine(() =>
        resolveMachine({ engine: 'none', daemonJson: join(dir, 'daemon.json'), certsDir: join(dir, 'certs.d'), dockerConfig: join(dir, 'docker') }, env),
      ),
      catalogPath: '',
      emit: (name, payload) => {
        if (name === 'change:progress' && 'message' in payload) progress.push(payload.message);
      },
      change: {
        privileged: { runtime, script: resolve('electron/privileged/index.ts') },
        elevatorFor: (plan) => chooseElevator(plan, { direct: directElevator, prompt: null }),
        newId: () => `plan-${String((ids += 1)).padStart(4, '0')}`,
      },
      profileLink: createPendingLink(),
    };
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses an unknown planId', async () => {
    const result = await dispatch(createHandlers(deps), 'change:apply', { planId: 'never-planned' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-plan' } });
  });

  it('plans mirrors-use as a diff, applies it once, and writes daemon.json', async () => {
    const handlers = createHandlers(deps);
    const planned = await dispatch(handlers, 'change:plan', { kind: 'mirrors-use', urls: ['https://mirror.example'] });
    expect(planned.ok, JSON.stringify(planned)).toBe(true);
    if (!planned.ok) return;
    expect(planned.value.planId).toBe(`plan-${String(ids).padStart(4, '0')}`);
    expect(planned.value.diff).toContain('+  "registry-mirrors": [');
    expect(planned.value.steps.length).toBeGreaterThan(0);
    expect(Object.keys(planned.value).sort()).toEqual(['changes', 'diff', 'planId', 'reason', 'steps', 'warnings']);
    // No engine here, so nothing to reload or verify: the one item is the file.
    expect(planned.value.changes).toEqual([{ kind: 'file', path: join(dir, 'daemon.json'), role: 'daemon-json', action: 'modify', elevated: true }]);

    const applied = await dispatch(handlers, 'change:apply', { planId: planned.value.planId ?? '' });
    expect(applied.ok, JSON.stringify(applied)).toBe(true);
    if (!applied.ok) return;
    expect(AppliedChangeSchema.parse(applied.value)).toMatchObject({ outcome: 'applied', planId: planned.value.planId, logins: [] });
    expect(JSON.parse(await readFile(join(dir, 'daemon.json'), 'utf8'))).toEqual({ debug: false, 'registry-mirrors': ['https://mirror.example/'] });
    expect(progress.length).toBeGreaterThan(0);

    const again = await dispatch(handlers, 'change:apply', { planId: planned.value.planId ?? '' });
    expect(again).toMatchObject({ ok: false, error: { code: 'unknown-plan' } });
  });

  it('answers a null planId when there is nothing to do', async () => {
    const planned = await dispatch(createHandlers(deps), 'change:plan', { kind: 'mirrors-use', urls: ['https://mirror.example'] });
    expect(planned).toMatchObject({ ok: true, value: { planId: null, diff: '', steps: [] } });
  });
});
