import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../shared/cli';
import { UserCommandsResultSchema, UserCommandsStatusSchema } from '../../shared/user-commands';
import { dockside, HELPER_DIR } from '../harness/dockside';
import { makeTempDir, type TempDir } from '../harness/tmp';

// `dockside path status|install|remove` of the built CLI against a temporary HOME (zsh: ~/.zprofile):
// the links and the line on disk, a login shell's lookup, and the same outcome twice.

let dir: TempDir;
let home: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  dir = makeTempDir('path-command');
  home = dir.join('home');
  mkdirSync(home);
  env = { HOME: home, SHELL: '/bin/zsh', PATH: '/usr/bin:/bin', DOCKSIDE_ENGINE: 'none', DOCKSIDE_STATE_DIR: dir.join('state'), LANG: 'C.UTF-8' };
});
afterEach(() => dir.remove());

const link = (name = 'docker-credential-dockside') => join(home, '.docker', 'bin', name);
const profile = () => join(home, '.zprofile');

describe('dockside path', () => {
  it('status says the helper is not on PATH and what install would change', async () => {
    const result = await dockside(['path', 'status', '--json'], env);
    expect(result.code).toBe(EXIT.ok);
    const status = UserCommandsStatusSchema.parse(JSON.parse(result.stdout));
    expect(status.commands.find((command) => command.name === 'docker-credential-dockside')?.foundAt).toBeNull();
    expect(status.pending).toContainEqual({ kind: 'link', path: link(), target: join(HELPER_DIR, 'docker-credential-dockside') });
    expect(status.pending).toContainEqual({ kind: 'profile-line', path: profile(), line: status.profile.line });
  });

  it('install without --yes and without a terminal lists the changes and writes nothing', async () => {
    const result = await dockside(['path', 'install'], env);
    expect(result.code).toBe(EXIT.failed);
    expect(result.stdout).toContain(`link ${link()} -> ${join(HELPER_DIR, 'docker-credential-dockside')}`);
    expect(existsSync(join(home, '.docker'))).toBe(false);
    expect(existsSync(profile())).toBe(false);
  });

  it('install --yes links both commands and adds one line: a login shell reading that profile finds them; twice changes nothing; remove undoes it', async () => {
    writeFileSync(profile(), 'export EDITOR=vi\n');
    const first = await dockside(['path', 'install', '--yes', '--json'], env);
    expect(first.code, first.stderr).toBe(EXIT.ok);
    // Two links (a built checkout's out/bin has both launchers) and the profile line.
    expect(UserCommandsResultSchema.parse(JSON.parse(first.stdout)).changed).toHaveLength(3);
    for (const name of ['dockside', 'docker-credential-dockside']) expect(readlinkSync(link(name))).toBe(join(HELPER_DIR, name));
    const written = readFileSync(profile(), 'utf8');
    expect(written).toBe('export EDITOR=vi\nexport PATH="$HOME/.docker/bin:$PATH" # added by Dockside\n');
    // zsh is not installed here: sh reads the same line the same way.
    const found = execFileSync('/bin/sh', ['-c', `. ${profile()}; command -v docker-credential-dockside; dockside --help`], { env: { HOME: home, PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
    expect(found.split('\n')[0]).toBe(link());
    expect(found).toContain('dockside path status');

    const second = await dockside(['path', 'install', '--yes', '--json'], env);
    expect(UserCommandsResultSchema.parse(JSON.parse(second.stdout)).changed).toEqual([]);
    expect(readFileSync(profile(), 'utf8')).toBe(written);

    const removed = await dockside(['path', 'remove', '--yes'], env);
    expect(removed.code, removed.stderr).toBe(EXIT.ok);
    expect(existsSync(link())).toBe(false);
    expect(existsSync(link('dockside'))).toBe(false);
    expect(readFileSync(profile(), 'utf8')).toBe('export EDITOR=vi\n');
  });

  it('refuses with its code when ~/.docker/bin holds another file of that name', async () => {
    mkdirSync(join(home, '.docker', 'bin'), { recursive: true });
    writeFileSync(link(), 'not Dockside’s\n');
    const result = await dockside(['path', 'install', '--yes', '--json'], env);
    expect(result.code).toBe(EXIT.failed);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { code: 'path-occupied' } });
    expect(readFileSync(link(), 'utf8')).toBe('not Dockside’s\n');
    expect(existsSync(profile())).toBe(false);
  });
});
