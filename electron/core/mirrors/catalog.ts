import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { MessageSchema } from '../../../shared/message';
import { DocksideError } from '../errors';
import { normaliseMirrorUrl } from './candidates';

/**
 * The public mirror catalog (resources/mirrors.json): data to probe, never to trust. Each entry
 * says who runs it, the guide it came from, what is known (a catalog note, in every language),
 * and whether it is offered: `active` ones are probed (the probe is the judge), `needs-own-id`
 * ones are a template the user fills in, `retired` ones are kept only to say why they are gone.
 * `checked` is the date a probe on a networked machine last found it usable; null until one did.
 */

/** The placeholder of a personal accelerator's address, e.g. `https://<your-id>.mirror.aliyuncs.com`. */
export const OWN_ID = '<your-id>';

// Issue messages are ids, not sentences: the catalog error that carries them is the sentence.
const mirrorUrl = z.string().refine((url) => 'url' in normaliseMirrorUrl(url), 'invalid-mirror-url');
const template = z.string().refine((url) => url.includes(OWN_ID) && 'url' in normaliseMirrorUrl(url.replace(OWN_ID, 'id')), 'invalid-own-id-template');

const common = {
  /** Stable, names its catalog keys: probe.catalog.<id>.*. */
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Where it serves. */
  region: z.enum(['CN', 'global']),
  /** Who runs it, as a label. */
  operator: MessageSchema,
  note: MessageSchema,
  /** The public guide or announcement the entry came from. */
  source: z.url(),
  checked: z.iso.date().nullable(),
};

const CatalogEntrySchema = z.discriminatedUnion('status', [
  z.object({ ...common, status: z.literal('active'), url: mirrorUrl }).strict(),
  z.object({ ...common, status: z.literal('needs-own-id'), url: template }).strict(),
  z
    .object({
      ...common,
      status: z.literal('retired'),
      url: mirrorUrl,
      /** Since when (YYYY or YYYY-MM; null: it never served the public) and why. */
      retired: z.object({ since: z.string().regex(/^\d{4}(-\d{2})?$/).nullable(), reason: MessageSchema }).strict(),
    })
    .strict(),
]);
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;

/** The catalog, checked entry by entry. */
export async function loadCatalog(path: string): Promise<CatalogEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new DocksideError('catalog-unreadable', 'probe.error.catalog-unreadable', { path, detail: (error as Error).message });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DocksideError('catalog-invalid', 'probe.error.catalog-invalid.not-json', { path, detail: (error as Error).message });
  }
  const checked = z.array(CatalogEntrySchema).safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const at = issue && issue.path.length > 0 ? issue.path.join('.') : '';
    const detail = issue?.message ?? '';
    throw new DocksideError('catalog-invalid', at ? 'probe.error.catalog-invalid.entry' : 'probe.error.catalog-invalid.list', { path, at, detail });
  }
  return checked.data;
}
