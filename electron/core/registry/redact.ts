/**
 * Secrets blanked out of what Dockside shows or records (an error message quoting what a
 * server said, doctor evidence). A server does not always echo a secret as it was sent: it may
 * put it in a URL (percent-encoded, by encodeURIComponent or as a form value), in JSON (escaped),
 * or change its case (an upper-cased log line, `%2f` for `%2F`). Every one of those forms is
 * matched, ignoring case, so a mixed-case copy is blanked too. Blanking too much is harmless;
 * showing a password is not.
 */

export const BLANK = '***';

/** The forms a secret may come back in: as it is, URL-encoded two ways, JSON-escaped, each upper- and lower-cased; each matched ignoring case. */
export function secretForms(secret: string): string[] {
  if (secret === '') return [];
  const encoded = [secret, encodeURIComponent(secret), formEncoded(secret), JSON.stringify(secret).slice(1, -1)];
  // Matching ignoring case misses a change of length (`ß` upper-cased is `SS`): those forms are listed too.
  const forms = new Set<string>(encoded.flatMap((form) => [form, form.toUpperCase(), form.toLowerCase()]));
  // Longest first: a form that contains another is blanked whole, not around the shorter one.
  return [...forms].sort((a, b) => b.length - a.length);
}

/** `text` with every form of every secret replaced by BLANK. Empty secrets are ignored. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const forms = [...new Set(secrets.flatMap(secretForms))].sort((a, b) => b.length - a.length);
  if (forms.length === 0 || text === '') return text;
  return text.replace(new RegExp(forms.map(escapeRegExp).join('|'), 'giu'), BLANK);
}

/** application/x-www-form-urlencoded, as URLSearchParams writes a query value (space as +, `!'()~` encoded). */
function formEncoded(secret: string): string {
  return new URLSearchParams({ v: secret }).toString().slice('v='.length);
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
