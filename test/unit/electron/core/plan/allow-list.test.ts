import { mkdirSync, symlinkSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkAllowedPath, checkNoSymlinks, type AllowList } from '../../../../../electron/core/plan/allow-list';
import type { FileRole } from '../../../../../shared/plan';
import { english } from '../../../../harness/english';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { rejectionOf, thrownBy } from '../../../dockside-error';

const allow: AllowList = { files: ['/etc/docker/daemon.json'], certsDirs: ['/etc/docker/certs.d'] };

describe('checkAllowedPath', () => {
  it.each<[string, FileRole]>([
    ['/etc/docker/daemon.json', 'daemon-json'],
    ['/etc/docker/certs.d/host:5000/ca.crt', 'ca-cert'],
    ['/etc/docker/certs.d/nexus.example.com/ca.crt', 'ca-cert'],
    ['/etc/docker/certs.d/[::1]:5000/ca.crt', 'ca-cert'],
  ])('accepts %j as %s', (path, role) => {
    expect(() => checkAllowedPath(path, role, allow)).not.toThrow();
  });

  it.each<[string, FileRole]>([
    ['/etc/docker/certs.d/../x/ca.crt', 'ca-cert'],
    ['/etc/docker/certs.d/a/b/ca.crt', 'ca-cert'],
    ['/etc/docker/certs.d/ca.crt', 'ca-cert'],
    ['/etc/docker/certs.d/./ca.crt', 'ca-cert'],
    ['/etc/docker/certs.d//host/ca.crt', 'ca-cert'],
    ['/etc/docker/certs.d/host/ca.crt/', 'ca-cert'],
    ['/etc/docker/certs.d/ho\0st/ca.crt', 'ca-cert'],
    ['/etc/docker/certs.d/ho\\st/ca.crt', 'ca-cert'],
    ['/etc/docker/certs.d/host/client.cert', 'ca-cert'],
    ['/etc/docker/certs.d/host/ca.pem', 'ca-cert'],
    ['/etc/docker/certs.d/host/ca.crt.bak', 'ca-cert'],
    ['/etc/docker/daemon.json', 'ca-cert'],
    ['/other/certs.d/host/ca.crt', 'ca-cert'],
    ['etc/docker/certs.d/host/ca.crt', 'ca-cert'],
    ['certs.d/host/ca.crt', 'ca-cert'],
    ['/etc/docker/certs.d/host/ca.crt', 'daemon-json'],
    ['/etc/docker/../docker/daemon.json', 'daemon-json'],
    ['/etc/docker/daemon.json.bak', 'daemon-json'],
    ['/etc/docker/daemon.json\0', 'daemon-json'],
    ['/tmp/daemon.json', 'daemon-json'],
    ['daemon.json', 'daemon-json'],
    ['./daemon.json', 'daemon-json'],
  ])('refuses %j as %s', (path, role) => {
    expect(() => checkAllowedPath(path, role, allow)).toThrow(expect.objectContaining({ code: 'path-not-allowed' }));
  });

  it('names the path and what is allowed', () => {
    expect(english(thrownBy(() => checkAllowedPath('/tmp/daemon.json', 'daemon-json', allow)))).toMatch(/"\/tmp\/daemon.json".*"\/etc\/docker\/daemon.json"/);
    expect(english(thrownBy(() => checkAllowedPath('/tmp/ca.crt', 'ca-cert', allow)))).toMatch(/"\/tmp\/ca.crt".*"\/etc\/docker\/certs.d"/);
  });

  it('refuses everything when nothing is allowed', () => {
    expect(thrownBy(() => checkAllowedPath('/etc/docker/daemon.json', 'daemon-json', { files: [], certsDirs: [] }))).toMatchObject({ code: 'path-not-allowed', key: 'plan.error.path-not-allowed.none' });
  });
});

describe('checkNoSymlinks', () => {
  let tmp: TempDir;
  beforeEach(() => {
    tmp = makeTempDir('allow');
    mkdirSync(tmp.join('real', 'certs.d'), { recursive: true });
    symlinkSync(tmp.join('real'), tmp.join('link'));
  });
  afterEach(() => tmp.remove());

  it('accepts real directories, including ones that do not exist yet', async () => {
    await expect(checkNoSymlinks(tmp.join('real', 'certs.d', 'host:5000', 'ca.crt'))).resolves.toBeUndefined();
  });

  it('refuses a path through a symlinked directory, naming it', async () => {
    const error = await rejectionOf(checkNoSymlinks(tmp.join('link', 'certs.d', 'host:5000', 'ca.crt')));
    expect(error.code).toBe('unsafe-path');
    expect(english(error)).toContain(JSON.stringify(tmp.join('link')));
    await expect(checkNoSymlinks(tmp.join('link', 'daemon.json'))).rejects.toMatchObject({ code: 'unsafe-path' });
  });

  it('refuses a relative or unnormalised path', async () => {
    await expect(checkNoSymlinks('certs.d/host/ca.crt')).rejects.toMatchObject({ code: 'unsafe-path' });
    await expect(checkNoSymlinks(`${tmp.join('real')}/../real/daemon.json`)).rejects.toMatchObject({ code: 'unsafe-path' });
  });
});
