import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import './exit';
import { isAlive } from './pids';
import type { RunResult } from './run';
import { makeTempDir, type TempDir, uniqueSuffix } from './tmp';

/**
 * An unprivileged user of this machine, created for a test run (useradd, its own group, its home
 * in a temp dir it owns), that reaches root only through real sudo and a sudoers entry naming
 * exactly what it may run. Everything it starts gets an explicit minimal environment, as a login
 * shell would give it, and none of the test process's.
 */
export interface UnprivilegedUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  /** `<root>/home`, owned by the user, 0700. */
  readonly home: string;
  /** The root-owned (0755) temp dir holding the home; root may put what it owns beside it. */
  readonly root: TempDir;
  /** HOME, USER, LOGNAME, LANG, PATH (`pathDirs`, then /usr/bin:/bin) and DOCKSIDE_CREDENTIAL_STORE=dockside, plus `extra`. */
  env(extra?: Readonly<Record<string, string>>): NodeJS.ProcessEnv;
  /** Runs a command as the user (argv, never a shell) in its home; never throws on a non-zero exit. */
  run(command: string, args: readonly string[], options?: RunAsOptions): Promise<RunResult>;
  /** Starts a long-running process as the user, in its own process group; stopped by remove() at the latest. */
  start(command: string, args: readonly string[], options?: Omit<RunAsOptions, 'input' | 'timeoutMs'>): ChildProcess;
  /** Writes a file (and its parent directories) owned by the user. */
  writeFile(path: string, content: string | Buffer, mode?: number): void;
  /** Live processes whose real uid is the user's. */
  processes(): number[];
  /** Kills the user's processes, deletes the user, its group, its home and sudo's timestamp of it. Idempotent. */
  remove(): Promise<void>;
}

export interface RunAsOptions {
  /** Variables added to (or replacing) env()'s. */
  env?: Readonly<Record<string, string>>;
  input?: string;
  timeoutMs?: number;
  cwd?: string;
}

/** sudo's timestamp directory: created by the first sudo run if absent, so removed afterwards when the harness created it. */
const SUDO_RUN_DIRS = ['/run/sudo/ts', '/run/sudo'];
const preexistingSudoDirs = new Set(SUDO_RUN_DIRS.filter((dir) => existsSync(dir)));

const activeUsers = new Set<UnprivilegedUser & { removeSync(): void }>();
const activeSudoers = new Set<SudoersFile>();

process.once('exit', () => {
  for (const sudoers of activeSudoers) sudoers.remove();
  for (const user of activeUsers) user.removeSync();
});

const SAFE_NAME = /^[a-z][a-z0-9-]{0,30}$/;

export async function createUser(options: { name?: string; pathDirs?: readonly string[] } = {}): Promise<UnprivilegedUser> {
  if (process.getuid?.() !== 0) throw new Error('createUser: needs root');
  const name = options.name ?? `dockside-e2e-${uniqueSuffix()}`;
  if (!SAFE_NAME.test(name)) throw new Error(`createUser: ${JSON.stringify(name)} is not a plain user name`);
  const root = makeTempDir('sudo-user');
  chmodSync(root.path, 0o755);
  const home = root.join('home');
  try {
    execFileSync('useradd', ['--no-create-home', '--home-dir', home, '--shell', '/bin/sh', '--user-group', name], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    root.remove();
    throw new Error(`useradd ${name} failed: ${(error as { stderr?: Buffer }).stderr?.toString() ?? String(error)}`);
  }
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  mkdirSync(home, { mode: 0o700 });
  chownSync(home, uid, gid);

  const env = (extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv => ({
    HOME: home,
    USER: name,
    LOGNAME: name,
    LANG: 'C.UTF-8',
    PATH: [...(options.pathDirs ?? []), '/usr/bin', '/bin'].join(':'),
    // Dockside's own credential store, as the other suites use: /usr/bin has a working docker-credential-secretservice.
    DOCKSIDE_CREDENTIAL_STORE: 'dockside',
    ...extra,
  });
  const started = new Set<ChildProcess>();

  const processes = (): number[] =>
    readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .map(Number)
      .filter((pid) => realUid(pid) === uid && isAlive(pid));

  let removed = false;
  const removeSync = (): void => {
    if (removed) return;
    for (const child of started) if (child.pid !== undefined) killGroup(child.pid);
    // userdel refuses a user who still runs something; a few rounds for children forked meanwhile.
    for (let round = 0; round < 50; round++) {
      const pids = processes();
      if (pids.length === 0) break;
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone already.
        }
      }
      sleepSync(20);
    }
    try {
      execFileSync('userdel', [name], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
      // Already deleted (a second process's hook) is done; anything else must be seen.
      if (!stderr.includes('does not exist')) throw new Error(`userdel ${name} failed: ${stderr || String(error)}`);
    }
    rmSync(`/run/sudo/ts/${name}`, { force: true });
    for (const dir of SUDO_RUN_DIRS) {
      if (preexistingSudoDirs.has(dir)) continue;
      try {
        rmdirSync(dir);
      } catch {
        // Not empty (another user's timestamp) or never created.
      }
    }
    root.remove();
    removed = true;
    activeUsers.delete(user);
  };

  const user: UnprivilegedUser & { removeSync(): void } = {
    name,
    uid,
    gid,
    home,
    root,
    env,
    run: (command, args, runOptions = {}) => runAs(uid, gid, command, args, { ...runOptions, env: env(runOptions.env), cwd: runOptions.cwd ?? home }),
    start(command, args, startOptions = {}) {
      const child = spawn(command, [...args], {
        uid,
        gid,
        env: env(startOptions.env),
        cwd: startOptions.cwd ?? home,
        detached: true,
        stdio: 'ignore',
      });
      started.add(child);
      child.once('exit', () => started.delete(child));
      return child;
    },
    writeFile(path, content, mode = 0o644) {
      for (let dir = dirname(path), missing: string[] = []; ; dir = dirname(dir)) {
        if (existsSync(dir)) {
          for (const created of missing.reverse()) {
            mkdirSync(created, { mode: 0o755 });
            chownSync(created, uid, gid);
          }
          break;
        }
        missing.push(dir);
      }
      writeFileSync(path, content, { mode });
      chmodSync(path, mode);
      chownSync(path, uid, gid);
    },
    processes,
    async remove() {
      removeSync();
    },
    removeSync,
  };
  activeUsers.add(user);
  return user;
}

/** One sudoers rule: `user ALL=(root) NOPASSWD[:SETENV]: <command> <args...>` (`*` as the last argument: any arguments). */
export interface SudoRule {
  command: string;
  args: readonly string[];
  /** Lets the user set environment variables on sudo's command line (`sudo VAR=value cmd`). */
  setenv?: boolean;
}

export interface SudoersFile {
  /** `/etc/sudoers.d/<user>` */
  readonly path: string;
  /** The rules now in force (the file's lines). */
  readonly text: string;
  /** Replaces the file's rules, checked with `visudo -cf` before it is moved into place. */
  set(rules: readonly SudoRule[]): void;
  /** Deletes the file. Idempotent. */
  remove(): void;
}

/** Sudoers needs escaping for `,:=\` and spaces; test paths never hold them, so refuse rather than escape. */
const SUDOERS_WORD = /^[A-Za-z0-9/._+*-]+$/;

export function allowSudo(user: Pick<UnprivilegedUser, 'name'>, rules: readonly SudoRule[]): SudoersFile {
  const path = `/etc/sudoers.d/${user.name}`;
  if (existsSync(path)) throw new Error(`${path} already exists: not created by this test, so not touched`);
  let text = '';
  let removed = false;
  const file: SudoersFile = {
    path,
    get text() {
      return text;
    },
    set(next) {
      const lines = next.map((rule) => {
        const words = [rule.command, ...rule.args];
        for (const word of words) if (!SUDOERS_WORD.test(word)) throw new Error(`allowSudo: ${JSON.stringify(word)} would need sudoers escaping`);
        return `${user.name} ALL=(root) NOPASSWD:${rule.setenv ? 'SETENV:' : ''} ${words.join(' ')}`;
      });
      const content = `# Written by Dockside's e2e harness (test/harness/sudo-user.ts) for a test user; removed after the run.\n${lines.join('\n')}\n`;
      // sudo skips files of sudoers.d whose name holds a dot: the candidate is never read before it is checked.
      const candidate = `/etc/sudoers.d/.${user.name}.candidate`;
      writeFileSync(candidate, content, { mode: 0o440 });
      chmodSync(candidate, 0o440);
      try {
        execFileSync('visudo', ['-cf', candidate], { stdio: ['ignore', 'ignore', 'pipe'] });
      } catch (error) {
        rmSync(candidate, { force: true });
        throw new Error(`visudo refused the sudoers rules:\n${content}${(error as { stderr?: Buffer }).stderr?.toString() ?? ''}`);
      }
      renameSync(candidate, path);
      text = content;
      removed = false;
      activeSudoers.add(file);
    },
    remove() {
      if (removed) return;
      rmSync(path, { force: true });
      removed = true;
      activeSudoers.delete(file);
    },
  };
  file.set(rules);
  return file;
}

/** Live processes run by root (real uid 0) whose command line contains `text`. */
export function rootProcessesMentioning(text: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .map(Number)
    .filter((pid) => {
      try {
        return realUid(pid) === 0 && isAlive(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
      } catch {
        return false;
      }
    });
}

function realUid(pid: number): number | undefined {
  try {
    const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return uid === undefined ? undefined : Number(uid);
  } catch {
    return undefined;
  }
}

function runAs(uid: number, gid: number, command: string, args: readonly string[], options: Omit<RunAsOptions, 'env'> & { env: NodeJS.ProcessEnv }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // libuv drops the supplementary groups (setgroups(0)) before setgid/setuid: the user has its own group only.
    const child = execFile(
      command,
      [...args],
      { uid, gid, env: options.env, cwd: options.cwd, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`${command} ${args.join(' ').slice(0, 200)} could not run as uid ${uid}: ${error.message}\n${stderr}`));
          return;
        }
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is gone.
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
