import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { locateCertutil } from '../../../../../../electron/core/trust/nss/certutil-locate';
import { findNssDatabases } from '../../../../../../electron/core/trust/nss/nss-databases';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dockside-nss-'));
  dirs.push(dir);
  return dir;
}

function database(dir: string, file: 'cert9.db' | 'cert8.db'): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, file), '');
  return dir;
}

describe('the user\'s NSS databases (where mkcert looks)', () => {
  it('finds Chromium\'s (also snap Chromium\'s) and every Firefox profile (also snap Firefox\'s), sql: for cert9.db and dbm: for cert8.db', async () => {
    const home = temp();
    const pki = database(join(home, '.pki', 'nssdb'), 'cert9.db');
    const snapChromium = database(join(home, 'snap', 'chromium', 'current', '.pki', 'nssdb'), 'cert9.db');
    const release = database(join(home, '.mozilla', 'firefox', 'b.default-release'), 'cert9.db');
    const legacy = database(join(home, '.mozilla', 'firefox', 'a.old'), 'cert8.db');
    mkdirSync(join(home, '.mozilla', 'firefox', 'Crash Reports'), { recursive: true });
    writeFileSync(join(home, '.mozilla', 'firefox', 'profiles.ini'), '');
    const snapFirefox = database(join(home, 'snap', 'firefox', 'common', '.mozilla', 'firefox', 'c.default'), 'cert9.db');
    expect(await findNssDatabases('linux', home)).toEqual([
      { dir: pki, spec: `sql:${pki}`, owner: 'chromium', uid: process.getuid!() },
      { dir: snapChromium, spec: `sql:${snapChromium}`, owner: 'chromium', uid: process.getuid!() },
      { dir: legacy, spec: `dbm:${legacy}`, owner: 'firefox', uid: process.getuid!() },
      { dir: release, spec: `sql:${release}`, owner: 'firefox', uid: process.getuid!() },
      { dir: snapFirefox, spec: `sql:${snapFirefox}`, owner: 'firefox', uid: process.getuid!() },
    ]);
  });

  it('on macOS only Firefox\'s profiles (Chrome there uses the keychain); on Windows none (Firefox reads the Windows store)', async () => {
    const home = temp();
    database(join(home, '.pki', 'nssdb'), 'cert9.db');
    const profile = database(join(home, 'Library', 'Application Support', 'Firefox', 'Profiles', 'x.default'), 'cert9.db');
    expect(await findNssDatabases('darwin', home)).toEqual([{ dir: profile, spec: `sql:${profile}`, owner: 'firefox', uid: process.getuid!() }]);
    expect(await findNssDatabases('win32', home)).toEqual([]);
  });
});

describe('certutil on PATH', () => {
  it('is the first executable certutil of PATH; none found is null; never on Windows (certutil.exe there is Microsoft\'s)', async () => {
    const empty = temp();
    const bin = temp();
    const certutil = join(bin, 'certutil');
    writeFileSync(certutil, '#!/bin/sh\n');
    chmodSync(certutil, 0o755);
    expect(await locateCertutil('linux', { PATH: `${empty}:relative/dir:${bin}` })).toBe(certutil);
    expect(await locateCertutil('linux', { PATH: empty })).toBeNull();
    expect(await locateCertutil('win32', { PATH: bin })).toBeNull();
  });

  it('a certutil that is not executable does not count', async () => {
    const bin = temp();
    writeFileSync(join(bin, 'certutil'), '');
    chmodSync(join(bin, 'certutil'), 0o644);
    expect(await locateCertutil('linux', { PATH: bin })).toBeNull();
  });
});
