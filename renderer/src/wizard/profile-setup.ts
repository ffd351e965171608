import type { IpcRequest } from '../../../shared/ipc';
import type { Profile, ProfileRegistry } from '../../../shared/profile';
import type { ProbeResult } from '../../../shared/mirrors';

/** One registry of the setup request the wizard sends on Review. */
export type SetupRegistryRequest = Extract<IpcRequest<'change:plan'>, { kind: 'setup' }>['registries'][number];

type SignIn = SetupRegistryRequest['signIn'];

const sameHost = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/**
 * The main registry is what the wizard showed (Trust) and checked the password with (Sign in);
 * it is the one the profile names for push, or the first TLS one (see the wizard's loadProfile).
 */
export function mainRegistryOf(profile: Profile): ProfileRegistry | undefined {
  const { registries } = profile;
  return registries.find((registry) => registry.push === true && registry.insecure !== true) ?? registries.find((registry) => registry.insecure !== true);
}

/** The profile's registries other than the main one, in its order: what the wizard sets up beside it. */
export function otherRegistriesOf(profile: Profile, main: string): ProfileRegistry[] {
  return profile.registries.filter((registry) => !sameHost(registry.host, main));
}

/**
 * Everything a profile names, as setup registries: the main one as the user accepted it, every
 * other TLS registry trusted at the profile's pin (core refuses at plan time when the server's CA
 * differs) and signed in with the same account (a Nexus has one account behind all its
 * connectors), every plain-HTTP one added to insecure-registries.
 */
export function profileSetupRegistries(profile: Profile, main: SetupRegistryRequest, signIn: SignIn): SetupRegistryRequest[] {
  const others = otherRegistriesOf(profile, main.registry).map((registry): SetupRegistryRequest =>
    registry.insecure === true
      ? { registry: registry.host, insecure: true }
      : { registry: registry.host, ...(registry.caFingerprint ? { fingerprint: registry.caFingerprint } : {}), ...(signIn ? { signIn } : {}) },
  );
  return [main, ...others];
}

/** A mirror URL as the probe reports it (moby's normal form: scheme, host[:port], path, one trailing slash). */
export function mirrorKey(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}/`;
}

/** The profile's mirrors in the profile's order, as the probe named them, each one that proved usable. */
export function preselectedMirrors(profileMirrors: readonly string[], results: Readonly<Record<string, ProbeResult>>): string[] {
  const byKey = new Map(Object.values(results).map((result) => [mirrorKey(result.url), result]));
  return profileMirrors.flatMap((url) => {
    const result = byKey.get(mirrorKey(url));
    return result?.usable === true ? [result.url] : [];
  });
}
