import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileCaOf } from '../../../../../electron/core/profile/profile-ca';
import { type CertificateAuthority, createCa } from '../../../../harness/certs';
import { english } from '../../../../harness/english';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { thrownBy } from '../../../dockside-error';

// The CA a profile registry names and what pins it, with real certificates made by openssl.
let tmp: TempDir;
let ca: CertificateAuthority;
let other: CertificateAuthority;
beforeAll(async () => {
  tmp = makeTempDir('profile-ca');
  ca = await createCa(tmp.path, { commonName: 'Profile CA Test A' });
  other = await createCa(tmp.path, { commonName: 'Profile CA Test B' });
});
afterAll(() => tmp?.remove());

const URL = 'https://nexus.acme.example/download/ca.crt';
const host = 'docker.acme.example';

describe('profileCaOf', () => {
  it('a caPem alone is pinned by its own certificate, and says the profile is the pin', () => {
    const got = profileCaOf({ host, caPem: ca.pem }, 1);
    expect(got).toEqual({ fingerprint: ca.fingerprintSha256, profileIsPin: true, source: { kind: 'pem', field: 'registries[1].caPem' }, caPem: { text: ca.pem, label: 'registries[1].caPem' } });
  });

  it('a caPem bundle with a caFingerprint is pinned by the fingerprint, written the way openssl prints it', () => {
    const hex = other.fingerprintSha256.replace(/:/g, '').toLowerCase();
    const got = profileCaOf({ host, caPem: ca.pem + other.pem, caFingerprint: `sha256:${hex}` }, 0);
    expect(got).toMatchObject({ fingerprint: other.fingerprintSha256, profileIsPin: false, source: { kind: 'pem', field: 'registries[0].caPem' } });
  });

  it('refuses a caPem bundle with no caFingerprint: nothing says which one is the CA', () => {
    const error = thrownBy(() => profileCaOf({ host, caPem: ca.pem + other.pem }, 2));
    expect(error).toMatchObject({ code: 'ca-pem-several', params: { field: 'registries[2].caPem', total: 2 } });
    expect(english(error)).toContain('registries[2].caPem');
  });

  it('refuses a caPem that holds a private key, naming the field, as the elevated process would', () => {
    const withKey = `${ca.pem}${readFileSync(ca.keyPath, 'utf8')}`;
    const error = thrownBy(() => profileCaOf({ host, caPem: withKey, caFingerprint: ca.fingerprintSha256 }, 0));
    expect(error).toMatchObject({ code: 'invalid-ca', key: 'tls.error.invalid-ca.private-key' });
    expect(english(error)).toContain('registries[0].caPem');
    expect(english(error)).not.toContain('PRIVATE KEY-----');
  });

  it('a caUrl comes with its pin; a caFingerprint alone means the CA the server sends', () => {
    expect(profileCaOf({ host, caUrl: URL, caFingerprint: ca.fingerprintSha256 }, 0)).toEqual({ fingerprint: ca.fingerprintSha256, profileIsPin: false, source: { kind: 'url', url: URL }, caUrl: URL });
    expect(profileCaOf({ host, caFingerprint: ca.fingerprintSha256 }, 0)).toEqual({ fingerprint: ca.fingerprintSha256, profileIsPin: false, source: { kind: 'server' } });
  });

  it('pins nothing for a plain-HTTP registry or one without a CA field', () => {
    expect(profileCaOf({ host, insecure: true }, 0)).toBeNull();
    expect(profileCaOf({ host, pull: true }, 0)).toBeNull();
  });
});
