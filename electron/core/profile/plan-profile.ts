import { msg } from '../../../shared/message';
import type { LoadedProfile, ProfileRegistryState } from '../../../shared/profile';
import { DocksideError } from '../errors';
import type { Machine } from '../machine';
import { planSetupChange, type SetupChange, type SetupRegistry } from '../setup/plan-setup';
import { type RegistrySurvey, type SurveyOptions, surveyRegistry } from './survey-profile';

/** A user name and password for a registry; null: keep what is stored for it. */
export type CredentialsFor = (survey: RegistrySurvey) => Promise<{ username: string; password: string } | null>;

export interface ProfileChange extends SetupChange {
  registries: ProfileRegistryState[];
}

/** Every registry of the profile, examined one after the other (a refusal stops before the next is asked anything). */
export async function surveyProfile(machine: Machine, loaded: LoadedProfile, options: SurveyOptions & { onRegistry?: (host: string) => void }): Promise<RegistrySurvey[]> {
  const surveys: RegistrySurvey[] = [];
  for (const [index, entry] of loaded.profile.registries.entries()) {
    options.onRegistry?.(entry.host);
    surveys.push(await surveyRegistry(machine, entry, index, options));
  }
  return surveys;
}

/**
 * The profile as ONE setup change: every pinned CA and the profile's mirrors and insecure
 * registries in one elevated plan, and a sign-in for each registry that asks for credentials
 * and does not hold these already. Credentials equal to the stored ones are not stored again,
 * so applying the same profile twice changes nothing the second time.
 */
export async function planProfileChange(
  machine: Machine,
  loaded: LoadedProfile,
  surveys: readonly RegistrySurvey[],
  options: { id: string; now: () => Date; credentialsFor: CredentialsFor },
): Promise<ProfileChange> {
  const registries: SetupRegistry[] = [];
  const states: ProfileRegistryState[] = [];
  for (const survey of surveys) {
    const { state, stored } = survey;
    // The survey planned the pinned CA's trust already: the setup takes it as it is.
    const setup: SetupRegistry = {
      registry: state.host,
      insecure: state.insecure,
      ...(survey.trust ? { trust: survey.trust } : {}),
      // Only what the user confirmed: a profile's osTrust alone never reaches the OS store.
      ...(state.trust.osStore === 'yes' ? { osStore: true } : {}),
    };
    let signIn = state.signIn;
    if (state.signIn.state !== 'anonymous') {
      const given = await options.credentialsFor(survey);
      if (given === null && stored === null) {
        throw new DocksideError('password-needed', 'profile.error.password-needed', { host: state.host });
      }
      const same = given !== null && stored !== null && given.username === stored.username && given.password === stored.secret;
      if (given !== null && !same) {
        setup.signIn = given;
        signIn = { state: 'sign-in', username: given.username };
      }
    }
    registries.push(setup);
    states.push({ ...state, signIn });
  }
  const { mirrors } = loaded.profile;
  // The profile names its plain-HTTP registries itself: an http:// mirror serves Docker Hub pulls without joining insecure-registries (DESIGN §1).
  const change = await planSetupChange(machine, { registries, ...(mirrors.length > 0 ? { mirrors: { urls: mirrors, insecure: false } } : {}) }, options);
  // A profile is someone else's word: a mirror it names over plain HTTP is said so before the user agrees.
  const httpMirrors = mirrors.filter((url) => url.toLowerCase().startsWith('http://'));
  const warnings = httpMirrors.length > 0 ? [...change.warnings, msg('profile.warning.http-mirror', { mirrors: httpMirrors.join(', ') })] : [...change.warnings];
  // A caPem without caFingerprint has no pin but the profile: the user is told whose word it is.
  for (const { ca, state } of surveys) {
    if (ca?.profileIsPin === true && ca.source.kind === 'pem') {
      warnings.push(msg('profile.warning.ca-pem-is-pin', { field: ca.source.field, host: state.host, fingerprint: ca.fingerprint, source: loaded.source }));
    }
  }
  return { ...change, warnings, registries: states };
}
