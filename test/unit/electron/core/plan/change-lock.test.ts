import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireChangeLock, type ChangeLock, findFlock } from '../../../../../electron/core/plan/change-lock';
import { chinese, english } from '../../../../harness/english';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { rejectionOf } from '../../../dockside-error';

const FIXTURE = fileURLToPath(new URL('./fixtures/hold-change-lock.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../../../', import.meta.url));
const FLOCK = findFlock();

/** Another process taking the lock, through the real module (tsx), line by line. */
interface Holder {
  child: ChildProcess;
  line(): Promise<string>;
  send(line: 'release' | 'exit'): void;
  exited: Promise<void>;
}

const children: ChildProcess[] = [];

function startHolder(stateDir: string, mode: 'flock' | 'pid', waitMs = 0): Holder {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, stateDir, mode, String(waitMs)], { cwd: REPO, stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return {
    child,
    line: async () => {
      const next = await lines.next();
      return next.done ? '(exited)' : next.value;
    },
    send: (line) => child.stdin!.write(`${line}\n`),
    exited: new Promise((resolve) => child.once('exit', () => resolve())),
  };
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

let tmp: TempDir;
const locks: ChangeLock[] = [];
beforeEach(() => {
  tmp = makeTempDir('change-lock');
});
afterEach(async () => {
  for (const lock of locks.splice(0)) await lock.release();
  tmp.remove();
});

async function take(mode: 'flock' | 'pid', waitMs = 0): Promise<ChangeLock> {
  const lock = await acquireChangeLock(tmp.path, { waitMs, ...(mode === 'pid' ? { flock: null } : {}) });
  locks.push(lock);
  return lock;
}

const modes = [...(FLOCK === null ? [] : (['flock'] as const)), 'pid'] as const;

it('finds util-linux flock at its system path on Linux', () => {
  if (process.platform === 'linux') expect(FLOCK).toMatch(/^\/(usr\/)?bin\/flock$/);
});

describe.each(modes)('acquireChangeLock (%s)', (mode) => {
  it('refuses a second lock while the first is held, then grants it once released; release is idempotent', async () => {
    const first = await take(mode);
    const started = Date.now();
    const error = await rejectionOf(take(mode, 300));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(error.code).toBe('change-in-progress');
    expect(english(error)).toMatch(/^Another Dockside change is being applied on this machine \(.*change\.lock.*\)\. Nothing was written\. Wait for it to finish, then run the command again\.$/);
    expect(chinese(error)).toContain('change.lock');
    await first.release();
    await first.release();
    const again = await take(mode);
    await again.release();
  });

  it('creates the lock file 0644', async () => {
    const lock = await take(mode);
    expect(statSync(lock.path).mode & 0o777).toBe(0o644);
  });

  it('refuses another process while this one holds it', async () => {
    await take(mode);
    const contender = startHolder(tmp.path, mode, 200);
    expect(await contender.line()).toBe('refused change-in-progress');
  });

  it('refuses while another process holds it, and is granted once that process is SIGKILLed', async () => {
    const holder = startHolder(tmp.path, mode);
    expect(await holder.line()).toBe('locked');
    expect((await rejectionOf(take(mode, 200))).code).toBe('change-in-progress');
    holder.child.kill('SIGKILL');
    await holder.exited;
    await take(mode, 2000);
  });

  it('is granted after the holder exits without releasing', async () => {
    const holder = startHolder(tmp.path, mode);
    expect(await holder.line()).toBe('locked');
    holder.send('exit');
    await holder.exited;
    await take(mode, 2000);
  });

  it('waits for a change in progress to release it', async () => {
    const holder = startHolder(tmp.path, mode);
    expect(await holder.line()).toBe('locked');
    const waiting = take(mode, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    holder.send('release');
    expect(await holder.line()).toBe('released');
    await waiting;
    holder.send('exit');
  });
});

describe.runIf(FLOCK !== null)('acquireChangeLock (flock specifics)', () => {
  it('keeps the lock on our descriptor after the flock helper has exited: flock(1) itself is refused', async () => {
    const lock = await take('flock');
    expect(spawnSync(FLOCK!, ['--nonblock', lock.path, 'true']).status).toBe(1);
    await lock.release();
    expect(spawnSync(FLOCK!, ['--nonblock', lock.path, 'true']).status).toBe(0);
  });

  it('is not inherited by programs the holder starts (a restarted dockerd must not keep it)', async () => {
    const lock = await take('flock');
    const longLived = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(longLived);
    await lock.release();
    await take('flock');
    longLived.kill('SIGKILL');
  });

  it('refuses a lock file that is a symbolic link, and creates nothing through it', async () => {
    const target = tmp.join('elsewhere');
    symlinkSync(target, tmp.join('change.lock'));
    const error = await rejectionOf(take('flock'));
    expect(error.code).toBe('change-lock-failed');
    expect(english(error)).toContain('is a symbolic link');
    expect(existsSync(target)).toBe(false);
  });
});

describe('acquireChangeLock (pid-file specifics)', () => {
  it('takes over the lock of a process that is gone', async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(tmp.join('change.lock.pid'), `${gone} 0123456789abcdef\n`);
    const lock = await take('pid');
    expect(readFileSync(lock.path, 'utf8')).toMatch(new RegExp(`^${process.pid} [0-9a-f]{16}\\n$`));
  });

  it('names the holder, and refuses a lock file naming no process with how to clear it', async () => {
    writeFileSync(tmp.join('change.lock.pid'), `1 0123456789abcdef\n`);
    expect(english(await rejectionOf(take('pid')))).toContain(`(process 1 holds ${tmp.join('change.lock.pid')})`);
    writeFileSync(tmp.join('change.lock.pid'), 'garbage');
    const error = await rejectionOf(take('pid'));
    expect(error.code).toBe('change-in-progress');
    expect(english(error)).toContain('names no process; if no Dockside change is running, remove that file');
  });

  it('releases only a lock file that is still its own', async () => {
    const lock = await take('pid');
    writeFileSync(lock.path, `1 0123456789abcdef\n`);
    await lock.release();
    expect(readFileSync(lock.path, 'utf8')).toBe('1 0123456789abcdef\n');
  });
});
