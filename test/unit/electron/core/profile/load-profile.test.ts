import { describe, expect, it } from 'vitest';
import { fetchProfile, parseProfile } from '../../../../../electron/core/profile/load-profile';
import { rejectionOf, thrownBy } from '../../../dockside-error';

const FINGERPRINT = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';

/** A profile as a platform team would publish it (resources/profiles will hold the shipped examples). */
const VALID = {
  version: 1,
  name: 'ACME build farm',
  nexus: 'https://nexus.acme.example',
  registries: [
    { host: 'docker.acme.example', pull: true, caFingerprint: FINGERPRINT },
    { host: 'docker.acme.example:8443', push: true, caFingerprint: `sha256:${FINGERPRINT.replace(/:/g, '').toLowerCase()}` },
    { host: 'legacy.acme.example:5000', pull: true, insecure: true },
  ],
  mirrors: ['https://mirror.acme.example', 'http://10.0.0.5:5000/'],
  lang: 'zh-CN',
};

const withChange = (change: (profile: Record<string, unknown>) => void): string => {
  const profile = structuredClone(VALID) as Record<string, unknown>;
  change(profile);
  return JSON.stringify(profile, null, 2);
};
const registries = (profile: Record<string, unknown>) => profile.registries as Array<Record<string, unknown>>;

describe('parseProfile', () => {
  it('reads a valid profile, with its source', () => {
    const loaded = parseProfile(JSON.stringify(VALID), 'acme.json');
    expect(loaded.source).toBe('acme.json');
    expect(loaded.profile).toEqual(VALID);
  });

  it('defaults mirrors to none', () => {
    const loaded = parseProfile(withChange((p) => delete p.mirrors), 'acme.json');
    expect(loaded.profile.mirrors).toEqual([]);
  });

  // Each mistake, and the words the message must hold: the field it is about (or the line:column).
  it.each([
    ['not JSON', '{\n  "version": 1,\n  "name": "x",\n  name: 2\n}', ['acme.json:4:3', 'double quotes']],
    ['version 2', withChange((p) => (p.version = 2)), ['version: must be 1']],
    ['no name', withChange((p) => delete p.name), ['name: ']],
    ['no registries', withChange((p) => (p.registries = [])), ['registries: must list at least one registry']],
    ['a host with a scheme', withChange((p) => (registries(p)[0]!.host = 'https://x')), ['registries[0].host: must be a registry name']],
    ['a malformed fingerprint', withChange((p) => (registries(p)[1]!.caFingerprint = 'AB:CD:EF')), ['registries[1].caFingerprint: must be a SHA-256 fingerprint']],
    ['insecure with a fingerprint', withChange((p) => (registries(p)[2]!.caFingerprint = FINGERPRINT)), ['registries[2].caFingerprint: an insecure (plain HTTP) registry has no certificate to pin']],
    ['an unknown top-level key', withChange((p) => (p.proxy = 'http://proxy:3128')), ['(the profile):', 'proxy']],
    ['an ftp mirror', withChange((p) => (p.mirrors = ['ftp://mirror.acme.example'])), ['mirrors[0]: each mirror must be an http:// or https:// URL']],
    ['a mirror that is not a URL', withChange((p) => (p.mirrors = ['https://ok.example', 'mirror'])), ['mirrors[1]: each mirror must be an http:// or https:// URL']],
    ['lang fr', withChange((p) => (p.lang = 'fr')), ['lang: ']],
    ['the same host twice (case aside)', withChange((p) => (registries(p)[1]!.host = 'DOCKER.acme.example')), ['registries: lists the same host twice']],
  ])('refuses %s, naming the field', (_what, text, words) => {
    const error = thrownBy(() => parseProfile(text, 'acme.json'));
    expect(error.code).toBe('invalid-profile');
    for (const word of words) expect(error.message).toContain(word);
  });

  it('names every mistake of a profile at once', () => {
    const error = thrownBy(() => parseProfile(withChange((p) => ((p.version = 3), (p.lang = 'fr'))), 'acme.json'));
    expect(error.message).toContain('version: ');
    expect(error.message).toContain('lang: ');
  });

  it('refuses an empty file and comments', () => {
    expect(thrownBy(() => parseProfile('', 'empty.json')).message).toContain('empty.json:1:1');
    expect(thrownBy(() => parseProfile('{ // the farm\n}', 'c.json')).code).toBe('invalid-profile');
  });
});

describe('fetchProfile', () => {
  it.each(['http://nexus.acme.example/repository/raw/profile.json', 'file:///etc/passwd', 'nexus.acme.example/profile.json'])('refuses %s before any request', async (address) => {
    const error = await rejectionOf(fetchProfile(address));
    expect(error.code).toBe('profile-url-not-https');
    expect(error.message).toContain(address);
  });
});
