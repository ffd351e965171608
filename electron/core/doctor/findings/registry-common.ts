import { STATUS_CODES } from 'node:http';
import type { EvidenceItem, Finding, FindingSeverity, FixAction } from '../../../../shared/doctor';
import { type Message, msg } from '../../../../shared/message';
import { errorSentence } from '../../../../shared/result';
import { networkContains, parseCidr } from '../../runtimes/docker/engine/cidr';
import type { Evidence, HttpExchange, LocalEvidence } from '../evidence/types';

/**
 * What the registry detectors share: quoting an HTTP exchange as evidence, and telling whether
 * a registry is one of the configured mirrors or insecure registries. Pure: no I/O.
 */

/** dockerd treats 127.0.0.0/8 as insecure whatever daemon.json says. */
const LOOPBACK_V4 = parseCidr('127.0.0.0/8');

/** How much of a body an evidence item quotes. */
const BODY_EXCERPT_CHARS = 300;

/** `403 Forbidden` (verbatim: HTTP's own status line); null when no answer came. */
export function statusLine(exchange: HttpExchange): string | null {
  if (exchange.status === null) return null;
  const text = STATUS_CODES[exchange.status];
  return text ? `${exchange.status} ${text}` : String(exchange.status);
}

/** The body with its blanks collapsed, cut at BODY_EXCERPT_CHARS. */
export function bodyExcerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > BODY_EXCERPT_CHARS ? `${flat.slice(0, BODY_EXCERPT_CHARS)}…` : flat;
}

/**
 * An exchange as evidence: the request, then verbatim its status line, the named headers it
 * carried and (optionally) a body excerpt; with no answer, the error's code and its sentence.
 */
export function httpItem(exchange: HttpExchange, options: { headers?: string[]; body?: boolean } = {}): EvidenceItem {
  const source = `${exchange.method} ${exchange.url}`;
  const status = statusLine(exchange);
  if (status === null) {
    return { kind: 'http', source, detail: exchange.error?.code ?? '', text: exchange.error ? errorSentence(exchange.error) : msg('doctor.evidence.no-answer') };
  }
  const parts = [status];
  for (const name of options.headers ?? []) {
    const value = exchange.headers[name];
    if (value !== undefined) parts.push(`${name}: ${value}`);
  }
  if (options.body && exchange.body.trim() !== '') parts.push(`body: ${bodyExcerpt(exchange.body)}`); // verbatim: an HTTP-style label of the quoted body
  return { kind: 'http', source, detail: parts.join('; ') };
}

/** Every exchange of the registry evidence, in the order they were made. */
export function registryExchanges(evidence: Evidence): HttpExchange[] {
  const registry = evidence.registry;
  if (registry === null) return [];
  return [registry.ping, registry.anonymousToken, registry.anonymousRepository, registry.push?.start ?? null].filter(
    (exchange): exchange is HttpExchange => exchange !== null,
  );
}

export function finding(input: {
  id: string;
  severity: FindingSeverity;
  title: Message;
  explanation: Message;
  evidence: EvidenceItem[];
  fix: Message;
  command?: string | null;
  /** The command as data (the app's fix button); given exactly when `command` is. */
  action?: FixAction | null;
}): Finding {
  return {
    id: input.id,
    severity: input.severity,
    title: input.title,
    explanation: input.explanation,
    evidence: input.evidence,
    fix: { text: input.fix, command: input.command ?? null, action: input.action ?? null },
  };
}

/** `host[:port]` lower-cased, without a scheme, a path, or the port its scheme implies. */
function hostKey(value: string, defaultPort: string): string {
  const bare = value.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '').replace(/\/.*$/, '');
  return bare.endsWith(`:${defaultPort}`) ? bare.slice(0, -defaultPort.length - 1) : bare;
}

/** The mirror URLs daemon.json sets and those the running engine reports. */
export function configuredMirrors(local: LocalEvidence): string[] {
  return [...(local.daemonJson.settings?.mirrors ?? []), ...(local.engine.active?.mirrors ?? [])];
}

/** Whether one of the configured mirrors is this registry (`https://host:port/` against `host:port`). */
export function isConfiguredMirror(local: LocalEvidence, registry: string): boolean {
  return configuredMirrors(local).some((mirror) => {
    const port = mirror.toLowerCase().startsWith('http://') ? '80' : '443';
    return hostKey(mirror, port) === hostKey(registry, port);
  });
}

/** The registry's host without its port; IPv6 brackets removed. */
export function hostOf(registry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(registry);
  if (bracketed?.[1] !== undefined) return bracketed[1];
  const colons = registry.split(':').length - 1;
  return colons === 1 ? (registry.split(':')[0] ?? registry) : registry;
}

/**
 * Whether Docker lets this registry be reached over plain HTTP, as dockerd decides it: an
 * insecure-registries entry naming it (a `http://` prefix is dropped, as dockerd drops it), or a
 * CIDR entry holding its IP, or 127.0.0.0/8 (insecure by default). A host name is not resolved
 * here (detectors do no I/O), so a CIDR entry counts only for an IP literal and `localhost`.
 */
export function isInsecureRegistry(entries: string[], registry: string): boolean {
  const key = hostKey(registry, '');
  const host = hostOf(key);
  const ip = host === 'localhost' ? '127.0.0.1' : host;
  if (entries.some((entry) => hostKey(entry, '') === key)) return true;
  const networks = [LOOPBACK_V4, ...entries.map((entry) => parseCidr(entry.trim()))];
  return networks.some((network) => network !== undefined && networkContains(network, ip));
}
