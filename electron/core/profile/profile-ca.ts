import type { ProfileRegistry, ProfileRegistryState } from '../../../shared/profile';
import { DocksideError } from '../errors';
import { parseFingerprint } from '../trust/fingerprint';
import { policeCaPem } from '../trust/police-ca-pem';

export type ProfileCaSource = NonNullable<ProfileRegistryState['trust']['source']>;

/** A registry's CA as its profile names it: the fingerprint that pins it, and where the certificate comes from. */
export interface ProfileCa {
  /** `AB:CD:...`: the caFingerprint, or (caPem without one) the caPem certificate's own. */
  fingerprint: string;
  /** No caFingerprint: the profile's caPem is its own pin, which the plan says. */
  profileIsPin: boolean;
  source: ProfileCaSource;
  caUrl?: string;
  caPem?: { text: string; label: string };
}

/**
 * The CA the profile pins for `registries[index]`; null when it pins none (plain HTTP, or a
 * registry Docker must trust some other way). caPem is checked as the elevated process will
 * check it (certificates only, each a CA), so a private key pasted in is refused before anything is asked.
 */
export function profileCaOf(entry: ProfileRegistry, index: number): ProfileCa | null {
  if (entry.insecure === true) return null;
  const field = `registries[${index}]`;
  if (entry.caPem !== undefined) {
    const label = `${field}.caPem`;
    const { certificates } = policeCaPem(entry.caPem, label);
    const common = { source: { kind: 'pem', field: label }, caPem: { text: entry.caPem, label } } as const;
    if (entry.caFingerprint !== undefined) return { fingerprint: parseFingerprint(entry.caFingerprint), profileIsPin: false, ...common };
    const only = certificates[0];
    if (certificates.length !== 1 || only === undefined) throw new DocksideError('ca-pem-several', 'profile.error.ca-pem-several', { field: label, total: certificates.length });
    return { fingerprint: only.fingerprint256, profileIsPin: true, ...common };
  }
  if (entry.caFingerprint === undefined) return null;
  const fingerprint = parseFingerprint(entry.caFingerprint);
  if (entry.caUrl === undefined) return { fingerprint, profileIsPin: false, source: { kind: 'server' } };
  return { fingerprint, profileIsPin: false, source: { kind: 'url', url: entry.caUrl }, caUrl: entry.caUrl };
}
