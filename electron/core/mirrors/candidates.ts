import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import type { CandidateSource, MirrorCandidate } from '../../../shared/mirrors';
import { DocksideError } from '../errors';

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
  labels?: Record<string, string>;
}

export interface InvalidCandidate {
  /** As given, with any user info blanked. */
  url: string;
  reason: string;
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

function normaliseMirrorUrl(given: string): { url: string } | { reason: string } {
  const text = given.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return { reason: `a mirror needs its scheme: write https://${text.replace(/^\/+/, '')} (or http:// for a plain-HTTP Nexus connector).` };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { reason: 'this is not a URL.' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { reason: `a mirror is an http:// or https:// URL, not ${url.protocol}//.` };
  if (url.username !== '' || url.password !== '') {
    return { reason: 'a mirror URL cannot carry a user name or password: Docker refuses it, and reaches mirrors without credentials anyway.' };
  }
  // `https://m/?` parses with an empty search; Docker still refuses the `?`.
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(text)) return { reason: 'a mirror URL cannot have a query (?...) or a fragment (#...): Docker refuses it.' };
  // URL has already lower-cased the scheme and the host and dropped a default port.
  return { url: `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}/` };
}

function withoutUserInfo(given: string): string {
  return given.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1***@');
}

/** One public mirror as resources/mirrors.json lists it: data to probe, never to trust. */
const CatalogEntrySchema = z
  .object({
    url: z.string().refine((url) => 'url' in normaliseMirrorUrl(url), 'not a valid mirror URL (http or https, no query, fragment or user info)'),
    /** Where it serves, e.g. `CN` or `global`. */
    region: z.string().min(1),
    /** Who runs it. */
    operator: z.string().min(1),
    /** What is known about it: who may use it, whether it was reported shut down. */
    notes: z.string().min(1),
  })
  .strict();
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;

/** The public mirror catalog (resources/mirrors.json), checked entry by entry. */
export async function loadCatalog(path: string): Promise<CatalogEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new DocksideError('catalog-unreadable', `Cannot read the mirror catalog ${path}: ${(error as Error).message}. Reinstall Dockside, or name mirrors yourself.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DocksideError('catalog-invalid', `The mirror catalog ${path} is not JSON (${(error as Error).message}). Reinstall Dockside, or name mirrors yourself.`);
  }
  const checked = z.array(CatalogEntrySchema).safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue ? `at ${issue.path.length > 0 ? issue.path.join('.') : 'the top level'}: ${issue.message}` : '';
    throw new DocksideError('catalog-invalid', `The mirror catalog ${path} is not a list of { url, region, operator, notes } (${where}). Reinstall Dockside, or name mirrors yourself.`);
  }
  return checked.data;
}
