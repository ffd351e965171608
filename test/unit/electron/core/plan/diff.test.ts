import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../../../../electron/core/plan/diff';
import { makeTempDir } from '../../../../harness/tmp';

const labels = { before: 'a/daemon.json', after: 'b/daemon.json' };
const tmp = makeTempDir('diff');
afterAll(() => tmp.remove());

/** GNU diff's own output; --label keeps timestamps out of the header lines. */
function gnuDiff(before: string, after: string, context: number): string {
  writeFileSync(tmp.join('before'), before);
  writeFileSync(tmp.join('after'), after);
  const result = spawnSync('diff', [`-U${context}`, '--label', labels.before, '--label', labels.after, tmp.join('before'), tmp.join('after')], { encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 1) throw new Error(`diff failed: ${result.stderr}`);
  return result.stdout;
}

const daemonJson = ['{', '  "data-root": "/data/docker",', '  "log-driver": "json-file",', '  "log-opts": {', '    "max-size": "10m",', '    "max-file": "3"', '  },', '  "storage-driver": "overlay2",', '  "exec-opts": ["native.cgroupdriver=systemd"],', '  "live-restore": true', '}', ''].join('\n');
const withMirrors = daemonJson.replace('  "live-restore": true', '  "live-restore": true,\n  "registry-mirrors": ["https://nexus.example.com:8003"]');
const numbered = (count: number, edits: Record<number, string> = {}): string =>
  Array.from({ length: count }, (_, i) => `${edits[i + 1] ?? `line ${i + 1}`}\n`).join('');
const pem = (body: string): string => `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END CERTIFICATE-----\n`;

const cases: Array<{ name: string; before: string; after: string; context?: number }> = [
  { name: 'a key added to daemon.json', before: daemonJson, after: withMirrors },
  { name: 'a new file', before: '', after: withMirrors },
  { name: 'a new one-line file', before: '', after: 'x\n' },
  { name: 'a removed file', before: daemonJson, after: '' },
  { name: 'no newline at the end of the old file', before: '{\n  "a": 1\n}', after: '{\n  "a": 2\n}\n' },
  { name: 'no newline at the end of the new file', before: '{\n  "a": 1\n}\n', after: '{\n  "a": 1\n}' },
  { name: 'no newline at the end of either, last line common', before: 'a\nb\nc', after: 'a\nB\nc' },
  { name: 'two changes far apart: two hunks', before: numbered(30), after: numbered(30, { 3: 'three', 25: 'twenty-five' }) },
  { name: 'changes 6 lines apart: one merged hunk', before: numbered(30), after: numbered(30, { 10: 'ten', 17: 'seventeen' }) },
  { name: 'changes 7 lines apart: two hunks', before: numbered(30), after: numbered(30, { 10: 'ten', 18: 'eighteen' }) },
  { name: 'context 0', before: numbered(12), after: numbered(12, { 2: 'two', 9: 'nine' }), context: 0 },
  { name: 'context 1, insertion only', before: numbered(8), after: numbered(8).replace('line 4\n', 'line 4\nnew\n'), context: 1 },
  { name: 'deletion at the start', before: numbered(6), after: numbered(6).replace('line 1\n', '') },
  { name: 'a CA certificate replaced', before: pem('MIIB'.repeat(60)), after: pem('MIIC'.repeat(61)) },
  { name: 'CRLF lines', before: '{\r\n  "debug": false\r\n}\r\n', after: '{\r\n  "debug": true\r\n}\r\n' },
];

describe('unifiedDiff', () => {
  it('returns an empty string for equal texts', () => {
    expect(unifiedDiff(daemonJson, daemonJson, labels)).toBe('');
    expect(unifiedDiff('', '', labels)).toBe('');
  });

  it.each(cases)('matches GNU diff -u: $name', ({ before, after, context = 3 }) => {
    expect(unifiedDiff(before, after, labels, context)).toBe(gnuDiff(before, after, context));
  });

  it('shows a new file as one hunk from line 0', () => {
    expect(unifiedDiff('', 'a\nb\n', labels)).toBe('--- a/daemon.json\n+++ b/daemon.json\n@@ -0,0 +1,2 @@\n+a\n+b\n');
  });

  it('merges hunks whose context overlaps and splits the others', () => {
    const hunks = (text: string): number => text.split('\n').filter((l) => l.startsWith('@@')).length;
    expect(hunks(unifiedDiff(numbered(30), numbered(30, { 10: 'x', 17: 'y' }), labels))).toBe(1);
    expect(hunks(unifiedDiff(numbered(30), numbered(30, { 10: 'x', 18: 'y' }), labels))).toBe(2);
  });

  it('produces a minimal diff that patches before into after (random texts)', () => {
    const random = prng(20240124);
    const pool = ['{\n', '}\n', '  "a": 1,\n', '  "b": 2\n', 'x\n', 'y\n'];
    const text = (): string => {
      const lines = Array.from({ length: Math.floor(random() * 14) }, () => pool[Math.floor(random() * pool.length)] ?? '');
      return lines.join('') + (random() < 0.3 ? 'no newline' : '');
    };
    for (let round = 0; round < 400; round++) {
      const before = text();
      const after = text();
      const context = Math.floor(random() * 4);
      const diff = unifiedDiff(before, after, labels, context);
      expect(applyUnified(before, diff), JSON.stringify({ before, after, context })).toBe(after);
      const a = splitLines(before);
      const b = splitLines(after);
      const edits = diff.split('\n').filter((l) => /^[-+](?![-+]{2} )/.test(l)).length;
      expect(edits).toBe(a.length + b.length - 2 * lcsLength(a, b));
    }
  });
});

function splitLines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

/** A small `patch`: applies each hunk, checking its header numbers and every context and removed line. */
function applyUnified(before: string, diff: string): string {
  const a = splitLines(before);
  if (diff === '') return before;
  const body = diff.split('\n').slice(2, -1);
  const out: string[] = [];
  let pos = 0;
  for (let i = 0; i < body.length; i++) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$/.exec(body[i] ?? '');
    if (!header) throw new Error(`expected a hunk header, got ${body[i]}`);
    const [oldStart, oldCount, newStart, newCount] = [header[1], header[2] ?? '1', header[3], header[4] ?? '1'].map(Number) as [number, number, number, number];
    const start = oldCount === 0 ? oldStart : oldStart - 1;
    out.push(...a.slice(pos, start));
    pos = start;
    expect(newCount === 0 ? out.length : out.length + 1).toBe(newStart);
    let seenOld = 0;
    let seenNew = 0;
    while (i + 1 < body.length && !(body[i + 1] ?? '').startsWith('@@')) {
      const line = body[++i] ?? '';
      const noNewline = body[i + 1] === '\\ No newline at end of file';
      if (noNewline) i++;
      const text = line.slice(1) + (noNewline ? '' : '\n');
      if (line[0] === ' ' || line[0] === '-') {
        expect(a[pos]).toBe(text);
        pos++;
        seenOld++;
      }
      if (line[0] === ' ' || line[0] === '+') {
        out.push(text);
        seenNew++;
      }
    }
    expect([seenOld, seenNew]).toEqual([oldCount, newCount]);
  }
  return [...out, ...a.slice(pos)].join('');
}

function lcsLength(a: string[], b: string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const line of a) {
    const row = [0];
    for (let j = 0; j < b.length; j++) row.push(line === b[j] ? (previous[j] ?? 0) + 1 : Math.max(previous[j + 1] ?? 0, row[j] ?? 0));
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/** Deterministic, so a failure reproduces. */
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}
