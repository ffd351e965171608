import type { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { type Message, msg } from '../../../../../../shared/message';
import { type Exec, type ExecResult, execProgram } from '../../../../platform/exec';
import { toPem } from '../../../../trust/certificate-info';
import { outputDetail } from '../../../../platform/command-output';

const STORE_TIMEOUT_MS = 120_000;

/**
 * The user's own trust store, which Docker Desktop's engine reads at start and which needs no
 * administrator: the login keychain on macOS, the current user's Root store on Windows. Both
 * show the user a confirmation (macOS asks for their password, Windows a security warning).
 */
export interface UserStoreDeps {
  exec: Exec;
  platform: NodeJS.Platform;
  home: string;
  /** %SystemRoot%, where Microsoft's certutil.exe is (an NSS certutil on PATH has the same name). */
  systemRoot?: string;
}

/** This process's user, the one whose store it is: call it in the user's own process, never the elevated one. */
export function userStoreDepsForUser(env: NodeJS.ProcessEnv = process.env, exec: Exec = execProgram, platform: NodeJS.Platform = process.platform): UserStoreDeps {
  return { exec, platform, home: homedir(), systemRoot: env.SystemRoot ?? env.SYSTEMROOT };
}

export type UserStoreState = 'added' | 'present' | 'removed' | 'absent' | 'declined' | 'failed' | 'unsupported';

export interface UserStoreResult {
  state: UserStoreState;
  message: Message;
}

interface StoreCommands {
  name: 'login-keychain' | 'windows-user-root';
  where: string;
  /** The command lines, `file` standing for a PEM of the CA written for the command. */
  add: (file: string) => [string, string[]];
  find: () => [string, string[]];
  remove: () => [string, string[]];
  /** Whether `find`'s answer lists this certificate. */
  lists: (result: ExecResult) => boolean;
  /** The user dismissed the confirmation. */
  declined: (result: ExecResult) => boolean;
}

/** The login keychain or the user's Root store as command lines; null where Docker Desktop reads neither (Linux: its VM reads certs.d). */
function storeFor(ca: X509Certificate, deps: UserStoreDeps): StoreCommands | null {
  const sha1 = ca.fingerprint.replace(/:/g, '').toUpperCase();
  if (deps.platform === 'darwin') {
    const keychain = path.posix.join(deps.home, 'Library', 'Keychains', 'login.keychain-db');
    return {
      name: 'login-keychain',
      where: keychain,
      add: (file) => ['security', ['add-trusted-cert', '-r', 'trustRoot', '-k', keychain, file]],
      find: () => ['security', ['find-certificate', '-a', '-Z', keychain]],
      // -t: its user trust settings go with it.
      remove: () => ['security', ['delete-certificate', '-Z', sha1, '-t', keychain]],
      lists: (result) => result.code === 0 && new RegExp(`^SHA-1 hash: ${sha1}$`, 'mi').test(result.stdout),
      declined: (result) => /authorization was cancel+ed by the user/i.test(`${result.stderr}${result.stdout}`),
    };
  }
  if (deps.platform === 'win32') {
    const certutil = path.win32.join(deps.systemRoot ?? 'C:\\Windows', 'System32', 'certutil.exe');
    return {
      name: 'windows-user-root',
      where: 'Root', // verbatim: the store's name in certutil
      add: (file) => [certutil, ['-user', '-addstore', 'Root', file]],
      find: () => [certutil, ['-user', '-store', 'Root', sha1]],
      remove: () => [certutil, ['-user', '-delstore', 'Root', sha1]],
      // certutil prints the thumbprint lower case, with or without spaces between the bytes.
      lists: (result) => result.code === 0 && result.stdout.replace(/[ \t]/g, '').toUpperCase().includes(`CERTHASH(SHA1):${sha1}`),
      declined: (result) => /ERROR_CANCELLED|canceled by the user/i.test(`${result.stdout}${result.stderr}`),
    };
  }
  return null;
}

/** The plan's line for the user's store, or null where there is none to write. */
export function planUserStore(ca: X509Certificate, deps: UserStoreDeps): Message | null {
  const store = storeFor(ca, deps);
  return store === null ? null : msg(`engine.desktop.user-store.step.${store.name}`, { where: store.where });
}

/** Adds the CA unless the store lists it already; installed means `find` lists it afterwards. */
export async function installInUserStore(ca: X509Certificate, deps: UserStoreDeps): Promise<UserStoreResult> {
  const store = storeFor(ca, deps);
  if (store === null) return { state: 'unsupported', message: msg('engine.desktop.user-store.unsupported') };
  if (await listed(store, deps)) return said(store, 'present');
  const result = await withPemFile(ca, (file) => run(deps, store.add(file)));
  if (store.declined(result)) return said(store, 'declined');
  if (result.code !== 0) return said(store, 'failed', { detail: resultDetail(result) });
  return (await listed(store, deps)) ? said(store, 'added') : said(store, 'failed', { detail: resultDetail(result) });
}

/** Whether the user's store lists the CA. */
export async function verifyUserStore(ca: X509Certificate, deps: UserStoreDeps): Promise<UserStoreResult> {
  const store = storeFor(ca, deps);
  if (store === null) return { state: 'unsupported', message: msg('engine.desktop.user-store.unsupported') };
  return (await listed(store, deps)) ? said(store, 'present') : said(store, 'absent');
}

/** Removes the CA by its SHA-1 thumbprint; one the store does not list is `absent`, nothing run. */
export async function removeFromUserStore(ca: X509Certificate, deps: UserStoreDeps): Promise<UserStoreResult> {
  const store = storeFor(ca, deps);
  if (store === null) return { state: 'unsupported', message: msg('engine.desktop.user-store.unsupported') };
  if (!(await listed(store, deps))) return said(store, 'absent');
  const result = await run(deps, store.remove());
  if (store.declined(result)) return said(store, 'declined');
  if (result.code !== 0) return said(store, 'failed', { detail: resultDetail(result) });
  return (await listed(store, deps)) ? said(store, 'failed', { detail: resultDetail(result) }) : said(store, 'removed');
}

/** Rolls back an install: removes the CA only when that install added it. */
export async function undoUserStore(ca: X509Certificate, installed: UserStoreResult, deps: UserStoreDeps): Promise<UserStoreResult | null> {
  return installed.state === 'added' ? removeFromUserStore(ca, deps) : null;
}

async function listed(store: StoreCommands, deps: UserStoreDeps): Promise<boolean> {
  return store.lists(await run(deps, store.find()));
}

function run(deps: UserStoreDeps, [command, args]: [string, string[]]): Promise<ExecResult> {
  return deps.exec(command, args, { timeoutMs: STORE_TIMEOUT_MS });
}

/** The CA as a PEM file only the user can read, for the one command that takes a file; removed afterwards. */
async function withPemFile<T>(ca: X509Certificate, use: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dockside-ca-'));
  try {
    const file = path.join(dir, 'ca.crt');
    await writeFile(file, toPem(ca), { mode: 0o600 });
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function said(store: StoreCommands, state: Exclude<UserStoreState, 'unsupported'>, params: Record<string, string> = {}): UserStoreResult {
  return { state, message: msg(`engine.desktop.user-store.${state}.${store.name}`, { where: store.where, ...params }) };
}

function resultDetail(result: ExecResult): string {
  return outputDetail(`${result.stderr}\n${result.stdout}`) || `exit ${result.code}`;
}
