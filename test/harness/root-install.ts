import { chmodSync, cpSync, existsSync, lstatSync, type Stats, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import './exit';

/**
 * What ships, installed as `sudo npm install -g` leaves it: a fresh root-owned directory
 * (root:root 0755, nothing group- or other-writable) holding the built `out/`, `package.json`
 * and the production dependency tree, with `bin/dockside` linking to the CLI as npm's bin link
 * does. Copied from this checkout (no network, no npm run): the packages are the lockfile's
 * non-dev entries that are installed here, each without its nested node_modules (those that are
 * production dependencies are entries of their own).
 */
export interface RootInstall {
  /** `/opt/dockside-e2e-<random>` */
  readonly dir: string;
  /** `<dir>/bin`: put it on PATH to run `dockside`. */
  readonly binDir: string;
  /** `<dir>/out/main/cli.js` */
  readonly cli: string;
  /** `<dir>/out/main/privileged.js`: what a sudoers entry allows. */
  readonly privileged: string;
  /** How long the copy took. */
  readonly elapsedMs: number;
  /** Deletes the install. Idempotent. */
  remove(): void;
}

const REPO = join(import.meta.dirname, '..', '..');

const active = new Set<RootInstall>();

process.once('exit', () => {
  for (const install of active) install.remove();
});

export function installAsRoot(options: { parent?: string; source?: string } = {}): RootInstall {
  if (process.getuid?.() !== 0) throw new Error('installAsRoot: the install must be made by root');
  const source = options.source ?? REPO;
  if (!existsSync(join(source, 'out', 'main', 'privileged.js'))) throw new Error(`${source}/out/main/privileged.js is missing: run \`npm run build\` first`);
  const started = performance.now();
  const dir = mkdtempSync(join(options.parent ?? '/opt', 'dockside-e2e-'));
  let removed = false;
  const install: RootInstall = {
    dir,
    binDir: join(dir, 'bin'),
    cli: join(dir, 'out', 'main', 'cli.js'),
    privileged: join(dir, 'out', 'main', 'privileged.js'),
    elapsedMs: 0,
    remove() {
      if (removed) return;
      rmSync(dir, { recursive: true, force: true });
      removed = true;
      active.delete(install);
    },
  };
  active.add(install);
  try {
    cpSync(join(source, 'out'), join(dir, 'out'), { recursive: true });
    cpSync(join(source, 'package.json'), join(dir, 'package.json'));
    for (const pkg of productionPackages(source)) {
      const from = join(source, pkg);
      // The nested node_modules of a package holds its own entries (copied when they are production ones).
      cpSync(from, join(dir, pkg), { recursive: true, verbatimSymlinks: true, filter: (path) => relative(from, path).split('/')[0] !== 'node_modules' });
    }
    // The launchers write-launchers.ts made name the checkout; an installed one names the install.
    const launchers = join(dir, 'out', 'bin');
    for (const name of existsSync(launchers) ? readdirSync(launchers) : []) {
      const path = join(launchers, name);
      writeFileSync(path, readFileSync(path, 'utf8').split(source).join(dir));
    }
    // npm's bin link: an executable script, linked from the prefix's bin directory.
    mkdirSync(install.binDir);
    chmodSync(install.cli, 0o755);
    symlinkSync('../out/main/cli.js', join(install.binDir, 'dockside'));
    // mkdtemp makes 0700; umask or the checkout's modes could leave something writable by others.
    chmodSync(dir, 0o755);
    walk(dir, (path, stat) => {
      if (!stat.isSymbolicLink() && (stat.mode & 0o022) !== 0) chmodSync(path, stat.mode & 0o7755);
    });
    const unsafe = notRootOnly(dir);
    if (unsafe.length > 0) throw new Error(`installAsRoot: not root-only: ${unsafe.slice(0, 5).join(', ')}`);
  } catch (error) {
    install.remove();
    throw error;
  }
  return Object.assign(install, { elapsedMs: performance.now() - started });
}

/** Every path under `dir` (and `dir`) that is not owned by root:root or that group or others may write. */
export function notRootOnly(dir: string): string[] {
  const problems: string[] = [];
  walk(dir, (path, stat) => {
    if (stat.uid !== 0 || stat.gid !== 0) problems.push(`${path} (owner ${stat.uid}:${stat.gid})`);
    else if (!stat.isSymbolicLink() && (stat.mode & 0o022) !== 0) problems.push(`${path} (mode ${(stat.mode & 0o7777).toString(8)})`);
  });
  return problems;
}

/** The lockfile's packages a production install has: not dev-only, and present here (an optional one for another platform is not). */
function productionPackages(source: string): string[] {
  const lock = JSON.parse(readFileSync(join(source, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; link?: boolean }> };
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path.startsWith('node_modules/') && entry.dev !== true && entry.link !== true)
    .map(([path]) => path)
    .filter((path) => existsSync(join(source, path)));
}

function walk(path: string, visit: (path: string, stat: Stats) => void): void {
  const stat = lstatSync(path);
  visit(path, stat);
  if (stat.isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry), visit);
}
