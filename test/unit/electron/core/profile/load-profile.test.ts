import { describe, expect, it } from 'vitest';
import { fetchProfile, parseProfile } from '../../../../../electron/core/profile/load-profile';
import { FileProblemsError } from '../../../../../electron/core/profile/file-problems-error';
import { chinese, english } from '../../../../harness/english';
import { rejectionOf, thrownBy } from '../../../dockside-error';

const FINGERPRINT = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';

const CA_URL = 'https://nexus.acme.example/download/ca.crt';
/** The schema checks the PEM's shape only; core reads the certificate (profile-ca.test.ts). */
const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n';

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

  it('reads the CA fields: caUrl with its pin, caPem with or without one, osTrust', () => {
    const withCa = {
      ...VALID,
      registries: [
        { host: 'docker.acme.example', caFingerprint: FINGERPRINT, caUrl: CA_URL, osTrust: true },
        { host: 'docker.acme.example:8443', caPem: CA_PEM, osTrust: true },
        { host: 'docker.acme.example:8444', caPem: CA_PEM, caFingerprint: FINGERPRINT },
      ],
    };
    expect(parseProfile(JSON.stringify(withCa), 'acme.json').profile).toEqual(withCa);
  });

  it('defaults mirrors to none', () => {
    const loaded = parseProfile(withChange((p) => delete p.mirrors), 'acme.json');
    expect(loaded.profile.mirrors).toEqual([]);
  });

  // Each mistake: the field it is about and the catalog code saying what is wrong (never zod's English).
  it.each([
    ['version 2', withChange((p) => (p.version = 2)), 'version', 'profile.invalid.version'],
    ['no name', withChange((p) => delete p.name), 'name', 'profile.issue.missing'],
    ['a blank name', withChange((p) => (p.name = '   ')), 'name', 'profile.invalid.name'],
    ['no registries', withChange((p) => (p.registries = [])), 'registries', 'profile.invalid.registries-empty'],
    ['a host with a scheme', withChange((p) => (registries(p)[0]!.host = 'https://x')), 'registries[0].host', 'profile.invalid.host'],
    ['a malformed fingerprint', withChange((p) => (registries(p)[1]!.caFingerprint = 'AB:CD:EF')), 'registries[1].caFingerprint', 'profile.invalid.fingerprint'],
    ['insecure with a fingerprint', withChange((p) => (registries(p)[2]!.caFingerprint = FINGERPRINT)), 'registries[2].caFingerprint', 'profile.invalid.insecure-pin'],
    ['an unknown top-level key', withChange((p) => (p.proxy = 'http://proxy:3128')), 'proxy', 'profile.issue.unrecognized_key'],
    ['an unknown registry key', withChange((p) => (registries(p)[0]!.username = 'dev')), 'registries[0].username', 'profile.issue.unrecognized_key'],
    ['an ftp mirror', withChange((p) => (p.mirrors = ['ftp://mirror.acme.example'])), 'mirrors[0]', 'profile.invalid.mirror-url'],
    ['a mirror that is not a URL', withChange((p) => (p.mirrors = ['https://ok.example', 'mirror'])), 'mirrors[1]', 'profile.invalid.mirror-url'],
    ['lang fr', withChange((p) => (p.lang = 'fr')), 'lang', 'profile.issue.invalid_value'],
    ['pull not a boolean', withChange((p) => (registries(p)[0]!.pull = 'yes')), 'registries[0].pull', 'profile.issue.invalid_type.boolean'],
    ['registries not a list', withChange((p) => (p.registries = { host: 'x' })), 'registries', 'profile.issue.invalid_type.array'],
    ['a name too long', withChange((p) => (p.name = 'x'.repeat(201))), 'name', 'profile.issue.too_big.string'],
    ['a caUrl without caFingerprint', withChange((p) => (registries(p)[0] = { host: 'docker.acme.example', caUrl: CA_URL })), 'registries[0].caUrl', 'profile.invalid.ca-url-needs-fingerprint'],
    ['an ftp caUrl', withChange((p) => (registries(p)[0]!.caUrl = 'ftp://nexus.acme.example/ca.crt')), 'registries[0].caUrl', 'profile.invalid.ca-url'],
    ['a caUrl that is not a URL', withChange((p) => (registries(p)[0]!.caUrl = 'nexus/ca.crt')), 'registries[0].caUrl', 'profile.invalid.ca-url'],
    ['caUrl and caPem together', withChange((p) => Object.assign(registries(p)[0]!, { caUrl: CA_URL, caPem: CA_PEM })), 'registries[0].caPem', 'profile.invalid.ca-url-and-pem'],
    ['a caPem that is not PEM', withChange((p) => (registries(p)[0]!.caPem = 'MIIBszCCAVmgAwIBAgIU')), 'registries[0].caPem', 'profile.invalid.ca-pem'],
    ['a caPem over 64 KiB', withChange((p) => (registries(p)[0]!.caPem = `${CA_PEM}${'#'.repeat(64 * 1024)}`)), 'registries[0].caPem', 'profile.invalid.ca-pem-too-big'],
    ['a caPem of 64 KiB in characters but more in UTF-8', withChange((p) => (registries(p)[0]!.caPem = `${CA_PEM}${'证'.repeat(22 * 1024)}`)), 'registries[0].caPem', 'profile.invalid.ca-pem-too-big'],
    ['insecure with a caUrl', withChange((p) => (registries(p)[2]!.caUrl = CA_URL)), 'registries[2].caUrl', 'profile.invalid.insecure-ca-url'],
    ['insecure with a caPem', withChange((p) => (registries(p)[2]!.caPem = CA_PEM)), 'registries[2].caPem', 'profile.invalid.insecure-ca-pem'],
    ['insecure with osTrust', withChange((p) => (registries(p)[2]!.osTrust = true)), 'registries[2].osTrust', 'profile.invalid.insecure-os-trust'],
    ['osTrust with no CA pinned', withChange((p) => (registries(p)[0] = { host: 'docker.acme.example', osTrust: true })), 'registries[0].osTrust', 'profile.invalid.os-trust-needs-ca'],
    ['osTrust not a boolean', withChange((p) => (registries(p)[0]!.osTrust = 'yes')), 'registries[0].osTrust', 'profile.issue.invalid_type.boolean'],
    ['caPem not a string', withChange((p) => (registries(p)[0]!.caPem = ['-----BEGIN CERTIFICATE-----'])), 'registries[0].caPem', 'profile.issue.invalid_type.string'],
    ['the same host twice (case aside)', withChange((p) => (registries(p)[1]!.host = 'DOCKER.acme.example')), 'registries', 'profile.invalid.duplicate-host'],
  ])('refuses %s, naming the field', (_what, text, field, code) => {
    const error = thrownBy(() => parseProfile(text, 'acme.json'));
    expect(error).toBeInstanceOf(FileProblemsError);
    expect(error).toMatchObject({ code: 'invalid-profile', key: 'profile.error.invalid-profile', params: { source: 'acme.json', fields: field } });
    expect((error as FileProblemsError).problems).toEqual([{ field, problem: { code, params: expect.any(Object) } }]);
    expect(english(error)).toContain(field);
    for (const { problem } of (error as FileProblemsError).problems) {
      expect(english(problem)).not.toMatch(/Invalid input|Unrecognized key|Too big|Invalid option/);
      expect(chinese(problem)).not.toMatch(/[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}/);
    }
  });

  it('renders a problem in the reader\'s language, with its params', () => {
    const error = thrownBy(() => parseProfile(withChange((p) => (p.lang = 'fr')), 'acme.json')) as FileProblemsError;
    expect(english(error.problems[0]!.problem)).toBe('must be one of "en", "zh-CN"');
    expect(chinese(error.problems[0]!.problem)).toBe('必须是以下之一："en", "zh-CN"');
    expect(chinese(error)).toContain('acme.json 不是有效的 Dockside 配置文件');
  });

  it('names every mistake of a profile at once', () => {
    const error = thrownBy(() => parseProfile(withChange((p) => ((p.version = 3), (p.lang = 'fr'))), 'acme.json')) as FileProblemsError;
    expect(error.problems.map((problem) => problem.field)).toEqual(['version', 'lang']);
    expect(error.params).toMatchObject({ fields: 'version, lang' });
    expect(english(error)).toContain('(wrong: version, lang)');
  });

  it('refuses a caPem for a public registry, as it refuses a caFingerprint, naming the field', () => {
    const error = thrownBy(() => parseProfile(withChange((p) => (p.registries = [{ host: 'docker.io', caPem: CA_PEM }])), 'acme.json'));
    expect(error).toMatchObject({ code: 'public-registry', key: 'profile.error.public-registry.ca-pem', params: { field: 'registries[0]', host: 'docker.io' } });
    expect(english(error)).toContain('remove caPem from registries[0]');
  });

  it('refuses text that is not JSON, naming the line and column', () => {
    const error = thrownBy(() => parseProfile('{\n  "version": 1,\n  "name": "x",\n  name: 2\n}', 'acme.json'));
    expect(error).toMatchObject({ code: 'invalid-profile', key: 'profile.error.invalid-profile.syntax', params: { line: 4, column: 3 } });
    expect(english(error)).toContain('acme.json:4:3');
    expect(thrownBy(() => parseProfile('[]', 'list.json'))).toMatchObject({ code: 'invalid-profile', key: 'profile.error.invalid-profile.not-an-object' });
  });

  it('refuses an empty file and comments', () => {
    expect(english(thrownBy(() => parseProfile('', 'empty.json')))).toContain('empty.json:1:1');
    expect(thrownBy(() => parseProfile('{ // the farm\n}', 'c.json')).code).toBe('invalid-profile');
  });
});

describe('fetchProfile', () => {
  it.each(['http://nexus.acme.example/repository/raw/profile.json', 'file:///etc/passwd', 'nexus.acme.example/profile.json'])('refuses %s before any request', async (address) => {
    const error = await rejectionOf(fetchProfile(address));
    expect(error.code).toBe('profile-url-not-https');
    expect(english(error)).toContain(address);
  });
});
