import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every path below `root` (directories with a trailing `/`), with file contents: what "nothing was written" is compared on. */
export function snapshot(root: string): Record<string, string> {
  const result: Record<string, string> = {};
  if (!existsSync(root)) return result;
  const walk = (dirPath: string): void => {
    for (const entry of readdirSync(dirPath, { withFileTypes: true })) {
      const path = join(dirPath, entry.name);
      if (entry.isDirectory()) {
        result[`${path}/`] = '';
        walk(path);
      } else {
        result[path] = readFileSync(path).toString('base64');
      }
    }
  };
  walk(root);
  return result;
}
