import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under the OS temp dir; `remove()` deletes it with everything inside. */
export interface TempDir {
  readonly path: string;
  join(...parts: string[]): string;
  remove(): void;
}

export function makeTempDir(prefix: string): TempDir {
  const path = mkdtempSync(join(tmpdir(), `dockside-${prefix}-`));
  return {
    path,
    join: (...parts) => join(path, ...parts),
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** A short random suffix for names that must not collide between test runs (hosts, certs.d dirs). */
export function uniqueSuffix(): string {
  return Math.random().toString(36).slice(2, 8);
}
