import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { desktopLaunchersDir } from '../../../../../electron/core/platform/launchers-dir';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'dockside-launchers-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function helperIn(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'docker-credential-dockside'), '#!/bin/sh\n', { mode: 0o755 });
}

describe('desktopLaunchersDir', () => {
  it('is <resources>/launchers in a packaged app (electron-builder extraResources)', () => {
    const resourcesPath = join(root, 'Dockside.app', 'Contents', 'Resources');
    helperIn(join(resourcesPath, 'launchers'));
    expect(desktopLaunchersDir({ packaged: true, resourcesPath, mainDir: join(resourcesPath, 'app.asar', 'out', 'main') })).toBe(join(resourcesPath, 'launchers'));
  });

  it('is out/bin beside out/main in a built checkout (scripts/write-launchers.ts)', () => {
    helperIn(join(root, 'out', 'bin'));
    expect(desktopLaunchersDir({ packaged: false, resourcesPath: '/nowhere', mainDir: join(root, 'out', 'main') })).toBe(join(root, 'out', 'bin'));
  });

  it('is null when the directory holds no docker-credential-dockside (a checkout not built)', () => {
    mkdirSync(join(root, 'out', 'bin'), { recursive: true });
    expect(desktopLaunchersDir({ packaged: false, resourcesPath: '/nowhere', mainDir: join(root, 'out', 'main') })).toBeNull();
    expect(desktopLaunchersDir({ packaged: true, resourcesPath: root, mainDir: join(root, 'out', 'main') })).toBeNull();
  });

  it('does not take the checkout layout in a packaged app', () => {
    helperIn(join(root, 'out', 'bin'));
    expect(desktopLaunchersDir({ packaged: true, resourcesPath: join(root, 'resources'), mainDir: join(root, 'out', 'main') })).toBeNull();
  });
});
