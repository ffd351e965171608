import { describe, expect, it } from 'vitest';
import { withDesktopSearchPath } from '../../../../../electron/core/platform/search-path';

const FINDER_PATH = '/usr/bin:/bin:/usr/sbin:/sbin';

describe('withDesktopSearchPath', () => {
  it('appends Homebrew and ~/.docker/bin to the PATH Finder gives a macOS app', () => {
    const env = withDesktopSearchPath({ PATH: FINDER_PATH, HOME: '/Users/dev' }, 'darwin', '/Users/dev');
    expect(env.PATH).toBe(`${FINDER_PATH}:/usr/local/bin:/opt/homebrew/bin:/Users/dev/.docker/bin`);
    expect(env.HOME).toBe('/Users/dev');
  });

  it('keeps the order of a PATH that has some of them, adding only the missing ones at the end', () => {
    const env = withDesktopSearchPath({ PATH: '/opt/homebrew/bin:/usr/bin:/bin' }, 'darwin', '/Users/dev');
    expect(env.PATH).toBe('/opt/homebrew/bin:/usr/bin:/bin:/usr/local/bin:/Users/dev/.docker/bin');
  });

  it('changes nothing when every directory is there already', () => {
    const given = { PATH: '/Users/dev/.docker/bin:/usr/local/bin:/opt/homebrew/bin:/usr/bin' };
    expect(withDesktopSearchPath(given, 'darwin', '/Users/dev')).toBe(given);
  });

  it('gives a PATH when there was none', () => {
    expect(withDesktopSearchPath({}, 'darwin', '/Users/dev').PATH).toBe('/usr/local/bin:/opt/homebrew/bin:/Users/dev/.docker/bin');
  });

  it.each<NodeJS.Platform>(['linux', 'win32'])('leaves the environment alone on %s (the app inherits the login PATH there)', (platform) => {
    const given = { PATH: FINDER_PATH };
    expect(withDesktopSearchPath(given, platform, '/home/dev')).toBe(given);
  });

  it('does not change the environment it is given', () => {
    const given = { PATH: FINDER_PATH };
    withDesktopSearchPath(given, 'darwin', '/Users/dev');
    expect(given.PATH).toBe(FINDER_PATH);
  });
});
