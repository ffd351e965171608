const MAX_DETAIL = 300;

/** A program's own words on one line, short enough for a message to quote. */
export function outputDetail(text: string): string {
  const joined = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
  return joined.length > MAX_DETAIL ? `${joined.slice(0, MAX_DETAIL)}…` : joined;
}
