import { EXIT } from '../../../shared/cli';
import { type Message, msg } from '../../../shared/message';
import type { LoadedProfile, ProfileApplyJson, ProfileCheckProblem, ProfileRegistryState } from '../../../shared/profile';
import type { ErrorValue } from '../../../shared/result';
import type { ChangeItem } from '../../../shared/setup';
import { DocksideError } from '../../core/errors';
import { changeJson } from '../../core/plan/change';
import { checkProfile } from '../../core/profile/check-profile';
import { FileProblemsError } from '../../core/profile/file-problems-error';
import { openProfile } from '../../core/profile/open-profile';
import { profileCaOf } from '../../core/profile/profile-ca';
import { type CredentialsFor, planProfileChange, surveyProfile } from '../../core/profile/plan-profile';
import type { RegistrySurvey } from '../../core/profile/survey-profile';
import { checkCredentialsHosts, credentialsEntryFor, readCredentialsFile } from '../../core/profile/read-credentials-file';
import { applySetup } from '../../core/setup/apply-setup';
import { confirmed, reportOutcome, showPlan } from '../apply-change';
import { storeWithReason } from './credentials';
import type { CliContext } from '../context';
import { readPassword } from '../read-password';
import { askLine, askSecret } from '../terminal-prompt';
import { addToBrowsersAsUser } from '../trust-as-user';

const now = (): Date => new Date();

export interface ProfileApplyOptions {
  username?: string;
  passwordStdin: boolean;
  /** A JSON file of a user name and password per registry (0600, the user's own): registries with different accounts. */
  credentialsFile?: string;
}

/**
 * `profile apply <file|https-url>`: the whole profile as ONE change (every pinned CA, the mirrors
 * and insecure registries, a sign-in for each registry that asks for one), shown, confirmed,
 * applied with one elevation and verified; when the plan does not end applied, the sign-ins are
 * undone too. A pinned fingerprint that does not match refuses before anything is asked or written.
 */
export async function profileApplyCommand(ctx: CliContext, location: string, options: ProfileApplyOptions, stdin: NodeJS.ReadableStream): Promise<number> {
  const { t } = ctx.out;
  const loaded = await open(ctx, location);
  // Read and checked before any registry is asked anything: a file others can read is refused at once.
  const credentialsFile = options.credentialsFile;
  const file = credentialsFile === undefined ? null : await listingProblems(ctx, () => readCredentialsFile(credentialsFile));
  if (file !== null && credentialsFile !== undefined) checkCredentialsHosts(file, loaded.profile.registries.map((entry) => entry.host), credentialsFile);
  const osTrustConfirmed = await confirmOsTrust(ctx, loaded);
  const surveys = await surveyProfile(ctx, loaded, { now, osTrustConfirmed, onRegistry: (host) => ctx.out.progress(msg('cli.profile.examining', { host })) });
  const fromTerminalOrStdin = credentialsSource(ctx, options, stdin);
  const credentialsFor: CredentialsFor = async (survey) => (file && credentialsEntryFor(file, survey.state.host)) ?? fromTerminalOrStdin(survey);
  const change = await planProfileChange(ctx, loaded, surveys, { id: ctx.newId(), now, credentialsFor });
  const fields = { profile: { name: loaded.profile.name, source: loaded.source }, registries: change.registries, changes: change.items };
  const document = (json: ReturnType<typeof changeJson>, logins: ProfileApplyJson['logins'] = []): void => ctx.out.document({ ...json, ...fields, logins } satisfies ProfileApplyJson);
  const warn = (warning: Message): void => ctx.out.text(t('cli.profile.warning', { warning: t(warning.code, warning.params) }));

  ctx.out.text(t('cli.profile.header', { name: loaded.profile.name, source: loaded.source }));
  for (const state of change.registries) ctx.out.text(`  ${registryLine(ctx, state)}`);
  if (loaded.profile.mirrors.length > 0) ctx.out.text(`  ${t('cli.profile.mirrors', { mirrors: loaded.profile.mirrors.join(', ') })}`);
  if (change.plan === null && change.logins.length === 0) {
    change.warnings.forEach(warn);
    ctx.out.text(t('cli.profile.unchanged'));
    document(changeJson(change, { outcome: 'unchanged' }));
    return EXIT.ok;
  }
  if (change.plan) showPlan(ctx, { ...change, plan: change.plan });
  else change.warnings.forEach(warn);
  for (const item of change.items) if (item.kind === 'keychain') ctx.out.text(`  ${keychainLine(ctx, item)}`);
  if (!(await confirmed(ctx))) {
    document(changeJson(change, { outcome: 'planned' }));
    return EXIT.failed;
  }

  const applied = await applySetup(change, { credentials: ctx.credentials, privileged: ctx.privileged, elevatorFor: ctx.elevatorFor }, (message) => ctx.out.progress(message));
  for (const login of applied.logins) login.warnings.forEach(warn);
  let code: number = EXIT.ok;
  if (change.plan) code = reportOutcome(ctx, change.plan, applied.json, applied.error);
  else ctx.out.text(t('cli.profile.signed-in-only'));
  if (applied.json.outcome === 'applied') await addConfirmedToBrowsers(ctx, surveys, osTrustConfirmed);
  document(applied.json, applied.logins);
  return code;
}

/** The osTrust the user confirmed goes into the browsers' own databases too, as the user, once the OS store holds it. */
async function addConfirmedToBrowsers(ctx: CliContext, surveys: readonly RegistrySurvey[], osTrustConfirmed: ReadonlySet<number>): Promise<void> {
  for (const [index, survey] of surveys.entries()) {
    const certificate = survey.trust?.certificate;
    if (osTrustConfirmed.has(index) && certificate) await addToBrowsersAsUser(ctx, certificate);
  }
}

/** A yes as confirmed() (apply-change.ts) reads one. */
const YES = /^(y|yes|是)$/i;

/**
 * A profile's osTrust puts its CA into the OS trust store, where it vouches for every website, not
 * only for the registry: the user says yes to each at the terminal, --yes or not (a profile is
 * someone else's word). Without a terminal nothing is asked, and nothing is changed.
 */
async function confirmOsTrust(ctx: CliContext, loaded: LoadedProfile): Promise<Set<number>> {
  const confirmed = new Set<number>();
  for (const [index, entry] of loaded.profile.registries.entries()) {
    // The schema refuses osTrust on a registry that pins no CA.
    const ca = entry.osTrust === true ? profileCaOf(entry, index) : null;
    if (ca === null) continue;
    const field = `registries[${index}]`;
    if (!ctx.interactive) throw new DocksideError('os-trust-needs-confirmation', 'profile.error.os-trust-needs-confirmation', { field, host: entry.host });
    if (YES.test(await askLine(ctx.out.t('cli.profile.os-trust.question', { host: entry.host, field, fingerprint: ca.fingerprint })))) confirmed.add(index);
    else ctx.out.text(ctx.out.t('cli.profile.os-trust.declined', { host: entry.host }));
  }
  return confirmed;
}

/** `profile check <file|https-url>`: every endpoint probed and what apply would change; nothing is changed. */
export async function profileCheckCommand(ctx: CliContext, location: string, options: { username?: string }): Promise<number> {
  const { t } = ctx.out;
  const loaded = await open(ctx, location);
  const report = await checkProfile(ctx, loaded, {
    catalogPath: ctx.catalogPath,
    now,
    ...(options.username ? { username: options.username } : {}),
    onRegistry: (host) => ctx.out.progress(msg('cli.profile.examining', { host })),
    onProbeEvent: (event) => {
      if (event.type === 'result') ctx.out.progress(msg('cli.profile.probed', { done: event.done, total: event.total, url: event.result.url, status: event.result.status }));
    },
  });
  ctx.out.document(report);
  ctx.out.text(t('cli.profile.header', { name: report.profile.name, source: report.profile.source }));
  for (const registry of report.registries) ctx.out.text(`  ${registry.state ? registryLine(ctx, registry.state) : `✗ ${registry.host}: ${registry.problem ? errorText(ctx, registry.problem) : ''}`}`);
  for (const mirror of report.mirrors) {
    const line = mirror.latencyMs === null ? t('cli.profile.mirror', { url: mirror.url, status: mirror.status }) : t('cli.profile.mirror.latency', { url: mirror.url, status: mirror.status, ms: mirror.latencyMs.toFixed(0) });
    ctx.out.text(`  ${mirror.usable ? '✓' : '✗'} ${line}`);
  }
  if (report.nexus) {
    const { url, version } = report.nexus;
    ctx.out.text(`  ${report.nexus.problem || report.nexus.available === false ? '✗' : '✓'} ${version ? t('cli.profile.nexus.version', { url, version }) : t('cli.profile.nexus', { url })}`);
  }
  if (report.changes.length === 0 && report.problems.length === 0) ctx.out.text(t('cli.profile.unchanged'));
  else if (report.changes.length > 0) {
    ctx.out.text(t('cli.profile.apply-would'));
    for (const item of report.changes) ctx.out.text(`  - ${itemLine(ctx, item)}`);
    if (report.diff !== '') ctx.out.text(`\n${t('cli.profile.changes')}\n${report.diff.trimEnd()}\n`);
  }
  for (const problem of report.problems) ctx.out.text(t('cli.profile.problem', { problem: problemText(ctx, problem) }));
  ctx.out.text(report.problems.length === 0 ? t('cli.profile.check-ok') : t('cli.profile.check-failed'));
  return report.problems.length === 0 ? EXIT.ok : EXIT.failed;
}

/** The profile; when refused, its mistakes are listed one a line before the error that names their fields (--json has the error alone). */
function open(ctx: CliContext, location: string): Promise<LoadedProfile> {
  return listingProblems(ctx, () => openProfile(location));
}

async function listingProblems<T>(ctx: CliContext, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof FileProblemsError) {
      for (const { field, problem } of error.problems) {
        const text = ctx.out.t(problem.code, problem.params);
        ctx.out.text(ctx.out.t('cli.profile.problem', { problem: field === '' ? text : `${field}: ${text}` }));
      }
    }
    throw error;
  }
}

function errorText(ctx: CliContext, error: ErrorValue): string {
  return ctx.out.t(error.key, error.params);
}

function problemText(ctx: CliContext, { subject, error }: ProfileCheckProblem): string {
  return subject === '' ? errorText(ctx, error) : `${subject}: ${errorText(ctx, error)}`;
}

/**
 * Where each registry's credentials come from when the --credentials file does not name it: one password on stdin for every registry that
 * asks (one Nexus account behind every connector), or typed at the terminal for each registry
 * with nothing stored; a registry with credentials stored keeps them unless stdin gives some.
 */
function credentialsSource(ctx: CliContext, options: ProfileApplyOptions, stdin: NodeJS.ReadableStream): CredentialsFor {
  const { t } = ctx.out;
  let piped: Promise<string> | null = null;
  let lastUsername = options.username;
  return async ({ state, stored }) => {
    const host = state.host;
    if (options.passwordStdin) {
      piped ??= readPassword(stdin, 'dockside profile apply <profile> -u USER');
      const username = options.username ?? stored?.username;
      if (username === undefined) throw new DocksideError('usage', 'profile.error.usage.username-for-stdin', { host });
      return { username, password: await piped };
    }
    if (stored) return null;
    if (!ctx.interactive) throw new DocksideError('password-needed', 'profile.error.password-needed.no-terminal', { host });
    const typed = await askLine(lastUsername ? t('cli.profile.username-for.default', { host, username: lastUsername }) : t('cli.profile.username-for', { host }));
    const username = typed === '' ? lastUsername : typed;
    if (!username) throw new DocksideError('usage', 'profile.error.usage.username-needed', { host });
    lastUsername = username;
    const password = await askSecret(t('cli.profile.password-for', { username, host }));
    if (password === '') throw new DocksideError('usage', 'profile.error.usage.empty-password', { host });
    return { username, password };
  };
}

function registryLine(ctx: CliContext, state: ProfileRegistryState): string {
  const { t } = ctx.out;
  const roles = [state.pull ? t('cli.profile.role.pull') : null, state.push ? t('cli.profile.role.push') : null].filter((role) => role !== null).join(', ');
  const { fingerprint, source, osStore } = state.trust;
  const trustState = {
    install: fingerprint === null ? t('cli.profile.trust.install') : t('cli.profile.trust.install.fingerprint', { fingerprint }),
    installed: t('cli.profile.trust.installed'),
    system: t('cli.profile.trust.system'),
    'plain-http': t('cli.profile.trust.plain-http'),
  }[state.trust.state];
  // Where the CA comes from, then whether it goes into the OS store too.
  const sourced =
    source === null
      ? trustState
      : source.kind === 'server'
        ? t('cli.profile.trust.from.server', { trust: trustState })
        : source.kind === 'url'
          ? t('cli.profile.trust.from.url', { trust: trustState, url: source.url })
          : t('cli.profile.trust.from.pem', { trust: trustState, field: source.field });
  const trust = osStore === 'no' ? sourced : t(osStore === 'yes' ? 'cli.profile.trust.os-store' : 'cli.profile.trust.os-store.requested', { trust: sourced });
  const { username } = state.signIn;
  const signIn = {
    'sign-in': username ? t('cli.profile.sign-in.as', { username }) : t('cli.profile.sign-in.needed'),
    'signed-in': username ? t('cli.profile.signed-in.as', { username }) : t('cli.profile.signed-in'),
    anonymous: t('cli.profile.anonymous'),
  }[state.signIn.state];
  return t(roles ? 'cli.profile.registry.roles' : 'cli.profile.registry', { host: state.host, roles, trust, signIn });
}

function keychainLine(ctx: CliContext, item: Extract<ChangeItem, { kind: 'keychain' }>): string {
  return ctx.out.t('cli.profile.keychain', { account: `${item.username ? `${item.username}@` : ''}${item.registry}`, store: storeWithReason(item.store, ctx.out.t) });
}


function itemLine(ctx: CliContext, item: ChangeItem): string {
  const { t } = ctx.out;
  switch (item.kind) {
    case 'file':
      return t(item.elevated ? `cli.profile.file.${item.action}.elevated` : `cli.profile.file.${item.action}`, { path: item.path });
    case 'keychain':
      return keychainLine(ctx, item);
    case 'engine':
      return t(`cli.profile.engine.${item.action}`);
    case 'verify':
      return t('cli.profile.verify', { mirrors: item.expected.mirrors.join(', '), insecure: item.expected.insecureRegistries.join(', ') });
  }
}
