import { isIP } from 'node:net';
import { parseCidr } from '../engine/cidr';
import { DocksideError } from '../errors';

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

const MIRROR_FORM = 'Write the mirror as http://host[:port]/ or https://host[:port]/';

/** "20.10.24" -> 20, "28.2.2-1" -> 28; undefined when the text is not a version. */
export function engineMajorVersion(version: string | undefined): number | undefined {
  const match = /^v?(\d+)(?:\.\d+)+(?:[-+~][0-9A-Za-z.+~-]*)?$/.exec(version?.trim() ?? '');
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** A registry mirror as dockerd accepts it, normalised as dockerd does (one trailing `/`). */
export function validateMirror(input: string, engineVersion: string | undefined): string {
  const shown = JSON.stringify(redactUserinfo(input));
  const refuse = (problem: string, fix: string = MIRROR_FORM): DocksideError =>
    new DocksideError('invalid-mirror', `${shown} is not a usable registry mirror: ${problem}. ${fix}.`);

  if (/[\s\p{Cc}]/u.test(input)) throw refuse('it contains spaces or control characters');
  const schemeEnd = input.indexOf('://');
  if (schemeEnd <= 0) {
    throw refuse(`it has no scheme; dockerd says "invalid mirror: no scheme specified for ${shown}: must use either 'https://' or 'http://'"`);
  }
  const scheme = input.slice(0, schemeEnd).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    throw refuse(`dockerd says "invalid mirror: unsupported scheme ${JSON.stringify(scheme)} in ${shown}: must use either 'https://' or 'http://'"`);
  }
  const rest = input.slice(schemeEnd + 3);
  if (/[?#]/.test(rest)) {
    throw refuse(`dockerd says "invalid mirror: query or fragment at end of the URI ${shown}"`, `${MIRROR_FORM}, without ? or #`);
  }
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash);
  if (authority.includes('@')) {
    throw refuse(
      'dockerd says "invalid mirror: username/password not allowed in URI"',
      'Mirrors are always reached without credentials: remove the user and password, and allow anonymous pull on the mirror (in Nexus: the Docker Bearer Token Realm and anonymous access)',
    );
  }
  const hostProblem = mirrorHostProblem(authority);
  if (hostProblem) throw refuse(hostProblem);
  if (path !== '' && path !== '/') checkMirrorPath(path, engineVersion, shown, refuse);
  return `${input.endsWith('/') ? input.slice(0, -1) : input}/`;
}

/** An insecure-registries entry as dockerd accepts it: a CIDR, an IP, or host[:port], without scheme or trailing `/`. */
export function validateInsecureRegistry(input: string): string {
  const shown = redactUserinfo(input);
  const refuse = (problem: string): DocksideError =>
    new DocksideError(
      'invalid-insecure-registry',
      `${JSON.stringify(shown)} is not a usable insecure registry: ${problem}. Write it as host[:port] exactly as images name it ` +
        '(nexus.example.com:8082, 10.0.0.5:5000, [fd00::5]:5000), or as a network in CIDR form (10.0.0.0/8).',
    );

  if (input === '') throw refuse('it is empty');
  if (/[\s\p{Cc}]/u.test(input)) throw refuse('it contains spaces or control characters');
  let entry = input;
  const schemeEnd = entry.indexOf('://');
  if (schemeEnd !== -1) {
    const scheme = entry.slice(0, schemeEnd).toLowerCase();
    // moby strips these with a warning; any other scheme stops dockerd.
    if (scheme !== 'http' && scheme !== 'https') throw refuse(`dockerd says "insecure registry ${shown} should not contain '://'"`);
    entry = entry.slice(schemeEnd + 3);
  }
  if (entry.endsWith('/')) entry = entry.slice(0, -1);
  if (entry === '') throw refuse('it has no host');
  if (entry.includes('@')) throw refuse('it contains a user name or password, which dockerd does not accept here');
  if (entry.startsWith('-') || entry.endsWith('-')) {
    throw refuse(`dockerd says "invalid index name (${entry}). Cannot begin or end with a hyphen"`);
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

function checkMirrorPath(path: string, engineVersion: string | undefined, shown: string, refuse: (problem: string, fix?: string) => DocksideError): void {
  const major = engineMajorVersion(engineVersion);
  const older = `engines before ${MIRROR_PATH_SINCE}.0 refuse a path, saying "invalid mirror: path, query, or fragment at end of the URI ${shown}"`;
  if (major === undefined) {
    throw refuse(
      `it has a path (${path}), the Docker engine version could not be read (${JSON.stringify(engineVersion ?? '')}), and ${older}`,
      'Start the Docker engine so that its version can be read, or use a mirror URL without a path (http://host[:port]/ or https://host[:port]/)',
    );
  }
  if (major < MIRROR_PATH_SINCE) {
    throw refuse(
      `it has a path (${path}) and this engine is ${engineVersion}; ${older}`,
      `Use a mirror URL without a path (for Nexus, a connector port or a reverse-proxy host for the proxy repository), or upgrade the engine to ${MIRROR_PATH_SINCE}.0 or later`,
    );
  }
  if (/%(?![0-9A-Fa-f]{2})/.test(path)) throw refuse(`its path (${path}) has a % that does not start a %XX escape`);
}

/** Why `host[:port]` of a mirror URL is unusable, or undefined. */
function mirrorHostProblem(authority: string): string | undefined {
  let host = authority;
  let port: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    const literal = close === -1 ? '' : authority.slice(1, close);
    if (isIP(literal) !== 6 || literal.includes('%')) return `its host ${authority} is not a valid IPv6 address in brackets`;
    const after = authority.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return `unexpected text after the IPv6 address: ${after}`;
    if (after !== '') port = after.slice(1);
  } else {
    const colon = authority.indexOf(':');
    if (colon !== -1) {
      host = authority.slice(0, colon);
      port = authority.slice(colon + 1);
    }
    if (host === '') return 'it has no host';
    if (!DOMAIN_NAME_REGEXP.test(host)) {
      return `its host ${JSON.stringify(host)} is not a valid host name (letters, digits and inner hyphens, separated by dots) or IP address`;
    }
  }
  return port === undefined ? undefined : portProblem(port);
}

/** Why an entry is not an IPv4 or IPv6 network in CIDR form, or undefined. */
function cidrProblemOf(entry: string): string | undefined {
  const notValid = `dockerd says "insecure registry ${entry} is not valid: invalid host ${JSON.stringify(entry)}": only a network in CIDR form (10.0.0.0/8) may contain a /, and a registry's path cannot be marked insecure`;
  const [address = '', bits = '', ...more] = entry.split('/');
  // The address alone, as a /0 network: which family it is, or that it is none.
  const family = more.length === 0 ? parseCidr(`${address}/0`)?.address.kind() : undefined;
  if (family === undefined || !/^(?:0|[1-9][0-9]{0,2})$/.test(bits)) return notValid;
  const max = family === 'ipv4' ? 32 : 128;
  return Number(bits) > max ? `the prefix length /${bits} is larger than ${max} for an ${family === 'ipv4' ? 'IPv4' : 'IPv6'} network` : undefined;
}

/** moby's validateHostPort (Go net.SplitHostPort, then the host:port regexp or an IP), with a 1-65535 port. */
function hostPortProblemOf(entry: string): string | undefined {
  const { host, port } = splitHostPort(entry);
  const ip = isIP(host) !== 0 && !host.includes('%');
  if (!HOST_PORT_REGEXP.test(entry) && !ip) return `dockerd says "insecure registry ${entry} is not valid: invalid host ${JSON.stringify(host)}"`;
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

function portProblem(port: string): string | undefined {
  const value = /^[0-9]{1,5}$/.test(port) ? Number(port) : NaN;
  return value >= 1 && value <= 65535 ? undefined : `its port ${JSON.stringify(port)} is not a number from 1 to 65535`;
}

/** Never echo a password (or a token used as user name) into a message or a log. */
function redactUserinfo(input: string): string {
  return input.replace(/^((?:[^:/?#]+:\/\/)?)[^/?#]*@/, '$1xxxxx@');
}
