import type { X509Certificate } from 'node:crypto';
import { type Message, msg } from '../../../../shared/message';
import { homedir } from 'node:os';
import { type Exec, execProgram } from '../../platform/exec';
import { toPem } from '../certificate-info';
import { type Certutil, type CertutilAnswer, runCertutil, storedCertificate } from './certutil-run';
import { certutilMissing, locateCertutil, readOsRelease } from './certutil-locate';
import { firefoxHoldingProfile } from './firefox-lock';
import { type NssDatabase, findNssDatabases } from './nss-databases';
import { nssNickname } from './nss-nickname';

/** `C,,`: a CA trusted to issue TLS server certificates, nothing else (no e-mail, no code signing). */
const SSL_CA_TRUST = 'C,,';

/** What the NSS steps need; every effect goes through `exec`, so tests replay recorded certutil answers. */
export interface NssDeps {
  exec: Exec;
  platform: NodeJS.Platform;
  home: string;
  /** certutil's path (locateCertutil), or null when it is not installed. */
  certutil: string | null;
  /** /etc/os-release's text, to name the package that installs certutil. */
  osRelease: string | null;
  /** The pid of a running Firefox that has the profile open (firefoxHoldingProfile unless told). */
  firefoxHolding?: (profileDir: string) => Promise<number | undefined>;
  /** This process's uid (process.getuid); a database someone else owns is left out and said. Undefined on Windows. */
  uid?: number;
}

/** What `trust add` would do in the user's NSS databases, as the user, never elevated. */
export interface NssTrustPlan {
  nickname: string;
  /** null: certutil is missing, the plan does nothing there and says so in `findings`. */
  certutil: string | null;
  databases: NssDatabase[];
  /** One line a database, for the plan. */
  steps: Message[];
  /** certutil missing (and what installs it), no database found: said, nothing fails. */
  findings: Message[];
}

/**
 * How one database ended up. `added` is the only state undo reverts: `present` was there
 * before, `present-other-name` is someone's own entry for the same certificate.
 */
export type NssAddState = 'added' | 'present' | 'present-other-name' | 'browser-running' | 'failed';
export type NssRemoveState = 'removed' | 'absent' | 'kept-other' | 'browser-running' | 'failed';
export type NssVerifyState = 'trusted' | 'absent' | 'untrusted' | 'browser-running' | 'failed';

export interface NssResult<State> {
  database: NssDatabase;
  state: State;
  message: Message;
}

export interface NssApplied {
  results: NssResult<NssAddState>[];
  findings: Message[];
}

/**
 * The deps of this process's user: certutil found on PATH, the home directory's databases. Call
 * it in the user's own process (the CLI, the app), never in the elevated one: the databases are
 * the user's and must stay theirs.
 */
export async function nssDepsForUser(env: NodeJS.ProcessEnv = process.env, exec: Exec = execProgram, platform: NodeJS.Platform = process.platform, home: string = homedir()): Promise<NssDeps> {
  return { exec, platform, home, certutil: await locateCertutil(platform, env), osRelease: platform === 'linux' ? await readOsRelease() : null, uid: process.getuid?.() };
}

export async function planNssTrust(ca: X509Certificate, deps: NssDeps): Promise<NssTrustPlan> {
  const nickname = nssNickname(ca);
  const { databases, notYours } = await yourDatabases(deps);
  const findings: Message[] = notYours.map((database) => said(database, 'not-yours', { uid: database.uid }));
  if (databases.length === 0) return { nickname, certutil: deps.certutil, databases, steps: [], findings };
  if (deps.certutil === null) {
    findings.push(certutilMissing(deps.platform, deps.osRelease));
    return { nickname, certutil: null, databases, steps: [], findings };
  }
  const steps = databases.map((database) => msg('tls.nss.step.add', { browser: browserName(database), database: database.dir, nickname }));
  return { nickname, certutil: deps.certutil, databases, steps, findings };
}

/**
 * Adds the CA to every database of the plan (`certutil -A -t C,, -a`, the PEM on stdin), then
 * verifies each: installed means `certutil -L` returns this very certificate under the nickname
 * and `certutil -V -u L` accepts it as an SSL CA. A database a browser holds, or one that fails,
 * is reported and the others are still done.
 */
export async function applyNssTrust(ca: X509Certificate, plan: NssTrustPlan, deps: NssDeps): Promise<NssApplied> {
  if (plan.certutil === null) return { results: [], findings: plan.findings };
  const certutil: Certutil = { exec: deps.exec, path: plan.certutil };
  const results: NssResult<NssAddState>[] = [];
  for (const database of plan.databases) results.push(await addTo(certutil, database, ca, plan.nickname, deps));
  return { results, findings: plan.findings };
}

/** Whether each database trusts the CA under Dockside's nickname, as `trust add` checks after writing. */
export async function verifyNssTrust(ca: X509Certificate, deps: NssDeps, databases?: readonly NssDatabase[]): Promise<NssResult<NssVerifyState>[]> {
  return eachDatabase(ca, deps, databases, verifyIn);
}

/**
 * `trust remove`: deletes Dockside's entry for this CA (`certutil -D -n <nickname>`) from each
 * database, only when the nickname holds this very certificate. Whether no registry still needs
 * the CA is the caller's to decide.
 */
export async function removeNssTrust(ca: X509Certificate, deps: NssDeps, databases?: readonly NssDatabase[]): Promise<NssResult<NssRemoveState>[]> {
  return eachDatabase(ca, deps, databases, removeFrom);
}

type DatabaseStep<State> = (certutil: Certutil, database: NssDatabase, ca: X509Certificate, nickname: string, deps: NssDeps) => Promise<NssResult<State>>;

/** `step` in each database (the given ones, else this user's), one after the other; nothing when certutil is missing. */
async function eachDatabase<State>(ca: X509Certificate, deps: NssDeps, databases: readonly NssDatabase[] | undefined, step: DatabaseStep<State>): Promise<NssResult<State>[]> {
  if (deps.certutil === null) return [];
  const certutil: Certutil = { exec: deps.exec, path: deps.certutil };
  const nickname = nssNickname(ca);
  const results: NssResult<State>[] = [];
  for (const database of databases ?? (await yourDatabases(deps)).databases) results.push(await step(certutil, database, ca, nickname, deps));
  return results;
}

/** Rolls back an apply: removes the CA from exactly the databases it added it to. */
export async function undoNssTrust(ca: X509Certificate, applied: NssApplied, deps: NssDeps): Promise<NssResult<NssRemoveState>[]> {
  const added = applied.results.filter((result) => result.state === 'added').map((result) => result.database);
  return added.length === 0 ? [] : removeNssTrust(ca, deps, added);
}

/**
 * The databases this user owns, and the others. Run through sudo, certutil would leave files
 * root owns in the user's profile, which their browser then cannot write.
 */
async function yourDatabases(deps: NssDeps): Promise<{ databases: NssDatabase[]; notYours: NssDatabase[] }> {
  const found = await findNssDatabases(deps.platform, deps.home);
  const yours = (database: NssDatabase): boolean => deps.uid === undefined || database.uid === deps.uid;
  return { databases: found.filter(yours), notYours: found.filter((database) => !yours(database)) };
}

async function addTo(certutil: Certutil, database: NssDatabase, ca: X509Certificate, nickname: string, deps: NssDeps): Promise<NssResult<NssAddState>> {
  const before = await verifyIn(certutil, database, ca, nickname, deps);
  if (before.state === 'trusted') return { database, state: 'present', message: said(database, 'present', { nickname }) };
  if (before.state === 'browser-running' || before.state === 'failed') return { database, state: before.state, message: before.message };

  const added = await runCertutil(certutil, ['-A', '-d', database.spec, '-t', SSL_CA_TRUST, '-n', nickname, '-a'], toPem(ca));
  if (added.kind !== 'ok') {
    const problem = await problemOf(added, database, deps);
    return { database, ...problem };
  }
  const after = await verifyIn(certutil, database, ca, nickname, deps);
  if (after.state === 'trusted') return { database, state: 'added', message: said(database, 'added', { nickname }) };
  // certutil accepted the certificate but keeps it under the name it already had there.
  if (after.state === 'absent') return { database, state: 'present-other-name', message: said(database, 'present-other-name', { nickname }) };
  if (after.state === 'untrusted') return { database, state: 'failed', message: after.message };
  return { database, state: after.state, message: after.message };
}

async function verifyIn(certutil: Certutil, database: NssDatabase, ca: X509Certificate, nickname: string, deps: NssDeps): Promise<NssResult<NssVerifyState>> {
  const stored = await storedCertificate(certutil, database.spec, nickname);
  if (stored.kind === 'not-found') return { database, state: 'absent', message: said(database, 'absent', { nickname }) };
  if (stored.kind !== 'cert') return { database, ...(await problemOf(stored, database, deps)) };
  if (stored.cert === null || stored.cert.fingerprint256 !== ca.fingerprint256) {
    return { database, state: 'failed', message: said(database, 'other-certificate', { nickname }) };
  }
  const checked = await runCertutil(certutil, ['-V', '-d', database.spec, '-u', 'L', '-n', nickname]);
  if (checked.kind === 'ok') return { database, state: 'trusted', message: said(database, 'trusted', { nickname }) };
  if (checked.kind === 'failed') return { database, state: 'untrusted', message: said(database, 'untrusted', { nickname, detail: checked.detail }) };
  return { database, ...(await problemOf(checked, database, deps)) };
}

async function removeFrom(certutil: Certutil, database: NssDatabase, ca: X509Certificate, nickname: string, deps: NssDeps): Promise<NssResult<NssRemoveState>> {
  const stored = await storedCertificate(certutil, database.spec, nickname);
  if (stored.kind === 'not-found') return { database, state: 'absent', message: said(database, 'absent', { nickname }) };
  if (stored.kind !== 'cert') return { database, ...(await problemOf(stored, database, deps)) };
  if (stored.cert === null || stored.cert.fingerprint256 !== ca.fingerprint256) {
    return { database, state: 'kept-other', message: said(database, 'other-certificate', { nickname }) };
  }
  const deleted = await runCertutil(certutil, ['-D', '-d', database.spec, '-n', nickname]);
  if (deleted.kind !== 'ok' && deleted.kind !== 'not-found') return { database, ...(await problemOf(deleted, database, deps)) };
  const after = await storedCertificate(certutil, database.spec, nickname);
  if (after.kind === 'not-found') return { database, state: 'removed', message: said(database, 'removed', { nickname }) };
  if (after.kind === 'cert') return { database, state: 'failed', message: said(database, 'still-there', { nickname }) };
  return { database, ...(await problemOf(after, database, deps)) };
}

/**
 * A failure, told the way the user can act on it: a database a running browser holds (a live
 * Firefox lock, or certutil's busy-database words) asks to close the browser and run again.
 */
async function problemOf(answer: Exclude<CertutilAnswer, { kind: 'ok' }>, database: NssDatabase, deps: NssDeps): Promise<{ state: 'browser-running' | 'failed'; message: Message }> {
  const pid = database.owner === 'firefox' ? await (deps.firefoxHolding ?? firefoxHoldingProfile)(database.dir) : undefined;
  if (pid !== undefined) return { state: 'browser-running', message: said(database, 'firefox-running', { pid, detail: answer.detail }) };
  if (answer.kind === 'busy') return { state: 'browser-running', message: said(database, 'busy', { detail: answer.detail }) };
  if (answer.kind === 'read-only') return { state: 'failed', message: said(database, 'read-only', { detail: answer.detail }) };
  return { state: 'failed', message: said(database, 'failed', { detail: answer.detail }) };
}

type Said = 'not-yours' | 'present' | 'present-other-name' | 'added' | 'absent' | 'trusted' | 'untrusted' | 'other-certificate' | 'removed' | 'still-there' | 'firefox-running' | 'busy' | 'read-only' | 'failed';

function said(database: NssDatabase, what: Said, params: Record<string, string | number>): Message {
  return msg(`tls.nss.${what}`, { browser: browserName(database), database: database.dir, ...params });
}

function browserName(database: NssDatabase): string {
  // verbatim: product names
  return database.owner === 'firefox' ? 'Firefox' : 'Chromium';
}
