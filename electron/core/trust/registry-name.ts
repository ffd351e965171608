import { isIPv6 } from 'node:net';
import path from 'node:path';
import { domainToASCII } from 'node:url';
import type { MessageParams } from '../../../shared/message';
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
const FORBIDDEN: ReadonlyArray<[RegExp, Reason]> = [
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  [/[\u0000-\u001f\u007f-\u009f]/, 'control'],
  [/\s/, 'blank'],
  [/[/\\]/, 'path'],
  [/[?#]/, 'query'],
  [/@/, 'userinfo'],
  [/%/, 'percent'],
];

/** What is wrong with a name: `tls.error.invalid-registry-name.<reason>`. */
type Reason =
  | 'empty' | 'control' | 'blank' | 'path' | 'query' | 'userinfo' | 'percent'
  | 'ipv6-no-close' | 'ipv6-after' | 'ipv6-brackets' | 'colons' | 'bracket' | 'not-direct-child'
  | 'port-empty' | 'port-nan' | 'port-form' | 'port-range' | 'host-empty' | 'ipv6-invalid' | 'idn-invalid'
  | 'trailing-dot' | 'empty-label' | 'ip-ascii' | 'ipv4-invalid' | 'name-too-long' | 'label-too-long' | 'label-chars';

function refuse(input: string, reason: Reason, params: MessageParams = {}): never {
  throw new DocksideError(CODE, `tls.error.invalid-registry-name.${reason}`, { name: quote(input), ...params });
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
  if (text === '') refuse(input, 'empty');
  for (const [pattern, reason] of FORBIDDEN) if (pattern.test(text)) refuse(input, reason);

  let hostText: string;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) refuse(input, 'ipv6-no-close');
    hostText = text.slice(0, close + 1);
    const rest = text.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) refuse(input, 'ipv6-after');
      portText = rest.slice(1);
    }
  } else {
    const colons = text.split(':').length - 1;
    if (colons > 1) {
      refuse(input, isIPv6(text) ? 'ipv6-brackets' : 'colons');
    }
    const colon = text.indexOf(':');
    hostText = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? undefined : text.slice(colon + 1);
  }
  if (text.includes(']') && !hostText.startsWith('[')) refuse(input, 'bracket');

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
    refuse(input, 'not-direct-child', { root });
  }
  return result;
}

function parsePort(input: string, text: string): number {
  if (text === '') refuse(input, 'port-empty');
  if (!/^[0-9]+$/.test(text)) refuse(input, 'port-nan', { port: quote(text) });
  if (!PORT.test(text)) refuse(input, 'port-form', { port: quote(text) });
  const port = Number(text);
  if (port > 65535) refuse(input, 'port-range', { port });
  return port;
}

function parseHost(input: string, text: string): { host: string; kind: RegistryName['kind']; written: string } {
  if (text === '') refuse(input, 'host-empty');
  if (text.startsWith('[')) {
    const address = text.slice(1, -1).toLowerCase();
    if (!isIPv6(address)) refuse(input, 'ipv6-invalid', { text: quote(text) });
    return { host: address, kind: 'ipv6', written: `[${address}]` };
  }

  const ascii = /^[\x20-\x7e]*$/.test(text); // control characters were refused above
  let name = text.toLowerCase();
  if (!ascii) {
    name = domainToASCII(text);
    if (name === '') refuse(input, 'idn-invalid', { text: quote(text) });
  }
  if (name.endsWith('.')) refuse(input, 'trailing-dot');
  const labels = name.split('.');
  if (labels.some((label) => label === '')) refuse(input, 'empty-label');
  if (NUMERIC_LABEL.test(labels[labels.length - 1] ?? '')) {
    if (!ascii) refuse(input, 'ip-ascii');
    if (labels.length !== 4 || !labels.every((label) => DECIMAL_OCTET.test(label) && Number(label) <= 255)) {
      refuse(input, 'ipv4-invalid', { text: quote(text) });
    }
    return { host: name, kind: 'ipv4', written: name };
  }
  if (name.length > 253) refuse(input, 'name-too-long', { length: name.length });
  for (const label of labels) {
    if (label.length > 63) refuse(input, 'label-too-long', { label: quote(label.slice(0, 20) + '…'), length: label.length });
    if (!LABEL.test(label)) {
      refuse(input, 'label-chars', { label: quote(label) });
    }
  }
  return { host: name, kind: 'dns', written: name };
}
