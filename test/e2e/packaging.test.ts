import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privilegedEntryIn } from '../../electron/core/plan/privileged-entry';
import { createCleanups } from '../harness/cleanup';
import { fpmTarget } from '../harness/electron-builder-config';
import { run } from '../harness/run';
import { makeTempDir, type TempDir } from '../harness/tmp';

// Issue 20 (desktop packages): electron-builder's real Linux packaging of this build
// (`electron-builder --linux dir`), with a STAND-IN Electron (the binary cannot be downloaded
// here): a shell script carrying Electron's fuse wire, so electron-builder's own fuse step runs on
// it. What is checked is where the package puts each part and what the launchers name.

const REPO = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const { SENTINEL } = require('@electron/fuses/dist/constants.js') as { SENTINEL: string };
const { FuseV1Options } = require('@electron/fuses/dist/config.js') as { FuseV1Options: Record<string, number> };
const FUSES = 9;

const cleanups = createCleanups();
let dir: TempDir;
let app: string;
let resources: string;
let asarFiles: Set<string>;

/** A stand-in Electron: a script, with the sentinel and a wire of FUSES enabled fuses (ASCII '1'). */
function writeStandInElectron(distDir: string): void {
  mkdirSync(join(distDir, 'resources'), { recursive: true });
  const script = Buffer.from('#!/bin/sh\necho "stand-in electron $*"\nexit 0\n# ');
  writeFileSync(join(distDir, 'electron'), Buffer.concat([script, Buffer.from(SENTINEL), Buffer.from([1, FUSES]), Buffer.from('1'.repeat(FUSES)), Buffer.from('\n')]), { mode: 0o755 });
  for (const file of ['chrome-sandbox', 'LICENSE', 'LICENSES.chromium.html']) writeFileSync(join(distDir, file), '');
}

/** The fuse wire of a packaged binary: one character a fuse. */
function fuseWire(binary: string): string {
  const bytes = readFileSync(binary);
  const at = bytes.indexOf(SENTINEL) + SENTINEL.length;
  return bytes.subarray(at + 2, at + 2 + (bytes[at + 1] ?? 0)).toString('latin1');
}

beforeAll(async () => {
  dir = makeTempDir('packaging');
  cleanups.add(() => dir.remove());
  const dist = dir.join('electron-dist');
  writeStandInElectron(dist);
  const output = dir.join('dist');
  const built = await run('npx', ['electron-builder', '--linux', 'dir', `-c.electronDist=${dist}`, '-c.npmRebuild=false', `-c.directories.output=${output}`], {
    cwd: REPO,
    env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
    timeoutMs: 300_000,
  });
  expect(built.code, `${built.stdout}${built.stderr}`).toBe(0);
  app = join(output, 'linux-unpacked');
  resources = join(app, 'resources');
  const listed = await run('npx', ['asar', 'list', join(resources, 'app.asar')], { cwd: REPO, timeoutMs: 60_000 });
  expect(listed.code, listed.stderr).toBe(0);
  asarFiles = new Set(listed.stdout.split('\n').map((line) => line.trim()));
}, 320_000);

afterAll(() => cleanups.run());

describe('electron-builder --linux dir', () => {
  it('names the GUI dockside-desktop, leaving /usr/bin/dockside to the CLI', () => {
    expect(statSync(join(app, 'dockside-desktop')).mode & 0o111).not.toBe(0);
    expect(existsSync(join(app, 'dockside'))).toBe(false);
  });

  it('flips the fuses: run as Node kept (the helper and the elevated entry need it), NODE_OPTIONS and --inspect off', () => {
    const wire = fuseWire(join(app, 'dockside-desktop'));
    expect(wire[FuseV1Options.RunAsNode ?? -1]).toBe('1');
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable ?? -1]).toBe('0');
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments ?? -1]).toBe('0');
  });

  it('keeps the elevated entry and the keychain addon out of app.asar, as real files', () => {
    expect(existsSync(join(resources, 'app.asar'))).toBe(true);
    expect(statSync(join(resources, 'app.asar.unpacked', 'out', 'main', 'privileged.js')).isFile()).toBe(true);
    const addon = join(resources, 'app.asar.unpacked', 'node_modules', '@napi-rs', `keyring-linux-${process.arch}-gnu`, `keyring.linux-${process.arch}-gnu.node`);
    expect(statSync(addon).isFile()).toBe(true);
  });

  it('puts the helper\'s launcher in resources/launchers, naming the app\'s binary and a helper that app.asar holds', async () => {
    const launcher = join(resources, 'launchers', 'docker-credential-dockside');
    expect(statSync(launcher).mode & 0o111).not.toBe(0);
    const text = readFileSync(launcher, 'utf8');
    expect(text).toContain('"$resources/../dockside-desktop"');
    const helper = /"\$resources\/app\.asar\/([^"]+)"/.exec(text)?.[1];
    expect(helper).toBe('out/main/credential-helper.cjs');
    const listed = await run('npx', ['asar', 'list', join(resources, 'app.asar')], { cwd: REPO, timeoutMs: 60_000 });
    expect(listed.code, listed.stderr).toBe(0);
    const files = new Set(listed.stdout.split('\n').map((line) => line.trim()));
    for (const file of [`/${helper}`, '/out/main/index.js', '/out/main/cli.js', '/resources/mirrors.json', '/package.json']) expect(files.has(file), file).toBe(true);
    // The launcher runs the stand-in as Node: it reaches the binary with the helper and its arguments.
    const ran = await run(launcher, ['version'], { timeoutMs: 10_000 });
    expect(ran.stdout.trim()).toBe(`stand-in electron ${join(resources, 'app.asar', helper ?? '')} version`);
  });

  it('puts the CLI\'s launcher in resources/launchers, running the app\'s binary as Node on the cli.js app.asar holds', async () => {
    const launcher = join(resources, 'launchers', 'dockside');
    expect(statSync(launcher).mode & 0o111).not.toBe(0);
    const text = readFileSync(launcher, 'utf8');
    expect(text).toContain('"$resources/../dockside-desktop"');
    expect(text).toContain('ELECTRON_RUN_AS_NODE=1 exec');
    const cli = /"\$resources\/app\.asar\/([^"]+)"/.exec(text)?.[1];
    expect(cli).toBe('out/main/cli.js');
    expect(asarFiles.has(`/${cli}`)).toBe(true);
    const ran = await run(launcher, ['login', '--help'], { timeoutMs: 10_000 });
    expect(ran.stdout.trim()).toBe(`stand-in electron ${join(resources, 'app.asar', cli ?? '')} login --help`);
    // The Windows launchers sit beside them.
    for (const cmd of ['dockside.cmd', 'docker-credential-dockside.cmd']) expect(readFileSync(join(resources, 'launchers', cmd), 'utf8')).toContain('ELECTRON_RUN_AS_NODE=1');
  });

  it('unpacks the elevated entry where the packaged CLI looks for it (privilegedEntryIn of app.asar/out/main)', () => {
    const entry = privilegedEntryIn(join(resources, 'app.asar', 'out', 'main'), join(app, 'dockside-desktop'));
    expect(entry.script).toBe(join(resources, 'app.asar.unpacked', 'out', 'main', 'privileged.js'));
    expect(lstatSync(entry.script).isFile()).toBe(true);
    expect(readFileSync(entry.script, 'utf8')).toBe(readFileSync(join(REPO, 'out', 'main', 'privileged.js'), 'utf8'));
  });

  it('holds the keychain package where the helper\'s require finds it, with its addon unpacked beside app.asar', () => {
    // require('@napi-rs/keyring') from app.asar/out/main resolves to app.asar/node_modules; its
    // index.js requires the platform package, whose .node file Electron reads from app.asar.unpacked.
    const platformPackage = `@napi-rs/keyring-linux-${process.arch}-gnu`;
    for (const file of ['/node_modules/@napi-rs/keyring/package.json', '/node_modules/@napi-rs/keyring/index.js', `/node_modules/${platformPackage}/package.json`]) expect(asarFiles.has(file), file).toBe(true);
    expect(readFileSync(join(REPO, 'node_modules', '@napi-rs', 'keyring', 'index.js'), 'utf8')).toContain(platformPackage);
    expect(statSync(join(resources, 'app.asar.unpacked', 'node_modules', platformPackage, `keyring.linux-${process.arch}-gnu.node`)).isFile()).toBe(true);
  });

  it('ships no checkout launcher (out/bin) and no source map', async () => {
    const listed = await run('npx', ['asar', 'list', join(resources, 'app.asar')], { cwd: REPO, timeoutMs: 60_000 });
    const files = listed.stdout.split('\n').map((line) => line.trim());
    expect(files.filter((file) => file.startsWith('/out/bin') || file.endsWith('.map'))).toEqual([]);
  });
});

// The deb's and rpm's after-install/after-remove scripts, rendered by electron-builder's own
// FpmTarget, run against a temporary root holding this build as /opt/Dockside: dpkg's chrootless
// --root install sets DPKG_ROOT the same way, and update-alternatives reads it too.
describe('the deb/rpm after-install and after-remove scripts', () => {
  const LINKS = { dockside: '/opt/Dockside/resources/launchers/dockside', 'docker-credential-dockside': '/opt/Dockside/resources/launchers/docker-credential-dockside' };
  let scripts: { afterInstall: string; afterRemove: string };
  let roots = 0;

  beforeAll(async () => {
    mkdirSync(dir.join('scripts'));
    scripts = await fpmTarget('deb').scripts(dir.join('scripts'));
    // rpm renders the very same files (electron-builder.yml names them for both).
    const rpm = await fpmTarget('rpm').scripts(dir.join('scripts'));
    expect(readFileSync(rpm.afterInstall, 'utf8')).toBe(readFileSync(scripts.afterInstall, 'utf8'));
    expect(readFileSync(rpm.afterRemove, 'utf8')).toBe(readFileSync(scripts.afterRemove, 'utf8'));
  });

  /** A fresh root with /opt/Dockside (this build), /usr/bin and the directories update-alternatives keeps. */
  function makeRoot(): string {
    const root = dir.join(`root-${roots++}`);
    for (const sub of ['opt', 'usr/bin', 'etc/alternatives', 'var/lib/dpkg/alternatives', 'var/log']) mkdirSync(join(root, sub), { recursive: true });
    symlinkSync(app, join(root, 'opt', 'Dockside'));
    return root;
  }

  async function runScript(script: string, root: string, argument: string): Promise<void> {
    const ran = await run('bash', [script, argument], { env: { ...process.env, DPKG_ROOT: root }, timeoutMs: 30_000 });
    expect(ran.code, `${ran.stdout}${ran.stderr}`).toBe(0);
  }

  /** Where a /usr/bin entry of `root` points, each link followed inside that root (as in a chroot). */
  function linkChain(root: string, path: string): string[] {
    const chain: string[] = [];
    for (let at = path; lstatSync(join(root, at)).isSymbolicLink() && !at.startsWith('/opt/'); ) {
      at = readlinkSync(join(root, at));
      chain.push(at);
    }
    return chain;
  }

  function expectInstalled(root: string): void {
    for (const [command, target] of Object.entries(LINKS)) {
      expect(readlinkSync(join(root, 'usr/bin', command)), command).toBe(target);
      expect(statSync(join(root, target)).mode & 0o111, target).not.toBe(0);
    }
    expect(linkChain(root, '/usr/bin/dockside-desktop')).toEqual(['/etc/alternatives/dockside-desktop', '/opt/Dockside/dockside-desktop']);
  }

  function expectRemoved(root: string): void {
    for (const command of [...Object.keys(LINKS), 'dockside-desktop']) expect(existsSync(join(root, 'usr/bin', command)) || isLink(join(root, 'usr/bin', command)), command).toBe(false);
  }

  const isLink = (path: string): boolean => {
    try {
      return lstatSync(path).isSymbolicLink();
    } catch {
      return false;
    }
  };

  it('after-install links /usr/bin/dockside (the CLI), docker-credential-dockside and dockside-desktop (the GUI) into the package', async () => {
    const root = makeRoot();
    await runScript(scripts.afterInstall, root, 'configure');
    expectInstalled(root);
    // Run again (a deb upgrade's postinst, an rpm reinstall): the same links, no error.
    await runScript(scripts.afterInstall, root, '2');
    expectInstalled(root);
  });

  it('the installed /usr/bin/dockside reaches the app\'s binary with cli.js and the arguments', async () => {
    const root = makeRoot();
    await runScript(scripts.afterInstall, root, 'configure');
    // /opt of the root over the machine's /opt, in a mount namespace of its own: the link's absolute target resolves as on an installed system.
    const ran = await run('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', 'mount --bind "$1/opt" /opt && exec "$1/usr/bin/dockside" version --json', 'sh', root], { timeoutMs: 30_000 });
    expect(ran.stdout.trim(), ran.stderr).toBe(`stand-in electron ${join(realpathSync(resources), 'app.asar', 'out', 'main', 'cli.js')} version --json`);
  });

  for (const [packaging, upgrade, removal] of [['deb', 'upgrade', 'remove'], ['deb', 'upgrade', 'purge'], ['rpm', '1', '0']] as const) {
    it(`${packaging}: after-remove ${upgrade} (an upgrade) keeps every link; after-remove ${removal} removes them`, async () => {
      const root = makeRoot();
      await runScript(scripts.afterInstall, root, packaging === 'deb' ? 'configure' : '1');
      await runScript(scripts.afterRemove, root, upgrade);
      expectInstalled(root);
      await runScript(scripts.afterRemove, root, removal);
      expectRemoved(root);
      expect(existsSync(join(root, 'etc/alternatives/dockside-desktop'))).toBe(false);
      // Again, with nothing left to remove (dpkg's purge after a remove): still a success.
      await runScript(scripts.afterRemove, root, removal);
      expectRemoved(root);
    });
  }

  it('leaves a /usr/bin/dockside that is not its link alone, on install and on removal', async () => {
    const root = makeRoot();
    writeFileSync(join(root, 'usr/bin/dockside'), '#!/bin/sh\necho another dockside\n', { mode: 0o755 });
    symlinkSync('/usr/lib/node_modules/dockside/out/main/credential-helper.cjs', join(root, 'usr/bin/docker-credential-dockside'));
    await runScript(scripts.afterInstall, root, 'configure');
    await runScript(scripts.afterRemove, root, 'remove');
    expect(readFileSync(join(root, 'usr/bin/dockside'), 'utf8')).toBe('#!/bin/sh\necho another dockside\n');
    expect(readlinkSync(join(root, 'usr/bin/docker-credential-dockside'))).toBe('/usr/lib/node_modules/dockside/out/main/credential-helper.cjs');
  });
});
