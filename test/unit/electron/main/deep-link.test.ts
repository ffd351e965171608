import { describe, expect, it } from 'vitest';
import { profileUrlFromArgs, profileUrlFromDeepLink } from '../../../../electron/main/deep-link';

const PROFILE = 'https://nexus.example.com/repository/profiles/team.json';
const link = (url: string): string => `dockside://profile?url=${encodeURIComponent(url)}`;

describe('profileUrlFromDeepLink', () => {
  // [what, link, the profile URL it names]
  const accepted: [string, string, string][] = [
    ['the documented form', link(PROFILE), PROFILE],
    ['a path slash before the query', `dockside://profile/?url=${encodeURIComponent(PROFILE)}`, PROFILE],
    ['the scheme in capitals', `DOCKSIDE://profile?url=${encodeURIComponent(PROFILE)}`, PROFILE],
    ['the scheme in mixed case', `DockSide://profile?url=${encodeURIComponent(PROFILE)}`, PROFILE],
    ['the host in capitals (host names have no case)', `dockside://PROFILE?url=${encodeURIComponent(PROFILE)}`, PROFILE],
    ['a URL left unencoded', `dockside://profile?url=${PROFILE}`, PROFILE],
    ['a port and a query of the profile URL, encoded', link('https://nexus.example.com:8443/p.json?v=2&x=1'), 'https://nexus.example.com:8443/p.json?v=2&x=1'],
    ['an IPv6 host', link('https://[::1]:8443/team.json'), 'https://[::1]:8443/team.json'],
    ['a host name in capitals, normalised as it will be fetched', link('https://Nexus.Example.COM/team.json'), 'https://nexus.example.com/team.json'],
  ];

  it.each(accepted)('accepts %s', (_what, given, expected) => {
    expect(profileUrlFromDeepLink(given)).toBe(expected);
  });

  // [what, link]
  const refused: [string, string][] = [
    ['another host', `dockside://settings?url=${encodeURIComponent(PROFILE)}`],
    ['a path below profile', `dockside://profile/apply?url=${encodeURIComponent(PROFILE)}`],
    ['the host as a path', `dockside:profile?url=${encodeURIComponent(PROFILE)}`],
    ['another scheme', `https://profile?url=${encodeURIComponent(PROFILE)}`],
    ['a look-alike scheme', `docksides://profile?url=${encodeURIComponent(PROFILE)}`],
    ['no url parameter', 'dockside://profile'],
    ['an empty url', 'dockside://profile?url='],
    ['an http URL', link('http://nexus.example.com/team.json')],
    ['a file URL', link('file:///etc/passwd')],
    ['a javascript URL', link('javascript:alert(1)')],
    ['a data URL', link('data:application/json,{"version":1}')],
    ['not a URL at all', link('nexus.example.com/team.json')],
    ['a profile URL with user and password', link('https://dev:secret@nexus.example.com/team.json')],
    ['a profile URL with a user only', link('https://dev@nexus.example.com/team.json')],
    ['an extra parameter', `${link(PROFILE)}&apply=yes`],
    ['an extra parameter first', `dockside://profile?lang=zh-CN&url=${encodeURIComponent(PROFILE)}`],
    ['the url parameter twice', `${link(PROFILE)}&url=${encodeURIComponent('https://evil.example/p.json')}`],
    ['a fragment', `${link(PROFILE)}#now`],
    ['user info on the link itself', `dockside://me@profile?url=${encodeURIComponent(PROFILE)}`],
    ['a port on the link itself', `dockside://profile:1?url=${encodeURIComponent(PROFILE)}`],
    ['a link over 2048 characters', link(`https://nexus.example.com/${'a'.repeat(2048)}.json`)],
    ['an empty string', ''],
  ];

  it.each(refused)('refuses %s', (_what, given) => {
    expect(profileUrlFromDeepLink(given)).toBeNull();
  });

  it('accepts a link of exactly 2048 characters', () => {
    const base = link('https://nexus.example.com/x.json');
    const padded = link(`https://nexus.example.com/${'a'.repeat(2048 - base.length)}x.json`);
    expect(padded).toHaveLength(2048);
    expect(profileUrlFromDeepLink(padded)).not.toBeNull();
  });
});

describe('profileUrlFromArgs', () => {
  it('finds the link among the arguments Windows and Linux start the app with', () => {
    expect(profileUrlFromArgs(['/opt/Dockside/dockside', '--no-sandbox', link(PROFILE)])).toBe(PROFILE);
  });

  it('takes the second instance’s link even with Chromium switches after it', () => {
    expect(profileUrlFromArgs(['C:\\Dockside\\Dockside.exe', link(PROFILE), '--allow-file-access-from-files'])).toBe(PROFILE);
  });

  it('answers null when no argument is a link, or the link is not one of ours', () => {
    expect(profileUrlFromArgs(['/opt/Dockside/dockside'])).toBeNull();
    expect(profileUrlFromArgs([])).toBeNull();
    expect(profileUrlFromArgs(['/opt/Dockside/dockside', link('http://nexus.example.com/team.json')])).toBeNull();
    // A plain https URL given as an argument is not a link: only dockside:// is read.
    expect(profileUrlFromArgs(['/opt/Dockside/dockside', PROFILE])).toBeNull();
  });
});
