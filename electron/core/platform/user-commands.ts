import { constants } from 'node:fs';
import { access, mkdir, readFile, readlink, realpath, stat, symlink, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { USER_COMMAND_NAMES, type UserCommandChange, type UserCommandsResult, type UserCommandsStatus } from '../../../shared/user-commands';
import { DocksideError } from '../errors';
import { atomicWriteFile, lstatOrNull, removeFile } from '../plan/atomic-write';

/** Where the commands go and how the shell finds them, from the user's environment (injected in tests). */
export interface UserCommandsEnv {
  platform: NodeJS.Platform;
  home: string;
  /** $SHELL: picks the profile file. */
  shell?: string;
  /** $PATH: where the commands are found now. */
  path?: string;
  /** This installation's launchers directory, null when it has none. */
  launchersDir: string | null;
  /** A packaged app (macOS offers the change there even when the helper is found). */
  packaged: boolean;
}

// verbatim: a shell command line written to the user's profile; the comment marks it as ours
export const PROFILE_LINE = 'export PATH="$HOME/.docker/bin:$PATH" # added by Dockside';

/** ~/.docker/bin: Docker Desktop's user mode links its own commands there too. */
export function userBinDir(home: string): string {
  return join(home, '.docker', 'bin');
}

/**
 * The login shell's profile: zsh reads ~/.zprofile; bash ~/.bash_profile when it exists (then it
 * skips ~/.profile), else ~/.profile; macOS's default shell is zsh.
 */
export async function profilePath(env: Pick<UserCommandsEnv, 'platform' | 'home' | 'shell'>): Promise<string> {
  const shell = env.shell ? basename(env.shell) : env.platform === 'darwin' ? 'zsh' : '';
  if (shell === 'zsh') return join(env.home, '.zprofile');
  if (shell === 'bash' && (await lstatOrNull(join(env.home, '.bash_profile'))) !== null) return join(env.home, '.bash_profile');
  return join(env.home, '.profile');
}

export async function userCommandsStatus(env: UserCommandsEnv): Promise<UserCommandsStatus> {
  const binDir = userBinDir(env.home);
  const profile = await profilePath(env);
  const profileText = await readTextOrEmpty(profile);
  const present = hasProfileLine(profileText);
  const commands = await Promise.all(
    USER_COMMAND_NAMES.map(async (name) => {
      const source = env.launchersDir !== null && (await isFile(join(env.launchersDir, name))) ? join(env.launchersDir, name) : null;
      return { name, source, link: await linkState(join(binDir, name), source), foundAt: await findOnPath(name, env.path) };
    }),
  );
  const supported = env.platform !== 'win32';
  const linkable = commands.filter((command) => command.source !== null);
  const pending: UserCommandChange[] = [
    ...linkable.filter((command) => command.link === 'missing').map((command) => ({ kind: 'link' as const, path: join(binDir, command.name), target: command.source ?? '' })),
    ...(present ? [] : [{ kind: 'profile-line' as const, path: profile, line: PROFILE_LINE }]),
  ];
  const installed = linkable.length > 0 && linkable.every((command) => command.link === 'ours') && present;
  const helperFound = commands.some((command) => command.name === 'docker-credential-dockside' && command.foundAt !== null);
  const ours = present || commands.some((command) => command.link === 'ours');
  const offer = supported && env.launchersDir !== null && (ours || (env.packaged && env.platform === 'darwin') || !helperFound);
  return { supported, offer, launchersDir: env.launchersDir, binDir, profile: { path: profile, line: PROFILE_LINE, present }, commands, installed, pending };
}

/**
 * Links the installation's launchers into ~/.docker/bin and adds the one PATH line to the
 * profile. A second run changes nothing; a file of someone else's in ~/.docker/bin is never
 * replaced (checked before anything is written).
 */
export async function installUserCommands(env: UserCommandsEnv): Promise<UserCommandsResult> {
  const before = await userCommandsStatus(env);
  refuseUnsupported(before);
  if (before.launchersDir === null || before.commands.every((command) => command.source === null)) {
    throw new DocksideError('no-launchers', 'desktop.error.user-commands.no-launchers');
  }
  const foreign = before.commands.find((command) => command.source !== null && command.link === 'foreign');
  if (foreign) throw new DocksideError('path-occupied', 'desktop.error.user-commands.occupied', { path: join(before.binDir, foreign.name) });
  for (const change of before.pending) {
    if (change.kind === 'link') {
      await mkdir(before.binDir, { recursive: true, mode: 0o755 });
      await symlink(change.target, change.path);
    } else {
      const file = await linkedFile(change.path);
      const text = await readTextOrEmpty(file);
      const separator = text === '' || text.endsWith('\n') ? '' : '\n';
      await atomicWriteFile(file, `${text}${separator}${change.line}\n`, { mode: 0o644 });
    }
  }
  return { changed: before.pending, status: await userCommandsStatus(env) };
}

/** Removes exactly what install added: its links (pointing at this installation's launchers) and its line. */
export async function removeUserCommands(env: UserCommandsEnv): Promise<UserCommandsResult> {
  const before = await userCommandsStatus(env);
  refuseUnsupported(before);
  const changed: UserCommandChange[] = [];
  for (const command of before.commands) {
    if (command.link !== 'ours' || command.source === null) continue;
    const path = join(before.binDir, command.name);
    await unlink(path);
    changed.push({ kind: 'link', path, target: command.source });
  }
  if (before.profile.present) {
    const file = await linkedFile(before.profile.path);
    const text = await readTextOrEmpty(file);
    const kept = text
      .split('\n')
      .filter((line) => line !== PROFILE_LINE)
      .join('\n');
    // A profile that held only our line goes as it came: an empty profile and none are the same to the shell.
    if (kept.trim() === '' && file === before.profile.path) await removeFile(file);
    else await atomicWriteFile(file, kept, { mode: 0o644 });
    changed.push({ kind: 'profile-line', path: before.profile.path, line: PROFILE_LINE });
  }
  return { changed, status: await userCommandsStatus(env) };
}

function refuseUnsupported(status: UserCommandsStatus): void {
  if (!status.supported) throw new DocksideError('unsupported-platform', 'desktop.error.user-commands.unsupported');
}

function hasProfileLine(text: string): boolean {
  return text.split('\n').includes(PROFILE_LINE);
}

async function linkState(path: string, source: string | null): Promise<'ours' | 'missing' | 'foreign'> {
  const stats = await lstatOrNull(path);
  if (stats === null) return 'missing';
  if (source !== null && stats.isSymbolicLink() && (await readlink(path)) === source) return 'ours';
  return 'foreign';
}

/** Like the shell's lookup: the first executable regular file of that name along PATH. */
async function findOnPath(name: string, path: string | undefined): Promise<string | null> {
  for (const dir of (path ?? '').split(':').filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // Not in this directory.
    }
  }
  return null;
}

/**
 * The file a profile really is: a dotfiles manager often links ~/.zprofile into a repository,
 * and that link must stay a link (the atomic writer refuses to replace one); missing: the path itself.
 */
async function linkedFile(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path;
    throw error;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function readTextOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}
