/**
 * `dockside://profile?url=<https URL>`: the link a platform team publishes so that a click opens
 * the wizard with their profile. Anyone can put such a link on a web page, so it is read
 * strictly: one form, one parameter, an https URL without credentials, and nothing else. What
 * it names is only a profile to load and show; nothing is applied without the user.
 */

/** The scheme the packaged app registers (electron-builder.yml `protocols`, setAsDefaultProtocolClient). */
export const DEEP_LINK_SCHEME = 'dockside';

/** Longer than any profile address; a link past this is not one of ours. */
const MAX_LINK_LENGTH = 2048;

/** The https URL of the profile a deep link names, or null when the link is not exactly one of ours. */
export function profileUrlFromDeepLink(link: string): string | null {
  if (link.length > MAX_LINK_LENGTH || !URL.canParse(link)) return null;
  const parsed = new URL(link);
  // URL lower-cases the scheme; `dockside:` is not a special scheme, so the host keeps its case.
  if (parsed.protocol !== `${DEEP_LINK_SCHEME}:` || parsed.host.toLowerCase() !== 'profile') return null;
  if (parsed.username !== '' || parsed.password !== '' || parsed.hash !== '') return null;
  if (parsed.pathname !== '' && parsed.pathname !== '/') return null;
  const keys = [...parsed.searchParams.keys()];
  if (keys.length !== 1 || keys[0] !== 'url') return null;
  return httpsUrl(parsed.searchParams.get('url') ?? '');
}

/** The profile URL of the deep link among a process's arguments (the OS passes it as one argument), or null. */
export function profileUrlFromArgs(argv: readonly string[]): string | null {
  // The last one: Chromium's own switches may follow the program, never a second link of ours.
  const link = argv.findLast((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`));
  return link === undefined ? null : profileUrlFromDeepLink(link);
}

/** The profile's address as it will be fetched: https only, a host, no user:password. */
function httpsUrl(value: string): string | null {
  if (value === '' || !URL.canParse(value)) return null;
  const url = new URL(value);
  if (url.protocol !== 'https:' || url.hostname === '' || url.username !== '' || url.password !== '') return null;
  return url.href;
}
