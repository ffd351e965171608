/**
 * English left in a text meant for a Chinese reader: runs of three or more Latin words, once what
 * may stay verbatim is taken out (`commands`, "quoted original texts", URLs, hosts, paths, flags,
 * and the `[error-code]` the CLI appends). Empty when the text is Chinese only.
 */
export function untranslated(text: string): string[] {
  const stripped = text
    .replace(/`[^`]*`/g, ' ')
    .replace(/"[^"]*"|“[^”]*”/g, ' ')
    .replace(/\[[a-z0-9-]+\]/g, ' ')
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, ' ')
    .replace(/\S*[/:.]\S*/g, ' ');
  return stripped.match(/[A-Za-z][A-Za-z'-]*(?:[ ,]+[A-Za-z][A-Za-z'-]*){2,}/g) ?? [];
}
