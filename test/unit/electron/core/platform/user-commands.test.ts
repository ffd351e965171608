import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  installUserCommands,
  PROFILE_LINE,
  profilePath,
  removeUserCommands,
  type UserCommandsEnv,
  userCommandsStatus,
} from '../../../../../electron/core/platform/user-commands';
import { rejectionOf } from '../../../dockside-error';

let root: string;
let home: string;
let launchers: string;

function launcher(name: string): void {
  writeFileSync(join(launchers, name), '#!/bin/sh\n', { mode: 0o755 });
}

function userEnv(overrides: Partial<UserCommandsEnv> = {}): UserCommandsEnv {
  return { platform: 'linux', home, shell: '/bin/bash', path: '/usr/bin:/bin', launchersDir: launchers, packaged: false, ...overrides };
}

const read = (path: string): string => readFileSync(path, 'utf8');

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'dockside-user-commands-'));
  home = join(root, 'home');
  launchers = join(root, 'app', 'launchers');
  mkdirSync(home);
  mkdirSync(launchers, { recursive: true });
  launcher('dockside');
  launcher('docker-credential-dockside');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('profilePath', () => {
  it('is ~/.zprofile for zsh, and on macOS without $SHELL', async () => {
    expect(await profilePath({ platform: 'linux', home, shell: '/usr/bin/zsh' })).toBe(join(home, '.zprofile'));
    expect(await profilePath({ platform: 'darwin', home })).toBe(join(home, '.zprofile'));
  });

  it('is ~/.bash_profile for bash when it exists, else ~/.profile (bash reads only the first)', async () => {
    expect(await profilePath({ platform: 'linux', home, shell: '/bin/bash' })).toBe(join(home, '.profile'));
    writeFileSync(join(home, '.bash_profile'), '. ~/.bashrc\n');
    expect(await profilePath({ platform: 'darwin', home, shell: '/bin/bash' })).toBe(join(home, '.bash_profile'));
  });

  it('is ~/.profile for other shells', async () => {
    expect(await profilePath({ platform: 'linux', home, shell: '/bin/sh' })).toBe(join(home, '.profile'));
    expect(await profilePath({ platform: 'linux', home })).toBe(join(home, '.profile'));
  });
});

describe('installUserCommands and removeUserCommands', () => {
  it('lists the exact changes first, then makes them: two links in ~/.docker/bin and one profile line', async () => {
    writeFileSync(join(home, '.profile'), '# my profile\nexport EDITOR=vi\n');
    const before = await userCommandsStatus(userEnv());
    expect(before.installed).toBe(false);
    expect(before.offer).toBe(true);
    expect(before.pending).toEqual([
      { kind: 'link', path: join(home, '.docker', 'bin', 'dockside'), target: join(launchers, 'dockside') },
      { kind: 'link', path: join(home, '.docker', 'bin', 'docker-credential-dockside'), target: join(launchers, 'docker-credential-dockside') },
      { kind: 'profile-line', path: join(home, '.profile'), line: PROFILE_LINE },
    ]);

    const result = await installUserCommands(userEnv());
    expect(result.changed).toEqual(before.pending);
    expect(readlinkSync(join(home, '.docker', 'bin', 'dockside'))).toBe(join(launchers, 'dockside'));
    expect(readlinkSync(join(home, '.docker', 'bin', 'docker-credential-dockside'))).toBe(join(launchers, 'docker-credential-dockside'));
    expect(read(join(home, '.profile'))).toBe(`# my profile\nexport EDITOR=vi\n${PROFILE_LINE}\n`);
    expect(result.status.installed).toBe(true);
    expect(result.status.pending).toEqual([]);
  });

  it('changes nothing on a second run', async () => {
    await installUserCommands(userEnv());
    const profile = read(join(home, '.profile'));
    const second = await installUserCommands(userEnv());
    expect(second.changed).toEqual([]);
    expect(read(join(home, '.profile'))).toBe(profile);
    expect(profile.split('\n').filter((line) => line === PROFILE_LINE)).toHaveLength(1);
  });

  it('puts the line on a line of its own after a profile without a final newline, and never touches the other lines', async () => {
    writeFileSync(join(home, '.zprofile'), 'eval "$(/opt/homebrew/bin/brew shellenv)"');
    await installUserCommands(userEnv({ shell: '/bin/zsh', platform: 'darwin' }));
    expect(read(join(home, '.zprofile'))).toBe(`eval "$(/opt/homebrew/bin/brew shellenv)"\n${PROFILE_LINE}\n`);
  });

  it('writes through a linked profile (a dotfiles repository) and keeps the link, on install and on undo', async () => {
    const dotfiles = join(root, 'dotfiles');
    mkdirSync(dotfiles);
    writeFileSync(join(dotfiles, 'zprofile'), 'export EDITOR=vi\n');
    symlinkSync(join(dotfiles, 'zprofile'), join(home, '.zprofile'));
    const env = userEnv({ shell: '/bin/zsh' });
    await installUserCommands(env);
    expect(lstatSync(join(home, '.zprofile')).isSymbolicLink()).toBe(true);
    expect(read(join(dotfiles, 'zprofile'))).toBe(`export EDITOR=vi\n${PROFILE_LINE}\n`);
    await removeUserCommands(env);
    expect(lstatSync(join(home, '.zprofile')).isSymbolicLink()).toBe(true);
    expect(read(join(dotfiles, 'zprofile'))).toBe('export EDITOR=vi\n');
  });

  it('refuses, changing nothing, when ~/.docker/bin holds someone else file of that name', async () => {
    mkdirSync(join(home, '.docker', 'bin'), { recursive: true });
    writeFileSync(join(home, '.docker', 'bin', 'docker-credential-dockside'), 'not ours\n');
    const status = await userCommandsStatus(userEnv());
    expect(status.commands.find((command) => command.name === 'docker-credential-dockside')?.link).toBe('foreign');

    const error = await rejectionOf(installUserCommands(userEnv()));
    expect(error.code).toBe('path-occupied');
    expect(error.params.path).toBe(join(home, '.docker', 'bin', 'docker-credential-dockside'));
    expect(read(join(home, '.docker', 'bin', 'docker-credential-dockside'))).toBe('not ours\n');
    expect(existsSync(join(home, '.docker', 'bin', 'dockside'))).toBe(false);
    expect(existsSync(join(home, '.profile'))).toBe(false);
  });

  it('counts a link to another place as foreign too', async () => {
    mkdirSync(join(home, '.docker', 'bin'), { recursive: true });
    symlinkSync('/usr/bin/true', join(home, '.docker', 'bin', 'dockside'));
    expect((await rejectionOf(installUserCommands(userEnv()))).code).toBe('path-occupied');
    expect(readlinkSync(join(home, '.docker', 'bin', 'dockside'))).toBe('/usr/bin/true');
  });

  it('undoes exactly its links and its line, and leaves the rest', async () => {
    writeFileSync(join(home, '.profile'), '# my profile\n');
    mkdirSync(join(home, '.docker', 'bin'), { recursive: true });
    writeFileSync(join(home, '.docker', 'bin', 'docker-compose'), 'Docker Desktop’s\n');
    await installUserCommands(userEnv());

    const removed = await removeUserCommands(userEnv());
    expect(removed.changed.map((change) => change.path)).toEqual([
      join(home, '.docker', 'bin', 'dockside'),
      join(home, '.docker', 'bin', 'docker-credential-dockside'),
      join(home, '.profile'),
    ]);
    expect(existsSync(join(home, '.docker', 'bin', 'dockside'))).toBe(false);
    expect(existsSync(join(home, '.docker', 'bin', 'docker-credential-dockside'))).toBe(false);
    expect(read(join(home, '.docker', 'bin', 'docker-compose'))).toBe('Docker Desktop’s\n');
    expect(read(join(home, '.profile'))).toBe('# my profile\n');
    expect(removed.status.installed).toBe(false);
    expect((await removeUserCommands(userEnv())).changed).toEqual([]);
  });

  it('removes a profile it created and that holds only its line', async () => {
    await installUserCommands(userEnv({ shell: '/bin/zsh' }));
    expect(read(join(home, '.zprofile'))).toBe(`${PROFILE_LINE}\n`);
    await removeUserCommands(userEnv({ shell: '/bin/zsh' }));
    expect(existsSync(join(home, '.zprofile'))).toBe(false);
  });

  it('never removes a file it did not link', async () => {
    mkdirSync(join(home, '.docker', 'bin'), { recursive: true });
    writeFileSync(join(home, '.docker', 'bin', 'dockside'), 'mine\n');
    await removeUserCommands(userEnv());
    expect(lstatSync(join(home, '.docker', 'bin', 'dockside')).isFile()).toBe(true);
  });

  it('links only the launchers the installation has', async () => {
    rmSync(join(launchers, 'dockside'));
    const result = await installUserCommands(userEnv());
    expect(result.changed.map((change) => change.kind)).toEqual(['link', 'profile-line']);
    expect(existsSync(join(home, '.docker', 'bin', 'dockside'))).toBe(false);
    expect(result.status.installed).toBe(true);
  });

  it('refuses without a launchers directory, and on Windows', async () => {
    expect((await rejectionOf(installUserCommands(userEnv({ launchersDir: null })))).code).toBe('no-launchers');
    expect((await rejectionOf(installUserCommands(userEnv({ platform: 'win32' })))).code).toBe('unsupported-platform');
    expect(existsSync(join(home, '.docker'))).toBe(false);
  });
});

describe('userCommandsStatus', () => {
  it('says where PATH finds each command', async () => {
    const bin = join(root, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'docker-credential-dockside'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(bin, 'dockside'), 'not executable\n', { mode: 0o644 });
    const status = await userCommandsStatus(userEnv({ path: `/nowhere:${bin}` }));
    expect(status.commands.map((command) => [command.name, command.foundAt])).toEqual([
      ['dockside', null],
      ['docker-credential-dockside', join(bin, 'docker-credential-dockside')],
    ]);
  });

  it('offers the change when the helper is not on PATH, on a packaged macOS app, and once it is installed', async () => {
    const bin = join(root, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'docker-credential-dockside'), '#!/bin/sh\n', { mode: 0o755 });
    expect((await userCommandsStatus(userEnv({ path: bin }))).offer).toBe(false);
    expect((await userCommandsStatus(userEnv({ path: bin, platform: 'darwin', packaged: true }))).offer).toBe(true);
    expect((await userCommandsStatus(userEnv({ path: '/usr/bin' }))).offer).toBe(true);
    expect((await userCommandsStatus(userEnv({ path: '/usr/bin', launchersDir: null }))).offer).toBe(false);
    await installUserCommands(userEnv());
    expect((await userCommandsStatus(userEnv({ path: bin }))).offer).toBe(true);
  });
});
