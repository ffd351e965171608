import { readFileSync, statSync } from 'node:fs';
import { darwinStore } from './darwin';
import { DEBIAN_ANCHORS_DIR, debianStore } from './debian';
import { RHEL_ANCHORS_DIR, rhelStore } from './rhel';
import type { OsTrustStore } from './store';
import { win32Store } from './win32';

export interface DetectOsStoreDeps {
  platform: NodeJS.Platform;
  /** A root-owned file's text, or null when it is missing. */
  readText: (path: string) => string | null;
  isDirectory: (path: string) => boolean;
  /** Where Dockside keeps its own copies on macOS and Windows (the elevated state dir). */
  stateDir: string;
}

const DEBIAN_LIKE = new Set(['debian', 'ubuntu']);
const RHEL_LIKE = new Set(['rhel', 'centos', 'fedora']);

/**
 * The OS trust store of this machine, from sources only root can change: the platform, the
 * os-release ID and ID_LIKE, and which anchors directory exists (mkcert's order: RHEL's, then
 * Debian's). Never from the caller. Null: a system whose store Dockside does not know.
 */
export function detectOsStore(deps: DetectOsStoreDeps): OsTrustStore | null {
  if (deps.platform === 'darwin') return darwinStore(deps.stateDir);
  if (deps.platform === 'win32') return win32Store(deps.stateDir);
  if (deps.platform !== 'linux') return null;
  const release = deps.readText('/etc/os-release') ?? deps.readText('/usr/lib/os-release') ?? '';
  const ids = [field(release, 'ID'), ...field(release, 'ID_LIKE').split(/\s+/)].filter((id) => id !== '');
  if (ids.some((id) => RHEL_LIKE.has(id))) return rhelStore();
  if (ids.some((id) => DEBIAN_LIKE.has(id))) return debianStore();
  if (deps.isDirectory(RHEL_ANCHORS_DIR)) return rhelStore();
  if (deps.isDirectory(DEBIAN_ANCHORS_DIR)) return debianStore();
  return null;
}

/** os-release's `KEY=value`, quotes removed (os-release(5)). */
function field(text: string, key: string): string {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${key}=`));
  return (line?.slice(key.length + 1) ?? '').trim().replace(/^(["'])(.*)\1$/, '$2').toLowerCase();
}

/** This machine's store, read from the real files. */
export function thisMachinesOsStore(stateDir: string): OsTrustStore | null {
  return detectOsStore({
    platform: process.platform,
    stateDir,
    readText: (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return null;
      }
    },
    isDirectory: (path) => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true,
  });
}
