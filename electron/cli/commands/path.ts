import { homedir } from 'node:os';
import { EXIT } from '../../../shared/cli';
import type { UserCommandChange, UserCommandsStatus } from '../../../shared/user-commands';
import { installUserCommands, removeUserCommands, type UserCommandsEnv, userCommandsStatus } from '../../core/platform/user-commands';
import { confirmed } from '../apply-change';
import type { CliContext } from '../context';
import type { Output } from '../output';

/**
 * `path status|install|remove`: dockside and docker-credential-dockside on the user's PATH
 * through ~/.docker/bin and one line in the shell profile, as the desktop app offers it.
 */
export async function pathCommand(ctx: CliContext, action: 'status' | 'install' | 'remove'): Promise<number> {
  const { out } = ctx;
  const env = pathEnv(ctx);
  const status = await userCommandsStatus(env);
  if (action === 'status') {
    ctx.out.document(status);
    printStatus(out, status);
    return EXIT.ok;
  }
  const planned = action === 'install' ? status.pending : removable(status);
  if (planned.length > 0) {
    out.text(out.t(action === 'install' ? 'cli.path.will-install' : 'cli.path.will-remove'));
    printChanges(out, planned);
    if (!(await confirmed(ctx))) {
      ctx.out.document({ changed: [], status });
      return EXIT.failed;
    }
  }
  const result = action === 'install' ? await installUserCommands(env) : await removeUserCommands(env);
  ctx.out.document(result);
  if (result.changed.length === 0) out.text(out.t(action === 'install' ? 'cli.path.nothing-to-install' : 'cli.path.nothing-to-remove'));
  else out.text(out.t(action === 'install' ? 'cli.path.installed' : 'cli.path.removed'));
  return EXIT.ok;
}

/** The CLI's own installation: its launchers directory is the helper's, as the login fix names it. */
function pathEnv(ctx: CliContext): UserCommandsEnv {
  const env = ctx.credentials.env;
  return { platform: process.platform, home: env.HOME ?? homedir(), shell: env.SHELL, path: env.PATH, launchersDir: ctx.credentials.helperDir, packaged: false };
}

function removable(status: UserCommandsStatus): UserCommandChange[] {
  const links = status.commands.flatMap((command) => (command.link === 'ours' && command.source !== null ? [{ kind: 'link' as const, path: `${status.binDir}/${command.name}`, target: command.source }] : []));
  return [...links, ...(status.profile.present ? [{ kind: 'profile-line' as const, path: status.profile.path, line: status.profile.line }] : [])];
}

function printChanges(out: Output, changes: readonly UserCommandChange[]): void {
  for (const change of changes) {
    out.text(change.kind === 'link' ? out.t('cli.path.change.link', { path: change.path, target: change.target }) : out.t('cli.path.change.line', { path: change.path, line: change.line }));
  }
}

function printStatus(out: Output, status: UserCommandsStatus): void {
  for (const command of status.commands) {
    if (command.foundAt !== null) out.text(out.t('cli.path.found', { name: command.name, path: command.foundAt }));
    else if (command.link === 'ours') out.text(out.t('cli.path.linked', { name: command.name, dir: status.binDir }));
    else out.text(out.t('cli.path.not-found', { name: command.name }));
    if (command.link === 'foreign') out.text(out.t('cli.path.foreign', { path: `${status.binDir}/${command.name}` }));
  }
  out.text(out.t(status.profile.present ? 'cli.path.profile-present' : 'cli.path.profile-missing', { path: status.profile.path }));
  if (status.supported && !status.installed && status.launchersDir !== null) out.text(out.t('cli.path.hint-install'));
}
