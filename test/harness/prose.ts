import { looksLikeEnglish } from './english-literals';

/**
 * What a reader may meet in a Chinese text without it being English prose: quoted originals
 * (Docker's and the registry's own texts, in `backticks`, "quotes" or “quotes”), URLs, paths,
 * host names, flags and fingerprints. They are cut out before looking for sentences.
 */
const VERBATIM = [
  /`[^`\n]*`/g,
  /"[^"\n]*"/g,
  /“[^”\n]*”/g,
  /「[^」\n]*」/g,
  /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi,
  /(^|\s)(~|\.{1,2})?\/\S*/g,
  /(^|\s)--?[a-z][\w-]*(=\S*)?/gi,
  /\b[\w-]+(\.[\w-]+)+(:\d+)?(\/\S*)?/g,
  /\b([0-9a-f]{2}:){8,}[0-9a-f]{2}\b/gi,
  /\b[0-9a-f]{16,}\b/gi,
];

/**
 * The English sentences of a text meant to be Chinese: each run of Latin words (no CJK between
 * them) of three words or more with an English function word in it, after the verbatim parts
 * are cut out. `mirrors probe`'s "the registry is not reachable" is one; `docker login`,
 * `daemon.json` or `CA` inside a Chinese sentence are not.
 */
export function englishSentences(text: string): string[] {
  const found: string[] = [];
  for (const rawLine of text.split('\n')) {
    let line = rawLine;
    // A cut-out part separates the words around it, as a CJK character would.
    for (const pattern of VERBATIM) line = line.replace(pattern, ' \u3000 ');
    for (const run of line.split(/[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+/)) {
      if (looksLikeEnglish(run)) found.push(run.trim());
    }
  }
  return found;
}

/** Han characters in a text meant to be English (the en screens, the en CLI). */
export function chineseCharacters(text: string): string[] {
  return text.match(/[\u3400-\u9fff]+/g) ?? [];
}
