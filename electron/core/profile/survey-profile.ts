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
import { type ProfileCa, profileCaOf } from './profile-ca';
import { inspectRegistry, registryPaths, type RegistryPaths, TRUST_CONNECT_TIMEOUT_MS } from '../trust/inspect-registry';

/** One registry of a profile as this machine stands: what apply has to do for it. */
export interface RegistrySurvey {
  state: ProfileRegistryState;
  /** The CA the profile pins for it, and where it comes from; null when it pins none. */
  ca: ProfileCa | null;
  /** The change that trusts the pinned CA (its plan null when nothing is to install); null when nothing is pinned. */
  trust: TrustAddChange | null;
  /** The credentials Docker would use for it now (the keychain or helper config.json names). */
  stored: StoredCredential | null;
}

export interface SurveyOptions {
  now: () => Date;
  /** The registries (by index) whose osTrust the user confirmed: their CA goes into the OS trust store too. Never from the profile alone. */
  osTrustConfirmed?: ReadonlySet<number>;
}

/**
 * Examines one registry of the profile: its CA (the chain, its caUrl or its caPem) against the
 * pin (a mismatch refuses here, before anything is asked or written), whether Docker trusts it,
 * whether it asks for credentials (an anonymous ping, which costs no login attempt), and what is
 * stored for it.
 */
export async function surveyRegistry(machine: Machine, entry: ProfileRegistry, index: number, options: SurveyOptions): Promise<RegistrySurvey> {
  const field = `registries[${index}]`;
  const paths = registryPaths(machine.certsDir, entry.host);
  const insecure = entry.insecure === true;
  const ca = profileCaOf(entry, index);
  const confirmed = entry.osTrust === true && options.osTrustConfirmed?.has(index) === true;
  const osStore = entry.osTrust !== true ? 'no' : confirmed ? 'yes' : 'requested';
  let trust: ProfileRegistryState['trust'] = { state: 'plain-http', fingerprint: null, source: null, osStore: 'no' };
  let pinned: TrustAddChange | null = null;

  if (ca !== null) {
    pinned = await pinnedTrust(machine, entry.host, ca, field, { osStore: confirmed, now: options.now });
    const state = pinned.alreadySystem ? 'system' : pinned.plan !== null ? 'install' : 'installed';
    trust = { state, fingerprint: pinned.ca?.fingerprintSha256 ?? null, source: ca.source, osStore };
  } else if (!insecure) {
    trust = { ...(await unpinnedTrust(machine, paths, field, options.now)), source: null, osStore };
  }

  const scheme = await registryAuthSchemeFor(paths, { pendingCa: caPemOf(pinned?.plan ?? null), plainHttp: insecure });
  const stored = scheme === 'none' ? null : await storedCredential(machine, paths.name.dirName);
  const signIn: ProfileRegistryState['signIn'] =
    scheme === 'none' ? { state: 'anonymous', username: null } : stored ? { state: 'signed-in', username: stored.username } : { state: 'sign-in', username: null };
  return {
    state: { host: paths.name.dirName, pull: entry.pull === true, push: entry.push === true, insecure, trust, signIn },
    ca,
    trust: pinned,
    stored,
  };
}

/** The pinned CA's trust change, from wherever the profile says the CA is; a caUrl without the pinned certificate is refused naming the profile's fields. */
async function pinnedTrust(machine: Machine, host: string, ca: ProfileCa, field: string, options: { osStore: boolean; now: () => Date }): Promise<TrustAddChange> {
  try {
    return await planTrustAddChange(machine, host, {
      id: 'profile-survey',
      fingerprint: ca.fingerprint,
      pinnedBy: { profileField: field },
      ...(ca.caUrl === undefined ? {} : { caUrl: ca.caUrl }),
      ...(ca.caPem === undefined ? {} : { caPem: ca.caPem }),
      ...(options.osStore ? { osStore: true } : {}),
      now: options.now,
    });
  } catch (error) {
    if (error instanceof DocksideError && error.key === 'tls.error.ca-url.pin-not-found') {
      throw new DocksideError(error.code, 'profile.error.ca-url.pin-not-found', { ...error.params, field: `${field}.caFingerprint`, urlField: `${field}.caUrl` });
    }
    throw error;
  }
}

/** A registry the profile pins no CA for: fine when Docker trusts it already, refused otherwise (there is nothing to install). */
async function unpinnedTrust(machine: Machine, paths: RegistryPaths, field: string, now: () => Date): Promise<Pick<ProfileRegistryState['trust'], 'state' | 'fingerprint'>> {
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
