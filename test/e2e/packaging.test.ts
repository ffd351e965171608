import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCleanups } from '../harness/cleanup';
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

  it('ships no checkout launcher (out/bin) and no source map', async () => {
    const listed = await run('npx', ['asar', 'list', join(resources, 'app.asar')], { cwd: REPO, timeoutMs: 60_000 });
    const files = listed.stdout.split('\n').map((line) => line.trim());
    expect(files.filter((file) => file.startsWith('/out/bin') || file.endsWith('.map'))).toEqual([]);
  });
});
