import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

/**
 * The unified diff a user reads before approving a plan (DESIGN §2), made by the `diff`
 * package: `--- before` / `+++ after` headers and `@@` hunks, byte for byte what `diff -u`
 * prints in the tutorials, so `patch` could apply it. Empty when nothing changes.
 */
export function unifiedDiff(before: string, after: string, labels: { before: string; after: string }, context = 3): string {
  if (before === after) return '';
  const patch = createTwoFilesPatch(labels.before, labels.after, before, after, undefined, undefined, {
    context: Math.max(0, Math.floor(context)),
    headerOptions: FILE_HEADERS_ONLY,
  });
  // GNU diff writes a one-line range as `-3`, the package as `-3,1`.
  return patch.replace(/^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@$/gm, (_, a: string, al: string | undefined, b: string, bl: string | undefined) => `@@ -${a}${al === ',1' ? '' : (al ?? '')} +${b}${bl === ',1' ? '' : (bl ?? '')} @@`);
}
