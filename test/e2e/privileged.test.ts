import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { type FSWatcher, mkdirSync, readdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivilegedResult } from '../../shared/plan';
import type { PrivilegedRequest } from '../../shared/privileged';
import { applyRequest } from '../../electron/core/plan/privileged-request';
import { PRIVILEGED_PATH } from '../harness/dockside';
import { makeTempDir, type TempDir } from '../harness/tmp';

// The privileged entry (out/main/privileged.js) run as the elevated process runs it: the change
// request base64-encoded in argv, events as JSON lines on stdout. No engine (kind none): these
// tests are about the files. Root runs it directly here, so the target it names is taken.

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const encode = (request: PrivilegedRequest): string => Buffer.from(JSON.stringify(request)).toString('base64');

let dir: TempDir;
beforeAll(() => {
  dir = makeTempDir('privileged');
});
afterAll(() => dir.remove());

/** Set daemon.json's registry-mirrors to exactly `mirrors`, as seen when the file held `before`. */
function mirrorsRequest(id: string, path: string, before: string | null, mirrors: string[]): PrivilegedRequest {
  return applyRequest(id, { engine: 'none', daemonJson: path }, { mirrors, expectedBefore: { daemonJson: before === null ? null : sha256(before), certs: {} } });
}

function startPrivileged(argument: string, env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stdout: string }> } {
  const child = spawn(process.execPath, [PRIVILEGED_PATH, argument], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, stdout }));
  });
  return { child, done };
}

const resultOf = (stdout: string): PrivilegedResult => {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as PrivilegedResult;
};

describe('crash safety', () => {
  it('a SIGKILL at a random moment of the write leaves the old or the new daemon.json, never a mix: 50 runs', async () => {
    const work = dir.join('crash');
    mkdirSync(work);
    const path = `${work}/daemon.json`;
    // Two large, different, valid files (about 60 kB, big enough for the write to take a while):
    // the same other settings, which the privileged process keeps byte for byte, and one mirror each.
    const labels = Array.from({ length: 1500 }, (_, i) => `dockside.crash-test.label-${i}=value`);
    const lists = [['http://old.example:5000/'], ['http://new.example:5000/']];
    const version = (mirrors: string[]): string => `${JSON.stringify({ labels, 'registry-mirrors': mirrors }, null, 2)}\n`;
    const contents = lists.map(version);
    writeFileSync(path, contents[0] ?? '');
    const env = { ...process.env, DOCKSIDE_STATE_DIR: `${work}/state` };
    const tempOfTarget = /^\.daemon\.json\.dockside-\d+-[0-9a-f]+\.tmp$/;

    // Calibrate: how long, in one uninterrupted run, from the temp file's creation to the rename.
    const window = await (async () => {
      let created = 0n;
      let renamed = 0n;
      const watcher = watch(work, (_event, name) => {
        if (name && tempOfTarget.test(name) && created === 0n) created = process.hrtime.bigint();
        if (name === 'daemon.json' && created !== 0n && renamed === 0n) renamed = process.hrtime.bigint();
      });
      const run = startPrivileged(encode(mirrorsRequest('calibrate-0001', path, contents[0] ?? '', lists[1] ?? [])), env);
      const exit = await run.done;
      watcher.close();
      expect(exit.code, exit.stdout).toBe(0);
      return Math.max(Number(renamed - created) / 1e6, 0.2);
    })();

    const outcomes = { old: 0, new: 0, strayTempFiles: 0 };
    for (let run = 0; run < 50; run++) {
      const current = readFileSync(path, 'utf8');
      const index = contents.indexOf(current);
      expect(index, `run ${run}: the file is neither version`).toBeGreaterThanOrEqual(0);
      const next = contents[1 - index] ?? '';
      const privileged = startPrivileged(encode(mirrorsRequest(`crash-run-${String(run).padStart(4, '0')}`, path, current, lists[1 - index] ?? [])), env);
      // Kill at a random point of the write window, measured from the creation of this process's
      // temp file (its name carries the pid; the sweep of an earlier run's temp file must not count).
      const delayMs = Math.random() * window * 2;
      const ownTemp = `.daemon.json.dockside-${privileged.child.pid}-`;
      let watcher: FSWatcher | undefined = watch(work, (_event, name) => {
        if (!watcher || !name?.startsWith(ownTemp)) return;
        watcher.close();
        watcher = undefined;
        const until = performance.now() + delayMs;
        while (performance.now() < until) {
          // Spin: a timer cannot wait less than a millisecond.
        }
        privileged.child.kill('SIGKILL');
      });
      const exit = await privileged.done;
      watcher?.close();
      const after = readFileSync(path, 'utf8');
      expect(() => JSON.parse(after), `run ${run}: the file does not parse`).not.toThrow();
      expect([current, next], `run ${run} (${exit.signal ?? exit.code}): the file is a mix or empty`).toContain(after);
      if (after === current) outcomes.old++;
      else outcomes.new++;
      outcomes.strayTempFiles += readdirSync(work).filter((name) => tempOfTarget.test(name)).length;
    }
    console.log(
      `crash safety: write window ${window.toFixed(2)} ms; 50 kills left the old file ${outcomes.old} times, the new ${outcomes.new} times; ` +
        `${outcomes.strayTempFiles} runs left a half-written temp file (killed between its creation and the rename)`,
    );
    // Kills that all landed after the rename would prove nothing: some must have hit the write itself.
    expect(outcomes.old).toBeGreaterThan(0);

    // The next run sweeps the temp files the killed ones left, of the file and of its backups.
    const current = readFileSync(path, 'utf8');
    const nextIndex = 1 - contents.indexOf(current);
    const next = contents[nextIndex] ?? '';
    const final = await startPrivileged(encode(mirrorsRequest('crash-final-0001', path, current, lists[nextIndex] ?? [])), env).done;
    expect(final.code, final.stdout).toBe(0);
    expect(readdirSync(work).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(readFileSync(path, 'utf8')).toBe(next);
  });
});

describe('what the privileged process refuses', () => {
  it('elevated (SUDO_UID set, as sudo sets it), it refuses a target the caller names, and writes nothing', async () => {
    const path = dir.join('not-docker.json');
    writeFileSync(path, '{}\n');
    const run = await startPrivileged(encode(mirrorsRequest('allowlist-0001', path, '{}\n', [])), { ...process.env, SUDO_UID: '65534' }).done;
    expect(run.code).toBe(1);
    expect(resultOf(run.stdout)).toMatchObject({ outcome: 'failed', error: { code: 'target-refused' } });
    expect(readFileSync(path, 'utf8')).toBe('{}\n');
    expect(readdirSync(dir.path).filter((name) => name.startsWith('not-docker.json'))).toEqual(['not-docker.json']);
  });

  it('refuses a file changed since the preview was made', async () => {
    const path = dir.join('changed.json');
    writeFileSync(path, '{"debug": true}\n');
    const run = await startPrivileged(encode(mirrorsRequest('changed-0001', path, '{}\n', [])), { ...process.env, DOCKSIDE_STATE_DIR: dir.join('state-changed') }).done;
    expect(run.code).toBe(1);
    expect(resultOf(run.stdout)).toMatchObject({ outcome: 'failed', error: { code: 'file-changed' } });
    expect(readFileSync(path, 'utf8')).toBe('{"debug": true}\n');
  });

  it('refuses an argument that is not a valid request', async () => {
    for (const argument of ['not base64!', Buffer.from('{"version":2}').toString('base64'), Buffer.from('[').toString('base64')]) {
      const run = await startPrivileged(argument, process.env).done;
      expect(run.code).toBe(1);
      expect(resultOf(run.stdout)).toMatchObject({ outcome: 'failed', error: { code: 'invalid-request' } });
    }
  });
});
