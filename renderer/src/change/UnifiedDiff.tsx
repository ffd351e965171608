import { parsePatch } from 'diff';

/** A hunk's range as `diff -u` writes it: `3` for one line, `2,0` before an empty one (parsePatch adds 1 there). */
const range = (start: number, lines: number): string => (lines === 0 ? `${start - 1},0` : lines === 1 ? `${start}` : `${start},${lines}`);

const lineClass = (line: string): string => (line.startsWith('+') ? 'diff-add' : line.startsWith('-') ? 'diff-del' : line.startsWith('\\') ? 'diff-note' : 'diff-ctx');

/**
 * A unified diff from main (made by the `diff` package), shown verbatim as `diff -u` prints it:
 * file headers, hunk headers, and each line marked added, removed or context.
 */
export function UnifiedDiff({ diff, testId }: { diff: string; testId?: string }) {
  const files = parsePatch(diff);
  return (
    <pre className="mono diff" data-testid={testId}>
      {files.map((file, f) => (
        <span key={f}>
          <span className="diff-file">{`--- ${file.oldFileName ?? ''}\n+++ ${file.newFileName ?? ''}\n`}</span>
          {file.hunks.map((hunk, h) => (
            <span key={h}>
              <span className="diff-hunk">{`@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@\n`}</span>
              {hunk.lines.map((line, l) => (
                <span key={l} className={lineClass(line)}>{`${line}\n`}</span>
              ))}
            </span>
          ))}
        </span>
      ))}
    </pre>
  );
}
