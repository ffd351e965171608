import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, close, constants, open } from 'node:fs';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { MessageParams } from '../../../shared/message';
import { DocksideError } from '../errors';
import { isAlive } from '../platform/process-alive';

/**
 * One Dockside change at a time on a machine (DESIGN §2): the elevated process holds this lock
 * from reading the current files to the end of verification or rollback, so two applies never
 * interleave and a rollback never restores over another change's reported success.
 *
 * On Linux it is flock(2) on `<stateDir>/change.lock`, taken without a native addon: util-linux
 * `flock` locks the descriptor we hand it as its fd 3. A flock lock belongs to the open file
 * description, which our descriptor shares, so the lock stays ours after the helper exits and
 * the kernel drops it when we close the descriptor or die (even by SIGKILL): never stale.
 * Without `flock` (macOS) it is a file created atomically holding our pid, stale once that
 * process is gone.
 */

export interface ChangeLock {
  readonly path: string;
  /** Idempotent. */
  release(): Promise<void>;
}

export interface ChangeLockOptions {
  /** How long to wait for a change in progress before refusing. */
  waitMs: number;
  /** How often to try again meanwhile. */
  pollMs?: number;
  /** The util-linux flock program; null takes the pid-file lock. Found on the fixed system paths by default. */
  flock?: string | null;
}

const LOCK_FILE = 'change.lock';
const PID_LOCK_FILE = 'change.lock.pid';
const DEFAULT_POLL_MS = 100;
/** The elevated process runs with a fixed PATH; look at the system's own places first. */
const FLOCK_CANDIDATES = ['/usr/bin/flock', '/bin/flock'];

/** A bare descriptor rather than a FileHandle, which Node would close (and so unlock) when collected. */
const openFd = (path: string, flags: number, mode: number): Promise<number> =>
  new Promise((resolve, reject) => open(path, flags, mode, (error, fd) => (error ? reject(error) : resolve(fd))));
const closeFd = (fd: number): Promise<void> => new Promise((resolve, reject) => close(fd, (error) => (error ? reject(error) : resolve())));

/** Takes the machine's change lock, waiting up to `waitMs`; refuses with 'change-in-progress' while another change holds it. */
export async function acquireChangeLock(stateDir: string, options: ChangeLockOptions): Promise<ChangeLock> {
  const flock = options.flock === undefined ? findFlock() : options.flock;
  const attempt = flock === null ? pidFileAttempt(join(stateDir, PID_LOCK_FILE)) : await flockAttempt(join(stateDir, LOCK_FILE), flock);
  const deadline = Date.now() + options.waitMs;
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  for (;;) {
    const outcome = await attempt.tryOnce();
    if (outcome.lock !== undefined) return outcome.lock;
    const left = deadline - Date.now();
    if (left <= 0) {
      await attempt.giveUp();
      throw new DocksideError('change-in-progress', `plan.error.change-in-progress.${outcome.holder.kind}`, { path: outcome.holder.path, pid: outcome.holder.pid ?? '' });
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, left)));
  }
}

/** The flock program on the system's paths, else on PATH; null when there is none (macOS). */
export function findFlock(): string | null {
  const path = process.env.PATH ?? '';
  const candidates = [...FLOCK_CANDIDATES, ...path.split(delimiter).filter((dir) => dir.startsWith('/')).map((dir) => join(dir, 'flock'))];
  return candidates.find(isExecutable) ?? null;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

interface Attempt {
  tryOnce(): Promise<{ lock: ChangeLock; holder?: undefined } | { lock?: undefined; holder: Holder }>;
  giveUp(): Promise<void>;
}

/** Who holds the lock, as far as can be told. */
interface Holder {
  kind: 'other' | 'pid' | 'no-pid';
  path: string;
  pid?: number;
}

type LockProblem = 'link' | 'open' | 'create' | 'flock-run' | 'flock-exit';

function lockFailed(path: string, problem: LockProblem, params: MessageParams = {}): DocksideError {
  return new DocksideError('change-lock-failed', `plan.error.change-lock-failed.${problem}`, { path, ...params });
}

/** One descriptor for the whole wait: each try asks flock to lock it without blocking. */
async function flockAttempt(path: string, flock: string): Promise<Attempt> {
  let fd: number;
  try {
    // O_NOFOLLOW: a link planted in the state directory must not make root create or lock another file.
    fd = await openFd(path, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw code === 'ELOOP' ? lockFailed(path, 'link') : lockFailed(path, 'open', { code: code ?? String(error) });
  }
  let closed = false;
  const closeOnce = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await closeFd(fd);
  };
  return {
    async tryOnce() {
      let result: { code: number | null; stderr: string };
      try {
        result = await runFlock(flock, fd);
      } catch (error) {
        await closeOnce();
        throw lockFailed(path, 'flock-run', { flock, code: (error as NodeJS.ErrnoException).code ?? String(error) });
      }
      if (result.code === 0) return { lock: { path, release: closeOnce } };
      // util-linux flock exits 1 when --nonblock meets a lock held by another descriptor.
      if (result.code === 1) return { holder: { kind: 'other', path } };
      await closeOnce();
      // verbatim: flock's own stderr, quoted
      throw lockFailed(path, 'flock-exit', { flock, status: result.code ?? 'SIGNAL', stderr: result.stderr.trim() ? `"${result.stderr.trim().slice(0, 300)}"` : '' });
    },
    giveUp: closeOnce,
  };
}

function runFlock(flock: string, fd: number): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(flock, ['--exclusive', '--nonblock', '3'], { stdio: ['ignore', 'ignore', 'pipe', fd] });
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

/**
 * The fallback: the lock file appears with our pid already in it (written aside, then hard
 * linked into place, which fails when it exists), so a reader never sees it empty.
 */
function pidFileAttempt(path: string): Attempt {
  const token = `${process.pid} ${randomBytes(8).toString('hex')}\n`;
  const create = async (): Promise<boolean> => {
    const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      await writeFile(aside, token, { flag: constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode: 0o644 });
      await link(aside, path);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      throw lockFailed(path, 'create', { code: code ?? String(error) });
    } finally {
      await unlink(aside).catch(() => undefined);
    }
  };
  return {
    async tryOnce() {
      // A second try at once when the first found a dead holder's lock and removed it.
      for (let tries = 0; tries < 2; tries++) {
        if (await create()) return { lock: { path, release: once(() => releasePidFile(path, token)) } };
        const holder = await readHolder(path);
        if (holder === undefined) continue;
        if (holder === null) return { holder: { kind: 'no-pid', path } };
        if (isAlive(holder)) return { holder: { kind: 'pid', path, pid: holder } };
        await breakStale(path, holder);
      }
      return { holder: { kind: 'other', path } };
    },
    giveUp: async () => undefined,
  };
}

/** The pid in the lock file; undefined when it went away meanwhile, null when it holds none. */
async function readHolder(path: string): Promise<number | null | undefined> {
  let text: string;
  try {
    text = await readFile(path, { encoding: 'utf8', flag: constants.O_RDONLY | constants.O_NOFOLLOW });
  } catch {
    return undefined;
  }
  const match = /^(\d{1,10}) [0-9a-f]{16}\n$/.exec(text);
  return match?.[1] === undefined ? null : Number(match[1]);
}

/**
 * Removes the lock of a dead process. Moved aside first and checked there, so that of two
 * waiters breaking it at once, the second never deletes the fresh lock the first just took;
 * a fresh lock moved aside by mistake is linked back.
 */
async function breakStale(path: string, deadPid: number): Promise<void> {
  const aside = `${path}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  if ((await readHolder(aside)) !== deadPid) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

/** Removes the lock file only while it is still ours. */
async function releasePidFile(path: string, token: string): Promise<void> {
  const text = await readFile(path, { encoding: 'utf8', flag: constants.O_RDONLY | constants.O_NOFOLLOW }).catch(() => undefined);
  if (text === token) await unlink(path).catch(() => undefined);
}

function once(action: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= action());
}
