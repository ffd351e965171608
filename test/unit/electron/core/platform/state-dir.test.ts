import { describe, expect, it } from 'vitest';
import { currentStateDir, stateDir, type StateDirEnv } from '../../../../../electron/core/platform/state-dir';

const linuxUser: StateDirEnv = { platform: 'linux', uid: 1000, home: '/home/dev', env: {} };

describe('stateDir', () => {
  it.each<[string, StateDirEnv, string]>([
    ['linux root', { ...linuxUser, uid: 0, home: '/root' }, '/var/lib/dockside'],
    ['linux root ignores XDG_STATE_HOME', { ...linuxUser, uid: 0, home: '/root', env: { XDG_STATE_HOME: '/home/dev/.local/state' } }, '/var/lib/dockside'],
    ['linux user', linuxUser, '/home/dev/.local/state/dockside'],
    ['linux user with XDG_STATE_HOME', { ...linuxUser, env: { XDG_STATE_HOME: '/srv/state' } }, '/srv/state/dockside'],
    ['linux user with a relative XDG_STATE_HOME (ignored)', { ...linuxUser, env: { XDG_STATE_HOME: 'state' } }, '/home/dev/.local/state/dockside'],
    ['DOCKSIDE_STATE_DIR wins', { ...linuxUser, uid: 0, env: { DOCKSIDE_STATE_DIR: '/opt/dockside/state/' } }, '/opt/dockside/state'],
    ['a relative DOCKSIDE_STATE_DIR is ignored', { ...linuxUser, env: { DOCKSIDE_STATE_DIR: 'state' } }, '/home/dev/.local/state/dockside'],
    ['an empty DOCKSIDE_STATE_DIR is ignored', { ...linuxUser, env: { DOCKSIDE_STATE_DIR: '' } }, '/home/dev/.local/state/dockside'],
    ['macOS', { platform: 'darwin', uid: 501, home: '/Users/dev', env: {} }, '/Users/dev/Library/Application Support/Dockside'],
    ['Windows', { platform: 'win32', uid: undefined, home: 'C:\\Users\\dev', env: { LOCALAPPDATA: 'C:\\Users\\dev\\AppData\\Local' } }, 'C:\\Users\\dev\\AppData\\Local\\Dockside'],
    ['Windows without LOCALAPPDATA', { platform: 'win32', uid: undefined, home: 'C:\\Users\\dev', env: {} }, 'C:\\Users\\dev\\AppData\\Local\\Dockside'],
    ['Windows with DOCKSIDE_STATE_DIR', { platform: 'win32', uid: undefined, home: 'C:\\Users\\dev', env: { DOCKSIDE_STATE_DIR: 'D:\\state' } }, 'D:\\state'],
  ])('%s', (_name, env, expected) => {
    expect(stateDir(env)).toBe(expected);
  });

  it('has an absolute answer for this process', () => {
    expect(currentStateDir()).toMatch(process.platform === 'win32' ? /^[A-Za-z]:\\/ : /^\//);
  });
});
