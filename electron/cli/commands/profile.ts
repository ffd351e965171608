import { EXIT } from '../../../shared/cli';
import type { ProfileApplyJson, ProfileRegistryState } from '../../../shared/profile';
import type { ChangeItem } from '../../../shared/setup';
import { DocksideError } from '../../core/errors';
import { changeJson } from '../../core/plan/change';
import { checkProfile } from '../../core/profile/check-profile';
import { openProfile } from '../../core/profile/open-profile';
import { type CredentialsFor, planProfileChange, surveyProfile } from '../../core/profile/plan-profile';
import { checkCredentialsHosts, credentialsEntryFor, readCredentialsFile } from '../../core/profile/read-credentials-file';
import { applySetup } from '../../core/setup/apply-setup';
import { confirmed, reportOutcome, showPlan } from '../apply-change';
import type { CliContext } from '../context';
import { type CliMessages, storeName } from '../messages';
import { readPassword } from '../read-password';
import { askLine, askSecret } from '../terminal-prompt';

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
  const m = ctx.out.messages;
  const loaded = await openProfile(location);
  // Read and checked before any registry is asked anything: a file others can read is refused at once.
  const file = options.credentialsFile === undefined ? null : await readCredentialsFile(options.credentialsFile);
  if (file !== null && options.credentialsFile !== undefined) checkCredentialsHosts(file, loaded.profile.registries.map((entry) => entry.host), options.credentialsFile);
  const surveys = await surveyProfile(ctx, loaded, { now, words: m, onRegistry: (host) => ctx.out.progress(`${m.examining} ${host}`) });
  const fromTerminalOrStdin = credentialsSource(ctx, options, stdin);
  const credentialsFor: CredentialsFor = async (survey) => (file && credentialsEntryFor(file, survey.state.host)) ?? fromTerminalOrStdin(survey);
  const change = await planProfileChange(ctx, loaded, surveys, { id: ctx.newId(), now, words: m, credentialsFor });
  const fields = { profile: { name: loaded.profile.name, source: loaded.source }, registries: change.registries, changes: change.items };
  const document = (json: ReturnType<typeof changeJson>, logins: ProfileApplyJson['logins'] = []): void => ctx.out.document({ ...json, ...fields, logins } satisfies ProfileApplyJson);

  ctx.out.text(`${m.profile}: ${loaded.profile.name} (${loaded.source})`);
  for (const state of change.registries) ctx.out.text(`  ${registryLine(state, m)}`);
  if (loaded.profile.mirrors.length > 0) ctx.out.text(`  ${m.mirrors}: ${loaded.profile.mirrors.join(', ')}`);
  if (change.plan === null && change.logins.length === 0) {
    for (const warning of change.warnings) ctx.out.text(`${m.warning}: ${warning}`);
    ctx.out.text(m.profileUnchanged);
    document(changeJson(change, { outcome: 'unchanged' }));
    return EXIT.ok;
  }
  if (change.plan) showPlan(ctx, { ...change, plan: change.plan });
  else for (const warning of change.warnings) ctx.out.text(`${m.warning}: ${warning}`);
  for (const item of change.items) if (item.kind === 'keychain') ctx.out.text(`  ${keychainLine(item, m)}`);
  if (!(await confirmed(ctx))) {
    document(changeJson(change, { outcome: 'planned' }));
    return EXIT.failed;
  }

  const applied = await applySetup(change, { credentials: ctx.credentials, privileged: ctx.privileged, elevatorFor: ctx.elevatorFor }, (message) => ctx.out.progress(message));
  for (const login of applied.logins) for (const warning of login.warnings) ctx.out.text(`${m.warning}: ${warning}`);
  let code: number = EXIT.ok;
  if (change.plan) code = reportOutcome(ctx, change.plan, applied.json, applied.error);
  else ctx.out.text(m.signedInOnly);
  document(applied.json, applied.logins);
  return code;
}

/** `profile check <file|https-url>`: every endpoint probed and what apply would change; nothing is changed. */
export async function profileCheckCommand(ctx: CliContext, location: string, options: { username?: string }): Promise<number> {
  const m = ctx.out.messages;
  const loaded = await openProfile(location);
  const report = await checkProfile(ctx, loaded, {
    catalogPath: ctx.catalogPath,
    now,
    words: m,
    ...(options.username ? { username: options.username } : {}),
    onRegistry: (host) => ctx.out.progress(`${m.examining} ${host}`),
    onProbeEvent: (event) => {
      if (event.type === 'result') ctx.out.progress(`[${event.done}/${event.total}] ${event.result.url} ${event.result.status}`);
    },
  });
  ctx.out.document(report);
  ctx.out.text(`${m.profile}: ${report.profile.name} (${report.profile.source})`);
  for (const registry of report.registries) ctx.out.text(`  ${registry.state ? registryLine(registry.state, m) : `✗ ${registry.host}: ${registry.problem?.message ?? ''}`}`);
  for (const mirror of report.mirrors) ctx.out.text(`  ${mirror.usable ? '✓' : '✗'} ${m.mirror} ${mirror.url}: ${mirror.status}${mirror.latencyMs === null ? '' : ` ${mirror.latencyMs.toFixed(0)} ms`}`);
  if (report.nexus) ctx.out.text(`  ${report.nexus.problem || report.nexus.available === false ? '✗' : '✓'} Nexus ${report.nexus.url}${report.nexus.version ? ` ${report.nexus.version}` : ''}`);
  if (report.changes.length === 0 && report.problems.length === 0) ctx.out.text(m.profileUnchanged);
  else if (report.changes.length > 0) {
    ctx.out.text(`${m.applyWould}:`);
    for (const item of report.changes) ctx.out.text(`  - ${itemLine(item, m)}`);
    if (report.diff !== '') ctx.out.text(`\n${m.changes}:\n${report.diff.trimEnd()}\n`);
  }
  for (const problem of report.problems) ctx.out.text(`${m.problem}: ${problem}`);
  ctx.out.text(report.problems.length === 0 ? m.checkOk : m.checkFailed);
  return report.problems.length === 0 ? EXIT.ok : EXIT.failed;
}

/**
 * Where each registry's credentials come from when the --credentials file does not name it: one password on stdin for every registry that
 * asks (one Nexus account behind every connector), or typed at the terminal for each registry
 * with nothing stored; a registry with credentials stored keeps them unless stdin gives some.
 */
function credentialsSource(ctx: CliContext, options: ProfileApplyOptions, stdin: NodeJS.ReadableStream): CredentialsFor {
  const m = ctx.out.messages;
  let piped: Promise<string> | null = null;
  let lastUsername = options.username;
  return async ({ state, stored }) => {
    const host = state.host;
    if (options.passwordStdin) {
      piped ??= readPassword(stdin, 'dockside profile apply <profile> -u USER');
      const username = options.username ?? stored?.username;
      if (username === undefined) throw new DocksideError('usage', `${host} asks for credentials: give the user name with -u USER. Nothing was changed.`);
      return { username, password: await piped };
    }
    if (stored) return null;
    if (!ctx.interactive) {
      throw new DocksideError(
        'password-needed',
        `${host} asks for credentials and none are stored for it. Nothing was changed. Give the password on stdin (\`dockside profile apply <profile> -u USER --password-stdin < password.txt\`), or run the command at a terminal.`,
      );
    }
    const typed = await askLine(`${m.usernameFor} ${host}${lastUsername ? ` [${lastUsername}]` : ''}: `);
    const username = typed === '' ? lastUsername : typed;
    if (!username) throw new DocksideError('usage', `${host} asks for credentials: a user name is needed. Nothing was changed.`);
    lastUsername = username;
    const password = await askSecret(`${m.passwordFor} ${username}@${host}: `);
    if (password === '') throw new DocksideError('usage', `The password for ${host} is empty. Nothing was changed.`);
    return { username, password };
  };
}

function registryLine(state: ProfileRegistryState, m: CliMessages): string {
  const roles = [state.pull ? m.pull : null, state.push ? m.push : null].filter((role) => role !== null).join(', ');
  const trust = {
    install: `${m.trustInstall} ${state.trust.fingerprint ?? ''}`.trim(),
    installed: m.trustInstalled,
    system: m.trustedBySystem,
    'plain-http': m.trustPlainHttp,
  }[state.trust.state];
  const signIn = {
    'sign-in': state.signIn.username ? `${m.signInAs} ${state.signIn.username}` : m.signInNeeded,
    'signed-in': `${m.signedInAs} ${state.signIn.username ?? ''}`.trim(),
    anonymous: m.anonymous,
  }[state.signIn.state];
  return `${state.host}${roles ? ` (${roles})` : ''}: ${trust}; ${signIn}`;
}

function keychainLine(item: Extract<ChangeItem, { kind: 'keychain' }>, m: CliMessages): string {
  return `${m.signIn}: ${item.username ? `${item.username}@` : ''}${item.registry} -> ${storeName(item.store, m)}`;
}

function itemLine(item: ChangeItem, m: CliMessages): string {
  switch (item.kind) {
    case 'file':
      return `${item.action} ${item.path}${item.elevated ? ` (${m.asAdministrator})` : ''}`;
    case 'keychain':
      return keychainLine(item, m);
    case 'engine':
      return `${m.engine}: ${item.action}`;
    case 'verify':
      return `${m.verifyActive}: ${m.mirrors} [${item.expected.mirrors.join(', ')}], ${m.insecure} [${item.expected.insecureRegistries.join(', ')}]`;
  }
}
