import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyNssTrust, nssDepsForUser, planNssTrust, removeNssTrust, undoNssTrust, verifyNssTrust } from '../../../../../../electron/core/trust/nss/nss-trust';
import { nssNickname } from '../../../../../../electron/core/trust/nss/nss-nickname';
import { ca } from './recorded-certutil';

const homes: string[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

/** What certutil itself lists in a database: nickname and trust flags. */
function listed(dir: string): string {
  return execFileSync('certutil', ['-L', '-d', `sql:${dir}`], { encoding: 'utf8' });
}

// The real certutil (libnss3-tools, scripts/test.sh installs it) against fresh databases.
describe('NSS with the real certutil', () => {
  it('trust add then trust remove: the CA is listed with C,, in Chromium\'s and Firefox\'s databases, then gone; undo removes what apply added', async () => {
    const home = mkdtempSync(join(tmpdir(), 'dockside-nss-real-'));
    homes.push(home);
    const chromium = join(home, '.pki', 'nssdb');
    const firefox = join(home, '.mozilla', 'firefox', 'abcd.default-release');
    for (const dir of [chromium, firefox]) {
      mkdirSync(dir, { recursive: true });
      execFileSync('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
    }
    const deps = await nssDepsForUser(process.env, undefined, 'linux', home);
    expect(deps.certutil).toMatch(/\/certutil$/);
    const nickname = nssNickname(ca);

    const plan = await planNssTrust(ca, deps);
    const applied = await applyNssTrust(ca, plan, deps);
    expect(applied.results.map((result) => result.state)).toEqual(['added', 'added']);
    for (const dir of [chromium, firefox]) expect(listed(dir)).toMatch(new RegExp(`^${nickname} +C,, *$`, 'm'));
    expect((await verifyNssTrust(ca, deps)).map((result) => result.state)).toEqual(['trusted', 'trusted']);
    expect((await applyNssTrust(ca, plan, deps)).results.map((result) => result.state)).toEqual(['present', 'present']);

    expect((await undoNssTrust(ca, applied, deps)).map((result) => result.state)).toEqual(['removed', 'removed']);
    for (const dir of [chromium, firefox]) expect(listed(dir)).not.toContain(nickname);

    await applyNssTrust(ca, plan, deps);
    expect((await removeNssTrust(ca, deps)).map((result) => result.state)).toEqual(['removed', 'removed']);
    expect((await removeNssTrust(ca, deps)).map((result) => result.state)).toEqual(['absent', 'absent']);
    for (const dir of [chromium, firefox]) expect(listed(dir)).not.toContain(nickname);
  });
});
