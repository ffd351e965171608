import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { currentRuntime, resetEnvironmentArgv, sudoNonInteractiveElevator } from '../../../../../electron/core/plan/elevator';
import { privilegedEntryIn } from '../../../../../electron/core/plan/privileged-entry';

const ENTRY = ['/opt/Dockside/dockside-desktop', '/opt/Dockside/resources/app.asar.unpacked/out/main/privileged.js', 'PLAN'];
const dir = mkdtempSync(join(tmpdir(), 'dockside-sudo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resetEnvironmentArgv (what sudo and pkexec run)', () => {
  it('runs Electron\'s executable through env(1) with ELECTRON_RUN_AS_NODE=1: sudo and pkexec drop the variable', () => {
    expect(resetEnvironmentArgv(ENTRY, 'electron')).toEqual(['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', ...ENTRY]);
  });

  it('runs a Node runtime as it is', () => {
    expect(resetEnvironmentArgv(ENTRY, 'node')).toEqual(ENTRY);
  });

  it('takes this process\'s runtime by default (Node under vitest)', () => {
    expect(currentRuntime).toBe('node');
    expect(resetEnvironmentArgv(ENTRY)).toEqual(ENTRY);
  });

  it('is what the sudo elevator hands to sudo after its own options', async () => {
    // sudo played by a script on PATH that prints the argv it was given, one word a line.
    writeFileSync(join(dir, 'sudo'), '#!/bin/sh\nprintf "%s\\n" "$@"\n');
    chmodSync(join(dir, 'sudo'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${dir}:${path ?? ''}`;
    try {
      const lines: string[] = [];
      const exit = await sudoNonInteractiveElevator.run(ENTRY, (line) => lines.push(line));
      expect(exit.code).toBe(0);
      expect(lines).toEqual(['-n', '--', ...resetEnvironmentArgv(ENTRY)]);
    } finally {
      process.env.PATH = path;
    }
  });
});

describe('privilegedEntryIn', () => {
  it('finds the elevated entry beside out/main in a checkout or an npm install', () => {
    expect(privilegedEntryIn('/usr/lib/node_modules/dockside/out/main', '/usr/bin/node')).toEqual({
      runtime: '/usr/bin/node',
      script: '/usr/lib/node_modules/dockside/out/main/privileged.js',
    });
  });

  it('maps app.asar to app.asar.unpacked in the desktop package, where electron-builder unpacks it', () => {
    expect(privilegedEntryIn('/opt/Dockside/resources/app.asar/out/main', '/opt/Dockside/dockside-desktop').script).toBe('/opt/Dockside/resources/app.asar.unpacked/out/main/privileged.js');
    expect(privilegedEntryIn('C:\\Users\\u\\AppData\\Local\\Programs\\Dockside\\resources\\app.asar\\out\\main', 'Dockside.exe').script).toMatch(/\\resources\\app\.asar\.unpacked\\out\\main[\\/]privileged\.js$/);
  });
});
