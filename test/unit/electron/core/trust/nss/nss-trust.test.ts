import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyNssTrust, type NssDeps, planNssTrust, removeNssTrust, undoNssTrust, verifyNssTrust } from '../../../../../../electron/core/trust/nss/nss-trust';
import { nssNickname } from '../../../../../../electron/core/trust/nss/nss-nickname';
import type { Exec } from '../../../../../../electron/core/platform/exec';
import { english } from '../../../../../harness/english';
import { ca, CERTUTIL, recordedNickname, replayCertutil } from './recorded-certutil';

const homes: string[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

/** A home with Chromium's ~/.pki/nssdb and, when asked, Firefox profiles (each a cert9.db). */
function makeHome(firefoxProfiles: string[] = []): { home: string; chromium: string; firefox: (name: string) => string } {
  const home = mkdtempSync(join(tmpdir(), 'dockside-nss-home-'));
  homes.push(home);
  const chromium = join(home, '.pki', 'nssdb');
  mkdirSync(chromium, { recursive: true });
  writeFileSync(join(chromium, 'cert9.db'), '');
  const firefox = (name: string): string => join(home, '.mozilla', 'firefox', name);
  for (const name of firefoxProfiles) {
    mkdirSync(firefox(name), { recursive: true });
    writeFileSync(join(firefox(name), 'cert9.db'), '');
  }
  return { home, chromium, firefox };
}

function deps(home: string, exec: Exec, extra: Partial<NssDeps> = {}): NssDeps {
  return { exec, platform: 'linux', home, certutil: CERTUTIL, osRelease: 'ID=debian\n', uid: process.getuid!(), ...extra };
}

describe('the nickname (recorded with it)', () => {
  it('is derived from the CA alone: "dockside", the SHA-256 prefix and the common name', () => {
    expect(nssNickname(ca)).toBe(recordedNickname);
    expect(nssNickname(ca)).toBe(`dockside ${ca.fingerprint256.replace(/:/g, '').slice(0, 16).toLowerCase()} Dockside Test Root CA`);
  });
});

describe('NSS with certutil present (recorded certutil 3.87 answers)', () => {
  it('plans one line per database, as the user', async () => {
    const { home, chromium, firefox } = makeHome(['abcd.default-release']);
    const plan = await planNssTrust(ca, deps(home, replayCertutil({}).exec));
    expect(plan.databases.map((db) => db.spec)).toEqual([`sql:${chromium}`, `sql:${firefox('abcd.default-release')}`]);
    expect(plan.steps.map(english)).toEqual([
      `Add the CA to Chromium's certificate database ${chromium} as "${recordedNickname}" (as you)`,
      `Add the CA to Firefox's certificate database ${firefox('abcd.default-release')} as "${recordedNickname}" (as you)`,
    ]);
    expect(plan.findings).toEqual([]);
  });

  it('installs: looks it up, adds it with -A -t C,, (PEM on stdin), then verifies with -L and -V -u L', async () => {
    const { home, chromium } = makeHome();
    const certutil = replayCertutil({ [chromium]: ['absent: list', 'add', 'present: list', 'present: verify'] });
    const plan = await planNssTrust(ca, deps(home, certutil.exec));
    const applied = await applyNssTrust(ca, plan, deps(home, certutil.exec));
    expect(certutil.remaining()).toEqual({});
    expect(applied.results.map((result) => result.state)).toEqual(['added']);
    expect(english(applied.results[0]!.message)).toBe(`Chromium (${chromium}) now trusts the CA as "${recordedNickname}".`);
  });

  it('already present: verified and left alone, no -A, and undo does not remove it', async () => {
    const { home, chromium } = makeHome();
    const certutil = replayCertutil({ [chromium]: ['present: list', 'present: verify'] });
    const plan = await planNssTrust(ca, deps(home, certutil.exec));
    const applied = await applyNssTrust(ca, plan, deps(home, certutil.exec));
    expect(certutil.calls).toEqual([`-L ${chromium}`, `-V ${chromium}`]);
    expect(applied.results[0]!.state).toBe('present');
    expect(english(applied.results[0]!.message)).toBe(`Chromium (${chromium}) already trusts the CA as "${recordedNickname}".`);
    expect(await undoNssTrust(ca, applied, deps(home, certutil.exec))).toEqual([]);
    expect(certutil.calls).toHaveLength(2);
  });

  it('verifies: trusted when -L returns this very certificate and -V accepts it; absent when -L finds nothing', async () => {
    const { home, chromium, firefox } = makeHome(['p1.default']);
    const certutil = replayCertutil({ [chromium]: ['present: list', 'present: verify'], [firefox('p1.default')]: ['absent: list'] });
    const results = await verifyNssTrust(ca, deps(home, certutil.exec));
    expect(results.map((result) => result.state)).toEqual(['trusted', 'absent']);
  });

  it('says "untrusted" with certutil\'s reason when the entry is there without the C trust flag', async () => {
    const { home, chromium } = makeHome();
    const certutil = replayCertutil({ [chromium]: ['present: list', 'untrusted: verify'] });
    const [result] = await verifyNssTrust(ca, deps(home, certutil.exec));
    expect(result!.state).toBe('untrusted');
    expect(english(result!.message)).toContain("Peer's certificate issuer has been marked as not trusted by the user.");
  });

  it('removes with -D only when the nickname holds this certificate, then checks it is gone', async () => {
    const { home, chromium, firefox } = makeHome(['p1.default']);
    const certutil = replayCertutil({ [chromium]: ['present: list', 'delete', 'deleted: list'], [firefox('p1.default')]: ['absent: list'] });
    const results = await removeNssTrust(ca, deps(home, certutil.exec));
    expect(certutil.remaining()).toEqual({});
    expect(results.map((result) => result.state)).toEqual(['removed', 'absent']);
    expect(english(results[0]!.message)).toBe(`Removed "${recordedNickname}" from Chromium (${chromium}).`);
  });

  it('undo removes the CA from exactly the databases apply added it to', async () => {
    const { home, chromium, firefox } = makeHome(['p1.default']);
    const profile = firefox('p1.default');
    const certutil = replayCertutil({
      [chromium]: ['present: list', 'present: verify'],
      [profile]: ['absent: list', 'add', 'present: list', 'present: verify', 'present: list', 'delete', 'deleted: list'],
    });
    const plan = await planNssTrust(ca, deps(home, certutil.exec));
    const applied = await applyNssTrust(ca, plan, deps(home, certutil.exec));
    expect(applied.results.map((result) => result.state)).toEqual(['present', 'added']);
    const undone = await undoNssTrust(ca, applied, deps(home, certutil.exec));
    expect(undone.map((result) => [result.database.dir, result.state])).toEqual([[profile, 'removed']]);
    expect(certutil.remaining()).toEqual({});
  });

  it('a certificate someone added under their own name: -A succeeds, NSS keeps their name, Dockside reports it and will not remove it', async () => {
    const { home, chromium } = makeHome();
    const certutil = replayCertutil({ [chromium]: ['absent: list', 'other name: add', 'other name: list'] });
    const plan = await planNssTrust(ca, deps(home, certutil.exec));
    const applied = await applyNssTrust(ca, plan, deps(home, certutil.exec));
    expect(applied.results[0]!.state).toBe('present-other-name');
    expect(await undoNssTrust(ca, applied, deps(home, certutil.exec))).toEqual([]);
  });

  it('another certificate under Dockside\'s nickname is neither replaced nor deleted', async () => {
    const { home, chromium } = makeHome();
    const certutil = replayCertutil({ [chromium]: ['occupied: list', 'occupied: list'] });
    const plan = await planNssTrust(ca, deps(home, certutil.exec));
    const applied = await applyNssTrust(ca, plan, deps(home, certutil.exec));
    expect(applied.results[0]!.state).toBe('failed');
    expect(english(applied.results[0]!.message)).toBe(`Chromium (${chromium}) holds another certificate under the name "${recordedNickname}", so Dockside left it as it is.`);
    const removed = await removeNssTrust(ca, deps(home, certutil.exec));
    expect(removed[0]!.state).toBe('kept-other');
    expect(certutil.calls.filter((call) => call.startsWith('-A') || call.startsWith('-D'))).toEqual([]);
  });
});

describe('NSS with certutil absent', () => {
  const noCertutil: Exec = async () => {
    throw new Error('certutil must not be run');
  };

  it.each([
    ['ID=debian\n', 'sudo apt install libnss3-tools'],
    ['ID=ubuntu\nID_LIKE=debian\n', 'sudo apt install libnss3-tools'],
    ['ID="rocky"\nID_LIKE="rhel centos fedora"\n', 'sudo dnf install nss-tools'],
    ['ID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"\n', 'sudo zypper install mozilla-nss-tools'],
    ['ID=arch\n', 'sudo pacman -S nss'],
  ])('says which package installs it (%j) and plans nothing there; apply runs nothing', async (osRelease, command) => {
    const { home } = makeHome(['p1.default']);
    const nss = deps(home, noCertutil, { certutil: null, osRelease });
    const plan = await planNssTrust(ca, nss);
    expect(plan.steps).toEqual([]);
    expect(plan.findings.map(english)).toEqual([expect.stringContaining(`install certutil (${command}) and run the command again`)]);
    expect(english(plan.findings[0]!)).toContain('Docker and curl are not affected');
    expect(await applyNssTrust(ca, plan, nss)).toEqual({ results: [], findings: plan.findings });
    expect(await verifyNssTrust(ca, nss)).toEqual([]);
    expect(await removeNssTrust(ca, nss)).toEqual([]);
  });

  it('names the package names on a distribution it does not know, and Homebrew on macOS', async () => {
    const { home } = makeHome();
    const unknown = await planNssTrust(ca, deps(home, noCertutil, { certutil: null, osRelease: 'ID=gentoo\n' }));
    expect(english(unknown.findings[0]!)).toContain('(libnss3-tools, nss-tools or mozilla-nss-tools)');
    const mac = join(home, 'Library', 'Application Support', 'Firefox', 'Profiles', 'x.default');
    mkdirSync(mac, { recursive: true });
    writeFileSync(join(mac, 'cert9.db'), '');
    const darwin = await planNssTrust(ca, deps(home, noCertutil, { certutil: null, osRelease: null, platform: 'darwin' }));
    expect(english(darwin.findings[0]!)).toContain('install certutil (brew install nss)');
  });

  it('leaves out a database another user owns (run through sudo) and says so', async () => {
    const { home, chromium } = makeHome();
    const plan = await planNssTrust(ca, deps(home, noCertutil, { uid: process.getuid!() + 1 }));
    expect(plan.databases).toEqual([]);
    expect(plan.findings.map(english)).toEqual([
      `Chromium's database ${chromium} belongs to another user (uid ${process.getuid!()}), so Dockside left it alone: a browser's database is changed only as its owner. Run the command as that user, without sudo.`,
    ]);
    expect(await verifyNssTrust(ca, deps(home, noCertutil, { uid: process.getuid!() + 1 }))).toEqual([]);
  });

  it('says nothing when the user has no NSS database at all', async () => {
    const home = mkdtempSync(join(tmpdir(), 'dockside-nss-empty-'));
    homes.push(home);
    const plan = await planNssTrust(ca, deps(home, noCertutil, { certutil: null }));
    expect(plan).toMatchObject({ databases: [], steps: [], findings: [] });
  });
});

describe('NSS database locked by a running browser (recorded busy-database answers)', () => {
  it('Firefox holding its profile (live `lock` link): "close Firefox and run again", and Chromium\'s database is still done', async () => {
    const { home, chromium, firefox } = makeHome(['p1.default-release']);
    const profile = firefox('p1.default-release');
    // Firefox on Linux: `lock` links to "<ip>:+<pid>"; this test process stands in for it, alive.
    symlinkSync(`127.0.1.1:+${process.pid}`, join(profile, 'lock'));
    const certutil = replayCertutil({ [chromium]: ['absent: list', 'add', 'present: list', 'present: verify'], [profile]: ['busy exclusive: list'] });
    const plan = await planNssTrust(ca, deps(home, certutil.exec));
    const applied = await applyNssTrust(ca, plan, deps(home, certutil.exec));
    expect(certutil.remaining()).toEqual({});
    expect(applied.results.map((result) => result.state)).toEqual(['added', 'browser-running']);
    expect(english(applied.results[1]!.message)).toBe(
      `Firefox (process ${process.pid}) has ${profile} open, so certutil could not use it ("certutil: function failed: SEC_ERROR_BAD_DATABASE: security library: bad database."). Close Firefox and run the command again; the other databases were done.`,
    );
  });

  it('a writer holding the database (certutil -A: SEC_ERROR_PKCS11_GENERAL_ERROR), no lock link as on macOS: "close Firefox and run again"', async () => {
    const { home, firefox } = makeHome(['p1.default']);
    const profile = firefox('p1.default');
    rmSync(join(home, '.pki'), { recursive: true });
    const certutil = replayCertutil({ [profile]: ['busy writer: list', 'busy writer: add'] });
    const plan = await planNssTrust(ca, deps(home, certutil.exec));
    const applied = await applyNssTrust(ca, plan, deps(home, certutil.exec));
    expect(applied.results[0]!.state).toBe('browser-running');
    expect(english(applied.results[0]!.message)).toBe(
      `${profile} is in use by another program, most likely Firefox (certutil: "certutil: function failed: SEC_ERROR_PKCS11_GENERAL_ERROR: A PKCS #11 module returned CKR_GENERAL_ERROR, indicating that an unrecoverable error has occurred."). Close Firefox and run the command again; the other databases were done.`,
    );
  });

  it('a stale `lock` link (its Firefox is gone) does not name a process; the busy answer still says close the browser', async () => {
    const { home, chromium, firefox } = makeHome(['p1.default']);
    const profile = firefox('p1.default');
    symlinkSync('127.0.1.1:+4194304', join(profile, 'lock'));
    const certutil = replayCertutil({ [chromium]: ['busy exclusive: list'], [profile]: ['busy exclusive: list'] });
    const results = await removeNssTrust(ca, deps(home, certutil.exec));
    expect(results.map((result) => result.state)).toEqual(['browser-running', 'browser-running']);
    expect(english(results[0]!.message)).toContain('most likely Chromium');
    expect(english(results[1]!.message)).toContain('Close Firefox and run the command again');
  });
});
