/**
 * The unified diff a user reads before approving a plan (DESIGN §2): the format of GNU
 * `diff -u`, so it looks like what the tutorials show and `patch` could apply it.
 */

/** One run of changed lines: `deleted` lines of `before` at `line0` became `inserted` lines of `after` at `line1`. */
interface Change {
  line0: number;
  deleted: number;
  line1: number;
  inserted: number;
}

const NO_NEWLINE = '\\ No newline at end of file';

export function unifiedDiff(before: string, after: string, labels: { before: string; after: string }, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const lines = Math.max(0, Math.floor(context));
  let out = `--- ${labels.before}\n+++ ${labels.after}\n`;
  for (const hunk of groupHunks(findChanges(a, b), lines)) out += formatHunk(hunk, a, b, lines);
  return out;
}

/** Lines keep their '\n': "x" at the end of a file and "x\n" are different lines, as in GNU diff. */
function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === '' ? [] : lines;
}

/** Runs of deleted/inserted lines, in order, from the lines each side keeps out of the common subsequence. */
function findChanges(a: string[], b: string[]): Change[] {
  const ids = new Map<string, number>();
  const intern = (line: string): number => {
    let id = ids.get(line);
    if (id === undefined) ids.set(line, (id = ids.size));
    return id;
  };
  const removed = new Uint8Array(a.length);
  const added = new Uint8Array(b.length);
  markDifferences(Int32Array.from(a, intern), 0, a.length, Int32Array.from(b, intern), 0, b.length, removed, added);

  const changes: Change[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (removed[i] !== 1 && added[j] !== 1) {
      i++;
      j++;
      continue;
    }
    const change: Change = { line0: i, deleted: 0, line1: j, inserted: 0 };
    while (removed[i] === 1) i++;
    while (added[j] === 1) j++;
    change.deleted = i - change.line0;
    change.inserted = j - change.line1;
    changes.push(change);
  }
  return changes;
}

/**
 * Myers' O(ND) diff in linear space: find the middle snake of a shortest edit script, split
 * there and recurse, marking the lines that are not in the longest common subsequence.
 */
function markDifferences(
  a: Int32Array,
  aLo: number,
  aHi: number,
  b: Int32Array,
  bLo: number,
  bHi: number,
  removed: Uint8Array,
  added: Uint8Array,
): void {
  while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) {
    aLo++;
    bLo++;
  }
  while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) {
    aHi--;
    bHi--;
  }
  if (aLo === aHi || bLo === bHi) {
    removed.fill(1, aLo, aHi);
    added.fill(1, bLo, bHi);
    return;
  }
  const split = middleSnake(a, aLo, aHi, b, bLo, bHi);
  if (split === null) {
    removed.fill(1, aLo, aHi);
    added.fill(1, bLo, bHi);
    return;
  }
  // Both halves have a strictly shorter edit script (ends differ, so D >= 2), so this ends.
  markDifferences(a, aLo, aLo + split.x, b, bLo, bLo + split.y, removed, added);
  markDifferences(a, aLo + split.x, aHi, b, bLo + split.y, bHi, removed, added);
}

/** Where the forward and backward searches meet, relative to (aLo, bLo); null when nothing is common. */
function middleSnake(a: Int32Array, aLo: number, aHi: number, b: Int32Array, bLo: number, bHi: number): { x: number; y: number } | null {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const maxD = Math.ceil((n + m) / 2);
  const offset = maxD;
  const size = 2 * maxD + 2;
  // forward[k]: furthest x on diagonal k = x - y from the start; backward[k]: the same from the end.
  const forward = new Int32Array(size).fill(-1);
  const backward = new Int32Array(size).fill(-1);
  forward[offset + 1] = 0;
  backward[offset + 1] = 0;
  const delta = n - m;
  const checkInForward = delta % 2 !== 0;
  let k1start = 0;
  let k1end = 0;
  let k2start = 0;
  let k2end = 0;
  const at = (v: Int32Array, i: number): number => v[i] ?? -1;

  for (let d = 0; d < maxD; d++) {
    for (let k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
      const i1 = offset + k1;
      let x1 = k1 === -d || (k1 !== d && at(forward, i1 - 1) < at(forward, i1 + 1)) ? at(forward, i1 + 1) : at(forward, i1 - 1) + 1;
      let y1 = x1 - k1;
      while (x1 < n && y1 < m && a[aLo + x1] === b[bLo + y1]) {
        x1++;
        y1++;
      }
      forward[i1] = x1;
      if (x1 > n) k1end += 2;
      else if (y1 > m) k1start += 2;
      else if (checkInForward) {
        const i2 = offset + delta - k1;
        if (i2 >= 0 && i2 < size && at(backward, i2) !== -1 && x1 >= n - at(backward, i2)) return { x: x1, y: y1 };
      }
    }
    for (let k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
      const i2 = offset + k2;
      let x2 = k2 === -d || (k2 !== d && at(backward, i2 - 1) < at(backward, i2 + 1)) ? at(backward, i2 + 1) : at(backward, i2 - 1) + 1;
      let y2 = x2 - k2;
      while (x2 < n && y2 < m && a[aHi - x2 - 1] === b[bHi - y2 - 1]) {
        x2++;
        y2++;
      }
      backward[i2] = x2;
      if (x2 > n) k2end += 2;
      else if (y2 > m) k2start += 2;
      else if (!checkInForward) {
        const i1 = offset + delta - k2;
        if (i1 >= 0 && i1 < size && at(forward, i1) !== -1) {
          const x1 = at(forward, i1);
          if (x1 >= n - x2) return { x: x1, y: x1 - (i1 - offset) };
        }
      }
    }
  }
  return null;
}

/** GNU diff's grouping: changes separated by at most 2 × context unchanged lines share a hunk. */
function groupHunks(changes: Change[], context: number): Change[][] {
  const hunks: Change[][] = [];
  for (const change of changes) {
    const hunk = hunks.at(-1);
    const last = hunk?.at(-1);
    if (hunk && last && change.line0 - (last.line0 + last.deleted) <= 2 * context) hunk.push(change);
    else hunks.push([change]);
  }
  return hunks;
}

function formatHunk(hunk: Change[], a: string[], b: string[], context: number): string {
  const first = hunk[0];
  const last = hunk.at(-1);
  if (!first || !last) return '';
  // Outside the changes the two files match line for line, so the offsets carry over.
  const start0 = Math.max(0, first.line0 - context);
  const start1 = first.line1 - (first.line0 - start0);
  const end0 = Math.min(a.length, last.line0 + last.deleted + context);
  const end1 = last.line1 + last.inserted + (end0 - (last.line0 + last.deleted));

  let out = `@@ -${range(start0, end0 - start0)} +${range(start1, end1 - start1)} @@\n`;
  let i = start0;
  for (const change of hunk) {
    for (; i < change.line0; i++) out += line(' ', a[i]);
    for (let k = 0; k < change.deleted; k++) out += line('-', a[change.line0 + k]);
    for (let k = 0; k < change.inserted; k++) out += line('+', b[change.line1 + k]);
    i = change.line0 + change.deleted;
  }
  for (; i < end0; i++) out += line(' ', a[i]);
  return out;
}

/** `start,count` as GNU prints it: a single line is just its number; an empty range names the line before it. */
function range(start: number, count: number): string {
  if (count === 0) return `${start},0`;
  if (count === 1) return `${start + 1}`;
  return `${start + 1},${count}`;
}

function line(prefix: string, text: string | undefined): string {
  const value = text ?? '';
  return value.endsWith('\n') ? `${prefix}${value}` : `${prefix}${value}\n${NO_NEWLINE}\n`;
}
