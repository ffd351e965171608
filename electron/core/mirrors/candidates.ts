import { type Message, msg } from '../../../shared/message';
import type { CandidateSource, MirrorCandidate } from '../../../shared/mirrors';

/**
 * Mirror candidates from every source (the user, a profile, Nexus, the public catalog),
 * normalised by moby's rules for `registry-mirrors` (FACTS §1: http or https, no query,
 * fragment or user info, a trailing `/`) so that a URL named twice is probed once. A path
 * prefix is kept: only Engine 25+ accepts it, which is checked against the engine elsewhere.
 */

export interface CandidateList {
  source: CandidateSource;
  urls: string[];
  /** A label per URL, keyed by the URL as given or as normalised. */
  labels?: Record<string, Message>;
}

export interface InvalidCandidate {
  /** As given, with any user info blanked. */
  url: string;
  reason: Message;
}

/** Every valid URL once, with every source that named it (and the first label given); the invalid ones with why. */
export function collectCandidates(lists: CandidateList[]): { candidates: MirrorCandidate[]; invalid: InvalidCandidate[] } {
  const byUrl = new Map<string, MirrorCandidate>();
  const invalid: InvalidCandidate[] = [];
  for (const { source, urls, labels = {} } of lists) {
    for (const given of urls) {
      const normalised = normaliseMirrorUrl(given);
      if ('reason' in normalised) {
        invalid.push({ url: withoutUserInfo(given), reason: normalised.reason });
        continue;
      }
      const { url } = normalised;
      const label = Object.hasOwn(labels, given) ? labels[given] : Object.hasOwn(labels, url) ? labels[url] : undefined;
      const known = byUrl.get(url);
      if (!known) {
        byUrl.set(url, { url, sources: [source], ...(label === undefined ? {} : { label }) });
        continue;
      }
      if (!known.sources.includes(source)) known.sources.push(source);
      if (known.label === undefined && label !== undefined) known.label = label;
    }
  }
  return { candidates: [...byUrl.values()], invalid };
}

/** moby's rules for a `registry-mirrors` entry; why not, as a `probe.invalid.*` message. */
export function normaliseMirrorUrl(given: string): { url: string } | { reason: Message } {
  const text = given.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return { reason: msg('probe.invalid.no-scheme', { suggestion: `https://${text.replace(/^\/+/, '')}` }) };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { reason: msg('probe.invalid.not-a-url') };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { reason: msg('probe.invalid.scheme', { scheme: url.protocol }) };
  if (url.username !== '' || url.password !== '') return { reason: msg('probe.invalid.user-info') };
  // `https://m/?` parses with an empty search; Docker still refuses the `?`.
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(text)) return { reason: msg('probe.invalid.query') };
  // URL has already lower-cased the scheme and the host and dropped a default port.
  return { url: `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}/` };
}

function withoutUserInfo(given: string): string {
  return given.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1***@');
}
