import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeJsonSchema, ErrorJsonSchema } from '../../shared/cli';
import type { WriteFileStep } from '../../shared/plan';
import { planMirrorsChange } from '../../electron/core/change/mirrors';
import { resolveMachine } from '../../electron/core/machine';
import { encodeRequest } from '../../electron/core/plan/privileged-request';
import { createCleanups } from '../harness/cleanup';
import { type Dockerd, startDockerd } from '../harness/dockerd';
import { dockside, PRIVILEGED_PATH } from '../harness/dockside';
import { run } from '../harness/run';
import { makeTempDir, type TempDir } from '../harness/tmp';

// The preview and what the privileged process writes, and two changes at once, against a real
// isolated dockerd (engine pidfile:PATH, its own daemon.json): issue 17's Done-when 2.

const cleanups = createCleanups();
let dir: TempDir;
let dockerd: Dockerd;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = makeTempDir('change-boundary');
  cleanups.add(() => dir.remove());
  dockerd = cleanups.track(await startDockerd({ daemonJson: '{\n  "log-level": "warn",\n  "registry-mirrors": ["http://first.example:5000/"]\n}\n' }));
  env = { ...dockerd.env, DOCKSIDE_ENGINE: `pidfile:${dockerd.pidfile}`, DOCKSIDE_DAEMON_JSON: dockerd.configFile, DOCKSIDE_STATE_DIR: dir.join('state') };
});

afterAll(() => cleanups.run());

const registryMirrors = async (): Promise<string[]> => ((await dockerd.info()).RegistryConfig.Mirrors ?? []).map(String);
const fileMirrors = (): unknown => (JSON.parse(readFileSync(dockerd.configFile, 'utf8')) as Record<string, unknown>)['registry-mirrors'];

describe('the preview is what root writes', () => {
  it('the daemon.json the privileged process writes is byte for byte the one the preview showed', async () => {
    const machine = await resolveMachine({}, env);
    const preview = await planMirrorsChange(machine, { urls: ['http://preview.example:5000'], insecure: true, restart: false, id: 'preview-0001' });
    const shown = preview.plan?.steps.find((step): step is WriteFileStep => step.type === 'write-file')?.content;
    expect(shown).toContain('http://preview.example:5000/');
    const applied = await run(process.execPath, [PRIVILEGED_PATH, encodeRequest(preview.request ?? fail())], { env, timeoutMs: 120_000 });
    expect(applied.code, applied.stdout).toBe(0);
    expect(readFileSync(dockerd.configFile, 'utf8')).toBe(shown);
    expect(await registryMirrors()).toEqual(['http://preview.example:5000/']);
  });

  it('a daemon.json changed between the preview and the apply is refused, and stays as the other writer left it', async () => {
    const machine = await resolveMachine({}, env);
    const preview = await planMirrorsChange(machine, { urls: ['http://late.example:5000'], insecure: false, restart: false, id: 'preview-0002' });
    const edited = readFileSync(dockerd.configFile, 'utf8').replace('"warn"', '"info"');
    writeFileSync(dockerd.configFile, edited);
    const applied = await run(process.execPath, [PRIVILEGED_PATH, encodeRequest(preview.request ?? fail())], { env, timeoutMs: 120_000 });
    expect(applied.code).toBe(1);
    expect(applied.stdout).toContain('"code":"file-changed"');
    expect(readFileSync(dockerd.configFile, 'utf8')).toBe(edited);
    expect(await registryMirrors()).toEqual(['http://preview.example:5000/']);
  });
});

describe('two changes started together', () => {
  it('10 rounds of two `mirrors use` at once: each applies or is refused, the file and the engine end as the last success said, and no success is undone', async () => {
    const tally = { applied: 0, refused: {} as Record<string, number> };
    for (let round = 0; round < 10; round++) {
      const urls = [`http://a-${round}.example:5000/`, `http://b-${round}.example:5000/`];
      const results = await Promise.all(
        urls.map(async (url) => {
          const result = await dockside(['mirrors', 'use', url, '--yes', '--json'], env);
          return { url, result, finished: process.hrtime.bigint() };
        }),
      );
      const successes = results.filter(({ result }) => result.code === 0).sort((a, b) => (a.finished < b.finished ? -1 : 1));
      for (const { result } of results) {
        if (result.code === 0) {
          expect(ChangeJsonSchema.parse(JSON.parse(result.stdout)).outcome).toBe('applied');
          tally.applied++;
        } else {
          expect(result.code, `round ${round}: ${result.stderr}`).toBe(1);
          const code = ErrorJsonSchema.parse(JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '')).error.code;
          expect(['change-in-progress', 'file-changed'], `round ${round}: ${result.stderr}`).toContain(code);
          tally.refused[code] = (tally.refused[code] ?? 0) + 1;
        }
      }
      const last = successes.at(-1);
      expect(last, `round ${round}: neither change applied`).toBeDefined();
      // The last reported success is what the file says and what the engine runs with.
      expect(fileMirrors(), `round ${round}`).toEqual([last?.url]);
      expect(await registryMirrors(), `round ${round}`).toEqual([last?.url]);
    }
    console.log(`two at once, 10 rounds: ${tally.applied} applied, refused ${JSON.stringify(tally.refused)}`);
    expect(tally.applied).toBeGreaterThanOrEqual(10);
  });
});

function fail(): never {
  throw new Error('the preview planned no change');
}
