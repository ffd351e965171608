import { chmodSync, existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ENGINE_OVERRIDE_FILE, type EngineOverrideFile, EngineOverrideFileSchema } from '../../shared/privileged';
import './exit';

/**
 * The root-owned `/etc/dockside/engine.json` (root:root 0644 in a 0755 /etc/dockside) naming an
 * isolated test engine: the only place besides the built-in defaults from which the elevated
 * process takes an engine and files when a user reaches it through sudo. The file is machine-wide
 * while it exists (every Dockside run on this machine reads it as its default target), so a test
 * writes it in beforeAll and removes it in afterAll; /etc/dockside goes too when the harness made it.
 */
export interface EngineOverride {
  readonly path: string;
  readonly content: EngineOverrideFile;
  /** Deletes the file, then /etc/dockside if the harness created it and it is empty. Idempotent. */
  remove(): void;
}

const active = new Set<EngineOverride>();

process.once('exit', () => {
  for (const override of active) override.remove();
});

export function writeEngineOverride(content: EngineOverrideFile): EngineOverride {
  const path = ENGINE_OVERRIDE_FILE;
  if (existsSync(path)) throw new Error(`${path} already exists: not written by this test, so not replaced`);
  const dir = dirname(path);
  const createdDir = !existsSync(dir);
  if (createdDir) mkdirSync(dir, { mode: 0o755 });
  chmodSync(dir, 0o755);
  writeFileSync(path, `${JSON.stringify(EngineOverrideFileSchema.parse(content), null, 2)}\n`, { mode: 0o644 });
  chmodSync(path, 0o644);
  let removed = false;
  const override: EngineOverride = {
    path,
    content,
    remove() {
      if (removed) return;
      rmSync(path, { force: true });
      if (createdDir && existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
      removed = true;
      active.delete(override);
    },
  };
  active.add(override);
  return override;
}
