import type { ProfileRegistry, ProfileRegistryState } from '../../../shared/profile';
import { readDockerConfig } from '../credentials/docker-config';
import type { StoredCredential } from '../credentials/keychain';
import { registryAuthSchemeFor } from '../credentials/login-registry';
import { secretLocationOf } from '../credentials/secret-store';
import { type TrustAddChange, planTrustAddChange } from '../change/trust';
import { DocksideError } from '../errors';
import type { Machine } from '../machine';
import { caPemOf } from '../setup/pending-ca';
import { describeCertificate } from '../trust/certificate-info';
import { inspectRegistry, registryPaths, type RegistryPaths, TRUST_CONNECT_TIMEOUT_MS } from '../trust/inspect-registry';

/** One registry of a profile as this machine stands: what apply has to do for it. */
export interface RegistrySurvey {
  state: ProfileRegistryState;
  /** The change that trusts the pinned CA (its plan null when nothing is to install); null when nothing is pinned. */
  trust: TrustAddChange | null;
  /** The credentials Docker would use for it now (the keychain or helper config.json names). */
  stored: StoredCredential | null;
}

export interface SurveyOptions {
  now: () => Date;
}

/**
 * Examines one registry of the profile: its certificate against the pin (a mismatch refuses
 * here, before anything is asked or written), whether Docker trusts it, whether it asks for
 * credentials (an anonymous ping, which costs no login attempt), and what is stored for it.
 */
export async function surveyRegistry(machine: Machine, entry: ProfileRegistry, index: number, options: SurveyOptions): Promise<RegistrySurvey> {
  const field = `registries[${index}]`;
  const paths = registryPaths(machine.certsDir, entry.host);
  const insecure = entry.insecure === true;
  let trust: ProfileRegistryState['trust'] = { state: 'plain-http', fingerprint: null };
  let pinned: TrustAddChange | null = null;

  if (!insecure && entry.caFingerprint !== undefined) {
    pinned = await planTrustAddChange(machine, entry.host, {
      id: 'profile-survey',
      fingerprint: entry.caFingerprint,
      pinnedBy: { profileField: field },
      now: options.now,
    });
    trust = { state: pinned.alreadySystem ? 'system' : pinned.plan !== null ? 'install' : 'installed', fingerprint: pinned.ca?.fingerprintSha256 ?? null };
  } else if (!insecure) {
    trust = await unpinnedTrust(machine, paths, field, options.now);
  }

  const scheme = await registryAuthSchemeFor(paths, { pendingCa: caPemOf(pinned?.plan ?? null), plainHttp: insecure });
  const stored = scheme === 'none' ? null : await storedCredential(machine, paths.name.dirName);
  const signIn: ProfileRegistryState['signIn'] =
    scheme === 'none' ? { state: 'anonymous', username: null } : stored ? { state: 'signed-in', username: stored.username } : { state: 'sign-in', username: null };
  return {
    state: { host: paths.name.dirName, pull: entry.pull === true, push: entry.push === true, insecure, trust, signIn },
    trust: pinned,
    stored,
  };
}

/** A registry the profile pins no CA for: fine when Docker trusts it already, refused otherwise (there is nothing to install). */
async function unpinnedTrust(machine: Machine, paths: RegistryPaths, field: string, now: () => Date): Promise<ProfileRegistryState['trust']> {
  const { judgement } = await inspectRegistry(paths, { certsDir: machine.certsDir, now, timeoutMs: TRUST_CONNECT_TIMEOUT_MS });
  const fingerprint = judgement.ca ? describeCertificate(judgement.ca.certificate).fingerprintSha256 : null;
  if (judgement.trustedBy !== null) return { state: judgement.trustedBy === 'system' ? 'system' : 'installed', fingerprint };
  const host = paths.name.dirName;
  // Docker's own error text (quoted verbatim) says why it does not trust the registry, when the inspection has it.
  const dockerError = judgement.problems[0]?.dockerError ?? null;
  if (fingerprint === null) {
    throw dockerError === null
      ? new DocksideError('registry-untrusted', 'profile.error.registry-untrusted', { host, field })
      : new DocksideError('registry-untrusted', 'profile.error.registry-untrusted.docker-error', { host, field, dockerError });
  }
  throw dockerError === null
    ? new DocksideError('registry-untrusted', 'profile.error.registry-untrusted.fingerprint', { host, field, fingerprint })
    : new DocksideError('registry-untrusted', 'profile.error.registry-untrusted.docker-error.fingerprint', { host, field, dockerError, fingerprint });
}

/** What Docker would send to the registry now: the secret in the store config.json points at; null when none. */
async function storedCredential(machine: Machine, registry: string): Promise<StoredCredential | null> {
  const { config } = await readDockerConfig(machine.credentials.configDir);
  const location = secretLocationOf(config, registry, machine.credentials);
  return location === null ? null : location.keychain.get(registry);
}
