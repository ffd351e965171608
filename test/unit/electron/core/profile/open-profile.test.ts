import { mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProfile } from '../../../../../electron/core/profile/open-profile';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';

let tmp: TempDir;
beforeEach(() => {
  tmp = makeTempDir('open-profile');
});
afterEach(() => tmp.remove());

const GOOD = JSON.stringify({ version: 1, name: 'Team', registries: [{ host: 'docker.example.com', push: true }], mirrors: ['https://mirror.example.com'] });

describe('openProfile', () => {
  it('reads a profile file, named by its path', async () => {
    writeFileSync(tmp.join('team.json'), GOOD);
    const loaded = await openProfile(tmp.join('team.json'));
    expect(loaded.source).toBe(tmp.join('team.json'));
    expect(loaded.profile).toMatchObject({ name: 'Team', registries: [{ host: 'docker.example.com', push: true }] });
  });

  it('names the path of a file it cannot read: missing, or a directory', async () => {
    await expect(openProfile(tmp.join('missing.json'))).rejects.toMatchObject({ code: 'profile-unreadable', params: { path: tmp.join('missing.json') } });
    mkdirSync(tmp.join('dir.json'));
    await expect(openProfile(tmp.join('dir.json'))).rejects.toMatchObject({ code: 'profile-unreadable', params: { detail: expect.stringContaining('EISDIR') } });
  });

  it('refuses a file too big to be a profile without parsing it', async () => {
    writeFileSync(tmp.join('big.json'), `${GOOD.slice(0, -1)}, "x": "${'a'.repeat(300 * 1024)}"}`);
    await expect(openProfile(tmp.join('big.json'))).rejects.toMatchObject({ code: 'profile-too-large' });
  });

  it('fetches only https addresses: http and other schemes are refused before any request', async () => {
    for (const address of ['http://nexus.example/team.json', 'ftp://nexus.example/team.json', 'file:///etc/passwd']) {
      await expect(openProfile(address)).rejects.toMatchObject({ code: 'profile-url-not-https' });
    }
  });
});
