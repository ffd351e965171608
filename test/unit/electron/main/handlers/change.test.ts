import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { english } from '../../../../harness/english';
import { resolveMachine } from '../../../../../electron/core/machine';
import { chooseElevator } from '../../../../../electron/core/plan/choose-elevator';
import { directElevator, type Elevator } from '../../../../../electron/core/plan/elevator';
import type { ChangeConfirmation } from '../../../../../electron/main/handlers/confirm-change';
import { dispatch } from '../../../../../electron/main/handlers/dispatch';
import { createHandlers } from '../../../../../electron/main/handlers/index';
import type { HandlerDeps } from '../../../../../electron/main/handlers/types';
import { lazyMachine } from '../../../../../electron/main/handlers/machine';
import { createPendingLink } from '../../../../../electron/main/pending-link';
import { AppliedChangeSchema } from '../../../../../shared/setup';

/**
 * change:plan then change:apply on a temp daemon.json with no engine, the privileged entry run
 * from source (node --import tsx) through the direct elevator, with a state dir of its own.
 * `confirm` plays the user at main's native dialog: it records each question and gives `answer`.
 */
describe('change:plan and change:apply', () => {
  let dir: string;
  let deps: HandlerDeps;
  const progress: string[] = [];
  let ids = 0;
  /** What main asked, and what the user answers next. */
  const asked: ChangeConfirmation[] = [];
  let answer: boolean | Error = true;
  /** Every elevation and every machine lookup (a sign-in needs the machine's credentials) since the test began. */
  let elevations = 0;
  let machineCalls = 0;
  const counting = (elevator: Elevator): Elevator => ({
    ...elevator,
    run: (...args) => {
      elevations += 1;
      return elevator.run(...args);
    },
  });

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
      machine: (() => {
        const machine = lazyMachine(() =>
          resolveMachine({ engine: 'none', daemonJson: join(dir, 'daemon.json'), certsDir: join(dir, 'certs.d'), dockerConfig: join(dir, 'docker') }, env),
        );
        return () => {
          machineCalls += 1;
          return machine();
        };
      })(),
      catalogPath: '',
      emit: (name, payload) => {
        if (name === 'change:progress' && 'message' in payload) progress.push(english(payload.message));
      },
      change: {
        privileged: { runtime, script: resolve('electron/privileged/index.ts') },
        elevatorFor: (plan) => counting(chooseElevator(plan, { direct: directElevator, prompt: null })),
        newId: () => `plan-${String((ids += 1)).padStart(4, '0')}`,
        confirm: async (confirmation) => {
          asked.push(confirmation);
          if (answer instanceof Error) throw answer;
          return answer;
        },
        systemLanguages: () => ['en-US'],
      },
      profileLink: createPendingLink(),
      userCommands: () => {
        throw new Error('this test reads no PATH');
      },
    };
  });

  beforeEach(() => {
    asked.length = 0;
    answer = true;
    elevations = 0;
    machineCalls = 0;
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses an unknown planId, without asking', async () => {
    const result = await dispatch(createHandlers(deps), 'change:apply', { planId: 'never-planned' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-plan' } });
    expect(asked).toEqual([]);
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
    expect(asked).toHaveLength(1);
    expect(elevations).toBe(1);
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

  describe('main asks before it applies (issue 17, Done-when 3)', () => {
    const daemonJson = (): string => join(dir, 'daemon.json');

    it('refuses change:apply the user did not confirm: nothing signs in, nothing is elevated, the file stays, the change stays appliable', async () => {
      const before = await readFile(daemonJson(), 'utf8');
      const handlers = createHandlers(deps);
      const planned = await dispatch(handlers, 'change:plan', { kind: 'mirrors-use', urls: ['https://declined.example'] });
      if (!planned.ok || planned.value.planId === null) throw new Error(JSON.stringify(planned));
      const planId = planned.value.planId;
      const machineCallsAfterPlan = machineCalls;

      answer = false;
      const declined = await dispatch(handlers, 'change:apply', { planId });
      expect(declined).toMatchObject({ ok: false, error: { code: 'apply-declined', key: 'plan.error.apply-declined' } });
      expect(declined.ok ? '' : english(declined.error)).toContain('nothing was changed');
      expect(asked).toHaveLength(1);
      expect(elevations).toBe(0);
      // A sign-in needs the machine's credentials: apply did not even look them up.
      expect(machineCalls).toBe(machineCallsAfterPlan);
      expect(await readFile(daemonJson(), 'utf8')).toBe(before);
      expect(progress).not.toContain(expect.stringContaining('declined.example'));

      // The same change, kept by main, applies once the user says yes.
      answer = true;
      const applied = await dispatch(handlers, 'change:apply', { planId });
      expect(applied, JSON.stringify(applied)).toMatchObject({ ok: true, value: { outcome: 'applied', planId } });
      expect(asked).toHaveLength(2);
      expect(elevations).toBe(1);
      expect(JSON.parse(await readFile(daemonJson(), 'utf8'))).toMatchObject({ 'registry-mirrors': ['https://declined.example/'] });
    });

    it('words the question itself from the change it planned: the daemon.json path and the mirrors, in the language asked for', async () => {
      const handlers = createHandlers(deps);
      const planned = await dispatch(handlers, 'change:plan', { kind: 'mirrors-use', urls: ['https://asked.example'] });
      if (!planned.ok || planned.value.planId === null) throw new Error(JSON.stringify(planned));
      answer = false;
      // The renderer sends only the id (and a language): the words cannot be its own.
      await dispatch(handlers, 'change:apply', { planId: planned.value.planId });
      await dispatch(handlers, 'change:apply', { planId: planned.value.planId, language: 'zh-CN' });

      const [inEnglish, inChinese] = asked;
      expect(inEnglish).toMatchObject({ language: 'en', apply: 'Apply', cancel: 'Cancel' });
      expect(inEnglish?.detail).toContain(`Change Docker’s daemon.json: ${daemonJson()} (as administrator)`);
      // Engine `none`: no reload and no verification, so the mirror shows in the lines daemon.json changes.
      expect(inEnglish?.detail).toContain('    +    "https://asked.example/"');
      expect(inEnglish?.detail).toContain('administrator password');
      expect(inChinese).toMatchObject({ language: 'zh-CN', apply: '应用', cancel: '取消' });
      expect(inChinese?.detail).toContain(`修改 Docker 的 daemon.json：${daemonJson()}`);
      expect(inChinese?.detail).toContain('管理员密码');
      expect(elevations).toBe(0);
    });

    it('takes the OS language when the renderer names none', async () => {
      const handlers = createHandlers({ ...deps, change: { ...deps.change, systemLanguages: () => ['zh-Hans-CN', 'en-US'] } });
      const planned = await dispatch(handlers, 'change:plan', { kind: 'mirrors-use', urls: ['https://os-language.example'] });
      if (!planned.ok || planned.value.planId === null) throw new Error(JSON.stringify(planned));
      answer = false;
      await dispatch(handlers, 'change:apply', { planId: planned.value.planId });
      expect(asked.map((confirmation) => confirmation.language)).toEqual(['zh-CN']);
    });

    it('keeps the change when the question itself fails, and runs nothing', async () => {
      const handlers = createHandlers(deps);
      const planned = await dispatch(handlers, 'change:plan', { kind: 'mirrors-use', urls: ['https://no-dialog.example'] });
      if (!planned.ok || planned.value.planId === null) throw new Error(JSON.stringify(planned));
      answer = new Error('no window to ask in');
      expect(await dispatch(handlers, 'change:apply', { planId: planned.value.planId })).toMatchObject({ ok: false, error: { code: 'internal', params: { detail: 'no window to ask in' } } });
      expect(elevations).toBe(0);
      answer = false;
      expect(await dispatch(handlers, 'change:apply', { planId: planned.value.planId })).toMatchObject({ ok: false, error: { code: 'apply-declined' } });
    });
  });
  describe('a public registry is weakened only with the user’s allowPublicRegistry (issue 17 item 7)', () => {
    const daemonJson = (): string => join(dir, 'daemon.json');

    it('refuses trust-add of ghcr.io before connecting, and plans nothing; allowed, the same request goes on to the registry (unreachable here)', async () => {
      const handlers = createHandlers(deps);
      const refused = await dispatch(handlers, 'change:plan', { kind: 'trust-add', registry: 'ghcr.io' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'public-registry' } });
      if (!refused.ok) expect(english(refused.error)).toContain('ghcr.io is a public registry');
      if (refused.ok) return;
      expect(english(refused.error)).toContain('--allow-public-registry');
      // The id it would have had was never kept: there is nothing to apply.
      expect(await dispatch(handlers, 'change:apply', { planId: `plan-${String(ids).padStart(4, '0')}` })).toMatchObject({ ok: false, error: { code: 'unknown-plan' } });

      // With the user's allowance main reads the registry's certificate, which it cannot reach offline: the refusal above came first.
      const allowed = await dispatch(handlers, 'change:plan', { kind: 'trust-add', registry: 'ghcr.io', allowPublicRegistry: true });
      expect(allowed.ok).toBe(false);
      if (allowed.ok) return;
      expect(allowed.error.code).not.toBe('public-registry');
      expect(allowed.error.code).toBe('host-not-found');
      expect(asked).toEqual([]);
      expect(elevations).toBe(0);
    });

    it('refuses mirrors-use of an http:// Docker Hub mirror marked insecure; allowed, it plans, asks, and the elevated process writes it', async () => {
      const before = await readFile(daemonJson(), 'utf8');
      const handlers = createHandlers(deps);
      const request = { kind: 'mirrors-use', urls: ['http://registry-1.docker.io'], insecure: true } as const;
      const refused = await dispatch(handlers, 'change:plan', request);
      expect(refused).toMatchObject({ ok: false, error: { code: 'public-registry' } });
      if (!refused.ok) expect(english(refused.error)).toContain('registry-1.docker.io is a public registry');
      expect(await readFile(daemonJson(), 'utf8')).toBe(before);

      const planned = await dispatch(handlers, 'change:plan', { ...request, allowPublicRegistry: true });
      if (!planned.ok || planned.value.planId === null) throw new Error(JSON.stringify(planned));
      expect(planned.value.diff).toContain('"insecure-registries"');
      expect(planned.value.diff).toContain('"registry-1.docker.io"');
      // Still only after main's own confirmation: the allowance is not an answer to it.
      answer = false;
      expect(await dispatch(handlers, 'change:apply', { planId: planned.value.planId })).toMatchObject({ ok: false, error: { code: 'apply-declined' } });
      expect(elevations).toBe(0);
      expect(await readFile(daemonJson(), 'utf8')).toBe(before);
      answer = true;
      const applied = await dispatch(handlers, 'change:apply', { planId: planned.value.planId });
      expect(applied, JSON.stringify(applied)).toMatchObject({ ok: true, value: { outcome: 'applied' } });
      expect(asked).toHaveLength(2);
      expect(elevations).toBe(1);
      expect(JSON.parse(await readFile(daemonJson(), 'utf8'))).toMatchObject({ 'registry-mirrors': ['http://registry-1.docker.io/'], 'insecure-registries': ['registry-1.docker.io'] });
    });

    it('never lets a setup weaken one: a setup marking quay.io insecure is refused with public-registry', async () => {
      const before = await readFile(daemonJson(), 'utf8');
      const refused = await dispatch(createHandlers(deps), 'change:plan', { kind: 'setup', registries: [{ registry: 'quay.io', insecure: true }] });
      expect(refused).toMatchObject({ ok: false, error: { code: 'public-registry' } });
      if (!refused.ok) expect(english(refused.error)).toContain('quay.io is a public registry');
      expect(await readFile(daemonJson(), 'utf8')).toBe(before);
    });
  });
});
