import type { Profile, ProfileRegistry, ProfileRegistryState } from '../../../shared/profile';
import type { ProbeResult } from '../../../shared/mirrors';

const sameHost = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * The main registry is what the wizard showed on Trust: the one the profile names for push, or
 * the first TLS one; undefined for a profile of plain-HTTP registries only (Trust is skipped).
 */
export function mainRegistryOf(profile: Profile): ProfileRegistry | undefined {
  const { registries } = profile;
  return registries.find((registry) => registry.push === true && registry.insecure !== true) ?? registries.find((registry) => registry.insecure !== true);
}

/** The profile's registries other than the main one, in its order: what the wizard sets up beside it. */
export function otherRegistriesOf(profile: Profile, main: string): ProfileRegistry[] {
  return profile.registries.filter((registry) => !sameHost(registry.host, main));
}

export interface Account {
  username: string;
  password: string;
}

/** The registries of the survey that ask for credentials (over TLS or plain HTTP), in the profile's order. */
export function registriesAsking(survey: readonly ProfileRegistryState[]): ProfileRegistryState[] {
  return survey.filter((state) => state.signIn.state !== 'anonymous');
}

const complete = (account: Account | undefined): account is Account => account !== undefined && account.username !== '' && account.password !== '';

/**
 * The sign-in of each registry that asks: its own account when the user gave it one, else the
 * shared one (one Nexus account behind every connector); none when neither is filled in, which
 * keeps what is stored (profile apply refuses where nothing is).
 */
export function profileSignIns(survey: readonly ProfileRegistryState[], shared: Account, own: Readonly<Record<string, Account>>): { registry: string; username: string; password: string }[] {
  return registriesAsking(survey).flatMap((state) => {
    const account = own[state.host] ?? shared;
    return complete(account) ? [{ registry: state.host, ...account }] : [];
  });
}

/** The registries that ask for credentials, hold none, and were given none: the wizard cannot continue before they are. */
export function missingSignIns(survey: readonly ProfileRegistryState[], shared: Account, own: Readonly<Record<string, Account>>): string[] {
  const given = new Set(profileSignIns(survey, shared, own).map((signIn) => signIn.registry));
  return registriesAsking(survey).flatMap((state) => (state.signIn.state === 'sign-in' && !given.has(state.host) ? [state.host] : []));
}

/** A mirror URL as the probe reports it (moby's normal form: scheme, host[:port], path, one trailing slash). */
export function mirrorKey(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}/`;
}

/** The profile's mirrors in the profile's order, as the probe named them, each one that proved usable (an unusable one is never preselected). */
export function preselectedMirrors(profileMirrors: readonly string[], results: Readonly<Record<string, ProbeResult>>): string[] {
  const byKey = new Map(Object.values(results).map((result) => [mirrorKey(result.url), result]));
  return profileMirrors.flatMap((url) => {
    const result = byKey.get(mirrorKey(url));
    return result?.usable === true ? [result.url] : [];
  });
}

/**
 * The choice after a probe: the user's, in the user's order (a mirror probed again keeps its
 * place), less any mirror this probe found unusable, since Docker would only fail over it.
 */
export function keptChoice(chosen: readonly string[], results: Readonly<Record<string, ProbeResult>>): string[] {
  return chosen.filter((url) => results[url]?.usable !== false);
}

/** A mirror checked or unchecked among several: the choice stays in the table's order, so checking one again puts it back where it was. */
export function toggledChoice(chosen: readonly string[], order: readonly string[], url: string, checked: boolean): string[] {
  const next = new Set(chosen.filter((entry) => entry !== url));
  if (checked) next.add(url);
  const rank = (entry: string): number => (order.includes(entry) ? order.indexOf(entry) : order.length);
  return [...next].sort((a, b) => rank(a) - rank(b));
}
