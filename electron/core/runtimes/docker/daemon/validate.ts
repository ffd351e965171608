import { isIP } from 'node:net';
import { parseCidr } from '../engine/cidr';
import { DocksideError } from '../../../errors';
import type { MessageParams } from '../../../../../shared/message';

// dockerd's own checks (moby registry/config.go: ValidateMirror, loadInsecureRegistries,
// validateHostPort), so that dockerd never refuses a daemon.json Dockside writes. Where moby is
// looser (port 0, an empty port, a '+' before the port) the stricter rule is kept here.

/** Docker's domain regexp (distribution/reference): labels of letters, digits and inner hyphens, joined by dots. */
const DOMAIN_NAME = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*';
const DOMAIN_NAME_REGEXP = new RegExp(`^${DOMAIN_NAME}$`);
/** moby's validHostPortRegex: `^` + reference.DomainRegexp + `$` (a name or a bracketed IPv6, optional port). */
const HOST_PORT_REGEXP = new RegExp(`^(?:${DOMAIN_NAME}|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?$`);

/** The first engine release that accepts a path in a mirror URL (moby 25.0). */
const MIRROR_PATH_SINCE = 25;

/** Why an entry is refused: the variant of its catalog sentence, and what that sentence names. */
interface Problem<Id extends string> {
  id: Id;
  params?: MessageParams;
}

type HostProblem = 'ipv6-host' | 'after-ipv6' | 'no-host' | 'host-name' | 'port';
type MirrorProblem = HostProblem | 'spaces' | 'no-scheme' | 'unsupported-scheme' | 'query' | 'userinfo' | 'path-version-unknown' | 'path-old-engine' | 'path-percent';
type InsecureProblem = 'empty' | 'spaces' | 'scheme' | 'no-host' | 'userinfo' | 'hyphen' | 'cidr' | 'prefix' | 'host' | 'port';

/** "20.10.24" -> 20, "28.2.2-1" -> 28; undefined when the text is not a version. */
export function engineMajorVersion(version: string | undefined): number | undefined {
  const match = /^v?(\d+)(?:\.\d+)+(?:[-+~][0-9A-Za-z.+~-]*)?$/.exec(version?.trim() ?? '');
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** A registry mirror as dockerd accepts it, normalised as dockerd does (one trailing `/`). */
export function validateMirror(input: string, engineVersion: string | undefined): string {
  const shown = JSON.stringify(redactUserinfo(input));
  const refuse = ({ id, params }: Problem<MirrorProblem>): DocksideError =>
    new DocksideError('invalid-mirror', `daemon.error.invalid-mirror.${id}`, { mirror: shown, ...params });

  if (/[\s\p{Cc}]/u.test(input)) throw refuse({ id: 'spaces' });
  const schemeEnd = input.indexOf('://');
  if (schemeEnd <= 0) {
    // verbatim: dockerd's own refusal (moby ValidateMirror), quoted in the sentence
    throw refuse({ id: 'no-scheme', params: { dockerd: `invalid mirror: no scheme specified for ${shown}: must use either 'https://' or 'http://'` } });
  }
  const scheme = input.slice(0, schemeEnd).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    // verbatim: dockerd's own refusal (moby ValidateMirror), quoted in the sentence
    throw refuse({ id: 'unsupported-scheme', params: { dockerd: `invalid mirror: unsupported scheme ${JSON.stringify(scheme)} in ${shown}: must use either 'https://' or 'http://'` } });
  }
  const rest = input.slice(schemeEnd + 3);
  // verbatim: dockerd's own refusal (moby ValidateMirror), quoted in the sentence
  if (/[?#]/.test(rest)) throw refuse({ id: 'query', params: { dockerd: `invalid mirror: query or fragment at end of the URI ${shown}` } });
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash);
  // verbatim: dockerd's own refusal (moby ValidateMirror), quoted in the sentence
  if (authority.includes('@')) throw refuse({ id: 'userinfo', params: { dockerd: 'invalid mirror: username/password not allowed in URI' } });
  const hostProblem = mirrorHostProblem(authority);
  if (hostProblem) throw refuse(hostProblem);
  const pathProblem = path !== '' && path !== '/' ? mirrorPathProblem(path, engineVersion, shown) : undefined;
  if (pathProblem) throw refuse(pathProblem);
  return `${input.endsWith('/') ? input.slice(0, -1) : input}/`;
}

/** An insecure-registries entry as dockerd accepts it: a CIDR, an IP, or host[:port], without scheme or trailing `/`. */
export function validateInsecureRegistry(input: string): string {
  const shown = redactUserinfo(input);
  const refuse = ({ id, params }: Problem<InsecureProblem>): DocksideError =>
    new DocksideError('invalid-insecure-registry', `daemon.error.invalid-insecure-registry.${id}`, { registry: JSON.stringify(shown), ...params });

  if (input === '') throw refuse({ id: 'empty' });
  if (/[\s\p{Cc}]/u.test(input)) throw refuse({ id: 'spaces' });
  let entry = input;
  const schemeEnd = entry.indexOf('://');
  if (schemeEnd !== -1) {
    const scheme = entry.slice(0, schemeEnd).toLowerCase();
    // moby strips these with a warning; any other scheme stops dockerd.
    // verbatim: dockerd's own refusal (moby loadInsecureRegistries), quoted in the sentence
    if (scheme !== 'http' && scheme !== 'https') throw refuse({ id: 'scheme', params: { dockerd: `insecure registry ${shown} should not contain '://'` } });
    entry = entry.slice(schemeEnd + 3);
  }
  if (entry.endsWith('/')) entry = entry.slice(0, -1);
  if (entry === '') throw refuse({ id: 'no-host' });
  if (entry.includes('@')) throw refuse({ id: 'userinfo' });
  if (entry.startsWith('-') || entry.endsWith('-')) {
    // verbatim: dockerd's own refusal (moby ValidateIndexName), quoted in the sentence
    throw refuse({ id: 'hyphen', params: { dockerd: `invalid index name (${entry}). Cannot begin or end with a hyphen` } });
  }
  if (entry.includes('/')) {
    const cidrProblem = cidrProblemOf(entry);
    if (cidrProblem) throw refuse(cidrProblem);
    return entry;
  }
  const hostPortProblem = hostPortProblemOf(entry);
  if (hostPortProblem) throw refuse(hostPortProblem);
  return entry;
}

/** Validates each mirror and drops duplicates after normalisation, keeping first-seen order (as dockerd does). */
export function normalizeMirrors(inputs: string[], engineVersion: string | undefined): string[] {
  return unique(inputs.map((input) => validateMirror(input, engineVersion)));
}

/** Validates each insecure registry and drops duplicates after normalisation, keeping first-seen order. */
export function normalizeInsecureRegistries(inputs: string[]): string[] {
  return unique(inputs.map(validateInsecureRegistry));
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Why a mirror URL's path is unusable with this engine, or undefined. */
function mirrorPathProblem(path: string, engineVersion: string | undefined, shown: string): Problem<MirrorProblem> | undefined {
  const major = engineMajorVersion(engineVersion);
  // verbatim: what engines before 25.0 say (moby ValidateMirror), quoted in the sentence
  const older = { path, since: MIRROR_PATH_SINCE, dockerd: `invalid mirror: path, query, or fragment at end of the URI ${shown}` };
  if (major === undefined) return { id: 'path-version-unknown', params: { ...older, version: JSON.stringify(engineVersion ?? '') } };
  if (major < MIRROR_PATH_SINCE) return { id: 'path-old-engine', params: { ...older, version: engineVersion ?? '' } };
  return /%(?![0-9A-Fa-f]{2})/.test(path) ? { id: 'path-percent', params: { path } } : undefined;
}

/** Why `host[:port]` of a mirror URL is unusable, or undefined. */
function mirrorHostProblem(authority: string): Problem<HostProblem> | undefined {
  let host = authority;
  let port: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    const literal = close === -1 ? '' : authority.slice(1, close);
    if (isIP(literal) !== 6 || literal.includes('%')) return { id: 'ipv6-host', params: { host: authority } };
    const after = authority.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return { id: 'after-ipv6', params: { text: after } };
    if (after !== '') port = after.slice(1);
  } else {
    const colon = authority.indexOf(':');
    if (colon !== -1) {
      host = authority.slice(0, colon);
      port = authority.slice(colon + 1);
    }
    if (host === '') return { id: 'no-host' };
    if (!DOMAIN_NAME_REGEXP.test(host)) return { id: 'host-name', params: { host: JSON.stringify(host) } };
  }
  return port === undefined ? undefined : portProblem(port);
}

/** Why an entry is not an IPv4 or IPv6 network in CIDR form, or undefined. */
function cidrProblemOf(entry: string): Problem<InsecureProblem> | undefined {
  // verbatim: dockerd's own refusal (moby validateHostPort), quoted in the sentence
  const notValid: Problem<InsecureProblem> = { id: 'cidr', params: { dockerd: `insecure registry ${entry} is not valid: invalid host ${JSON.stringify(entry)}` } };
  const [address = '', bits = '', ...more] = entry.split('/');
  // The address alone, as a /0 network: which family it is, or that it is none.
  const family = more.length === 0 ? parseCidr(`${address}/0`)?.address.kind() : undefined;
  if (family === undefined || !/^(?:0|[1-9][0-9]{0,2})$/.test(bits)) return notValid;
  const max = family === 'ipv4' ? 32 : 128;
  // verbatim: the address families' names
  return Number(bits) > max ? { id: 'prefix', params: { bits, max, family: family === 'ipv4' ? 'IPv4' : 'IPv6' } } : undefined;
}

/** moby's validateHostPort (Go net.SplitHostPort, then the host:port regexp or an IP), with a 1-65535 port. */
function hostPortProblemOf(entry: string): Problem<InsecureProblem> | undefined {
  const { host, port } = splitHostPort(entry);
  const ip = isIP(host) !== 0 && !host.includes('%');
  // verbatim: dockerd's own refusal (moby validateHostPort), quoted in the sentence
  if (!HOST_PORT_REGEXP.test(entry) && !ip) return { id: 'host', params: { dockerd: `insecure registry ${entry} is not valid: invalid host ${JSON.stringify(host)}` } };
  return port === undefined ? undefined : portProblem(port);
}

/** Like Go's net.SplitHostPort, falling back (as moby does) to the whole entry as the host. */
function splitHostPort(entry: string): { host: string; port?: string } {
  if (entry.startsWith('[')) {
    const match = /^\[([^\]]*)\]:([^:]*)$/.exec(entry);
    return match ? { host: match[1] ?? '', port: match[2] ?? '' } : { host: entry };
  }
  const colon = entry.indexOf(':');
  if (colon === -1 || colon !== entry.lastIndexOf(':')) return { host: entry };
  return { host: entry.slice(0, colon), port: entry.slice(colon + 1) };
}

function portProblem(port: string): Problem<'port'> | undefined {
  const value = /^[0-9]{1,5}$/.test(port) ? Number(port) : NaN;
  return value >= 1 && value <= 65535 ? undefined : { id: 'port', params: { port: JSON.stringify(port) } };
}

/** Never echo a password (or a token used as user name) into a message or a log. */
function redactUserinfo(input: string): string {
  return input.replace(/^((?:[^:/?#]+:\/\/)?)[^/?#]*@/, '$1xxxxx@');
}
