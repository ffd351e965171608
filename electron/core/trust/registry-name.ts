import { isIPv6 } from 'node:net';
import path from 'node:path';
import { domainToASCII } from 'node:url';
import { DocksideError } from '../errors';

/**
 * A registry name a user typed, checked so that it can safely become a directory name under
 * Docker's certs.d (moby joins that directory name without sanitising it: FACTS §3).
 */
export interface RegistryName {
  /** Lower case; punycode for an internationalised name; an IPv6 address without its brackets. */
  host: string;
  port: number | undefined;
  kind: 'dns' | 'ipv4' | 'ipv6';
  /** host[:port] as Docker's certs.d directory is named */
  dirName: string;
}

const CODE = 'invalid-registry-name';
const EXAMPLES = 'nexus.example.com:8443, 10.0.0.5:5000 or [fd00::5]:5000';
const MAX_SHOWN = 80;

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const DECIMAL_OCTET = /^(?:0|[1-9][0-9]{0,2})$/;
const PORT = /^[1-9][0-9]{0,4}$/;
// WHATWG URL's "ends in a number": such a name is parsed as an IPv4 address by URL parsers and
// inet_aton, so it is accepted only as a dotted quad, never as a DNS name.
const NUMERIC_LABEL = /^(?:[0-9]+|0x[0-9a-f]*)$/i;
// Anything of a URL other than the scheme and a trailing slash, and anything that is not a
// printable, non-blank character. `%` also covers percent-encoding (domainToASCII decodes it)
// and IPv6 zones.
const FORBIDDEN: ReadonlyArray<[RegExp, string]> = [
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  [/[\u0000-\u001f\u007f-\u009f]/, 'it contains a control character'],
  [/\s/, 'it contains a blank'],
  [/[/\\]/, 'it contains a path (a "/" or "\\"); give only the registry host and port'],
  [/[?#]/, 'it contains a query or fragment ("?" or "#")'],
  [/@/, 'it contains user information ("@")'],
  [/%/, 'it contains "%" (percent-encoding or an IPv6 zone)'],
];

function refuse(input: string, reason: string): never {
  throw new DocksideError(CODE, `The registry name ${quote(input)} is not valid: ${reason}. Write it as host[:port], for example ${EXAMPLES}.`);
}

/** Text from the user, quoted for a message: shortened, invisible and control characters escaped. */
function quote(text: string): string {
  const codePoints = [...text];
  const shown = codePoints.length > MAX_SHOWN ? `${codePoints.slice(0, MAX_SHOWN).join('')}…` : text;
  return JSON.stringify(shown).replace(/[\p{C}\p{Zl}\p{Zp}]|(?! )\p{Zs}/gu, (char) => {
    const hex = (char.codePointAt(0) ?? 0).toString(16).padStart(4, '0');
    return hex.length > 4 ? `\\u{${hex}}` : `\\u${hex}`;
  });
}

/**
 * Checks a registry name typed by a user (a pasted `https://host:port/` is accepted too) and
 * returns it as Docker's certs.d names its directory. Throws DocksideError `invalid-registry-name`
 * saying what is wrong.
 */
export function parseRegistryName(input: string): RegistryName {
  let text = input;
  const scheme = /^https?:\/\//i.exec(text);
  if (scheme) text = text.slice(scheme[0].length);
  if (text.endsWith('/')) text = text.slice(0, -1);
  if (text === '') refuse(input, 'it is empty');
  for (const [pattern, reason] of FORBIDDEN) if (pattern.test(text)) refuse(input, reason);

  let hostText: string;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) refuse(input, 'the IPv6 address has no closing "]"');
    hostText = text.slice(0, close + 1);
    const rest = text.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) refuse(input, 'only ":port" may follow the "]" of an IPv6 address');
      portText = rest.slice(1);
    }
  } else {
    const colons = text.split(':').length - 1;
    if (colons > 1) {
      refuse(input, isIPv6(text) ? 'an IPv6 address must be written in brackets, like [fd00::5]' : 'it has more than one ":"');
    }
    const colon = text.indexOf(':');
    hostText = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? undefined : text.slice(colon + 1);
  }
  if (text.includes(']') && !hostText.startsWith('[')) refuse(input, 'it has a "]" without "["');

  const port = portText === undefined ? undefined : parsePort(input, portText);
  const { host, kind, written } = parseHost(input, hostText);
  return { host, port, kind, dirName: port === undefined ? written : `${written}:${port}` };
}

/**
 * The certs.d directory of a registry: `<certsRoot>/<host[:port]>`. Throws DocksideError
 * `invalid-registry-name` when the name is not valid or would not be a direct child of the root.
 */
export function certsDirFor(certsRoot: string, input: string): string {
  const { dirName } = parseRegistryName(input);
  const root = path.resolve(certsRoot);
  const result = path.join(root, dirName);
  // Defence in depth: the parser already refuses separators and dot segments.
  if (path.dirname(result) !== root || path.basename(result) !== dirName) {
    refuse(input, `it does not name a directory directly inside ${root}`);
  }
  return result;
}

function parsePort(input: string, text: string): number {
  if (text === '') refuse(input, 'the port after ":" is empty');
  if (!/^[0-9]+$/.test(text)) refuse(input, `the port ${quote(text)} is not a number`);
  if (!PORT.test(text)) refuse(input, `the port ${quote(text)} must be 1-65535 without leading zeros`);
  const port = Number(text);
  if (port > 65535) refuse(input, `the port ${port} is above 65535`);
  return port;
}

function parseHost(input: string, text: string): { host: string; kind: RegistryName['kind']; written: string } {
  if (text === '') refuse(input, 'the host is empty');
  if (text.startsWith('[')) {
    const address = text.slice(1, -1).toLowerCase();
    if (!isIPv6(address)) refuse(input, `${quote(text)} is not an IPv6 address in brackets`);
    return { host: address, kind: 'ipv6', written: `[${address}]` };
  }

  const ascii = /^[\x20-\x7e]*$/.test(text); // control characters were refused above
  let name = text.toLowerCase();
  if (!ascii) {
    name = domainToASCII(text);
    if (name === '') refuse(input, `${quote(text)} is not a valid internationalised domain name`);
  }
  if (name.endsWith('.')) refuse(input, 'it ends with "."; leave the trailing dot out');
  const labels = name.split('.');
  if (labels.some((label) => label === '')) refuse(input, 'it has an empty label (".." or a leading ".")');
  if (NUMERIC_LABEL.test(labels[labels.length - 1] ?? '')) {
    if (!ascii) refuse(input, 'an IP address must be written in ASCII digits');
    if (labels.length !== 4 || !labels.every((label) => DECIMAL_OCTET.test(label) && Number(label) <= 255)) {
      refuse(input, `${quote(text)} is not an IPv4 address (four numbers 0-255 without leading zeros) and a host name may not end with a number`);
    }
    return { host: name, kind: 'ipv4', written: name };
  }
  if (name.length > 253) refuse(input, `the host name is ${name.length} characters long; at most 253 are allowed`);
  for (const label of labels) {
    if (label.length > 63) refuse(input, `the label ${quote(label.slice(0, 20) + '…')} is ${label.length} characters long; at most 63 are allowed`);
    if (!LABEL.test(label)) {
      refuse(input, `the label ${quote(label)} may contain only letters, digits and "-", and may not start or end with "-"`);
    }
  }
  return { host: name, kind: 'dns', written: name };
}
