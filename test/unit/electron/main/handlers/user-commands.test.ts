import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROFILE_LINE } from '../../../../../electron/core/platform/user-commands';
import { dispatch } from '../../../../../electron/main/handlers/dispatch';
import { createHandlers } from '../../../../../electron/main/handlers/index';
import type { Handlers } from '../../../../../electron/main/handlers/types';
import { userCommandsEnv } from '../../../../../electron/main/handlers/user-commands';
import { createPendingLink } from '../../../../../electron/main/pending-link';

let root: string;
let home: string;
let launchers: string;
let handlers: Handlers;

const never = (): never => {
  throw new Error('the path:* handlers use no machine, catalog or change');
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'dockside-ipc-path-'));
  home = join(root, 'home');
  launchers = join(root, 'launchers');
  mkdirSync(home);
  mkdirSync(launchers);
  for (const name of ['dockside', 'docker-credential-dockside']) writeFileSync(join(launchers, name), '#!/bin/sh\n', { mode: 0o755 });
  handlers = createHandlers({
    app: { name: 'Dockside', version: '0.0.0', platform: 'darwin', arch: 'arm64' },
    machine: never,
    catalogPath: '',
    emit: never,
    change: { privileged: { runtime: '', script: '' }, elevatorFor: never, newId: never, confirm: never, systemLanguages: () => ['en-US'] },
    profileLink: createPendingLink(),
    userCommands: () => userCommandsEnv({ HOME: home, SHELL: '/bin/zsh', PATH: '/usr/bin:/bin' }, launchers, true, 'darwin'),
  });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('path:status, path:install, path:remove', () => {
  it('offers the change, makes it in the HOME of the environment, and undoes it', async () => {
    const status = await dispatch(handlers, 'path:status', {});
    expect(status.ok && status.value.offer).toBe(true);
    expect(status.ok && status.value.pending.map((change) => change.path)).toEqual([
      join(home, '.docker', 'bin', 'dockside'),
      join(home, '.docker', 'bin', 'docker-credential-dockside'),
      join(home, '.zprofile'),
    ]);

    const installed = await dispatch(handlers, 'path:install', {});
    expect(installed.ok && installed.value.status.installed).toBe(true);
    expect(readlinkSync(join(home, '.docker', 'bin', 'docker-credential-dockside'))).toBe(join(launchers, 'docker-credential-dockside'));
    expect(readFileSync(join(home, '.zprofile'), 'utf8')).toBe(`${PROFILE_LINE}\n`);

    const removed = await dispatch(handlers, 'path:remove', {});
    expect(removed.ok && removed.value.changed).toHaveLength(3);
    expect(existsSync(join(home, '.docker', 'bin', 'dockside'))).toBe(false);
    expect(existsSync(join(home, '.zprofile'))).toBe(false);
  });

  it('answers a foreign file with its coded error, and writes nothing', async () => {
    mkdirSync(join(home, '.docker', 'bin'), { recursive: true });
    writeFileSync(join(home, '.docker', 'bin', 'dockside'), 'someone else’s\n');
    const result = await dispatch(handlers, 'path:install', {});
    expect(result).toEqual({ ok: false, error: { code: 'path-occupied', key: 'desktop.error.user-commands.occupied', params: { path: join(home, '.docker', 'bin', 'dockside') } } });
    expect(existsSync(join(home, '.zprofile'))).toBe(false);
  });

  it('refuses a request with fields', async () => {
    const result = await dispatch(handlers, 'path:install', { dir: '/usr/local/bin' });
    expect(result.ok).toBe(false);
    expect(existsSync(join(home, '.docker'))).toBe(false);
  });
});
