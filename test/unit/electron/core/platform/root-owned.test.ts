import { chmodSync, chownSync, lchownSync, lstatSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertInstallSafe, assertRootOwnedPath, type PathInfo } from '../../../../../electron/core/platform/root-owned';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { refusal as thrownBy } from '../runtimes/docker/daemon/said';

// The filesystem cases chown to another user, which needs root (the test machine runs as root).
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

/** An in-memory tree for the cases that need no real ownership: path -> [uid, mode, kind]. */
function fakeLstat(tree: Record<string, [number, number, 'dir' | 'file' | 'link']>): (path: string) => PathInfo {
  return (path) => {
    const entry = tree[path];
    if (entry === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    const [uid, mode, kind] = entry;
    return { uid, mode, isDirectory: () => kind === 'dir', isSymbolicLink: () => kind === 'link' };
  };
}

describe('assertRootOwnedPath: the path itself', () => {
  it.each(['etc/docker', '/etc/../etc/docker', '/etc//docker', '/etc/docker/', '/etc/./docker', '', '/etc/\0x'])('refuses %j as not absolute and normalised', (path) => {
    const error = thrownBy(() => assertRootOwnedPath(path, {}));
    expect(error.code).toBe('unsafe-path');
    expect(error.message).toContain('not an absolute, normalised path');
  });

  it('accepts root-owned system paths', () => {
    expect(() => assertRootOwnedPath('/', {})).not.toThrow();
    expect(() => assertRootOwnedPath('/etc', {})).not.toThrow();
  });
});

describe('assertRootOwnedPath with a stand-in lstat (rootUid injected)', () => {
  const ROOT = 4242;
  const lstat = fakeLstat({
    '/': [ROOT, 0o40755, 'dir'],
    '/srv': [ROOT, 0o40755, 'dir'],
    '/srv/ok': [ROOT, 0o100644, 'file'],
    '/srv/theirs': [1000, 0o100644, 'file'],
    '/srv/shared': [ROOT, 0o41777, 'dir'],
    '/srv/shared/mine': [ROOT, 0o100644, 'file'],
    '/srv/group': [ROOT, 0o40775, 'dir'],
  });

  it('accepts what the injected root owns', () => {
    expect(() => assertRootOwnedPath('/srv/ok', { rootUid: ROOT, lstat })).not.toThrow();
  });

  it('refuses what another uid owns, naming the uid and mode', () => {
    const error = thrownBy(() => assertRootOwnedPath('/srv/theirs', { rootUid: ROOT, lstat }));
    expect(error.code).toBe('unsafe-path');
    expect(error.message).toContain('/srv/theirs is owned by uid 1000, not root (mode 0644)');
    expect(error.message).toContain('sudo chown root:root /srv/theirs');
  });

  it('accepts a sticky world-writable ancestor only when allowed', () => {
    expect(() => assertRootOwnedPath('/srv/shared/mine', { rootUid: ROOT, lstat, allowStickyAncestors: true })).not.toThrow();
    const error = thrownBy(() => assertRootOwnedPath('/srv/shared/mine', { rootUid: ROOT, lstat }));
    expect(error.message).toContain('/srv/shared is writable by its group and every user (owner uid 4242, mode 1777)');
  });

  it('never accepts the sticky directory itself as the path', () => {
    expect(thrownBy(() => assertRootOwnedPath('/srv/shared', { rootUid: ROOT, lstat, allowStickyAncestors: true })).code).toBe('unsafe-path');
  });

  it('refuses a missing name in a sticky directory: another user could create it first', () => {
    const error = thrownBy(() => assertRootOwnedPath('/srv/shared/new', { rootUid: ROOT, lstat, allowStickyAncestors: true, allowMissingLeaf: true }));
    expect(error.message).toContain('/srv/shared/new does not exist and /srv/shared is writable by its group and every user (mode 1777)');
  });

  it('refuses a group-writable ancestor even when sticky ones are allowed', () => {
    const error = thrownBy(() => assertRootOwnedPath('/srv/group/x', { rootUid: ROOT, lstat, allowStickyAncestors: true, allowMissingLeaf: true }));
    expect(error.message).toContain('/srv/group is writable by its group (owner uid 4242, mode 0775)');
  });
});

describe.runIf(isRoot)('assertRootOwnedPath on real directories', () => {
  let tmp: TempDir;
  beforeAll(() => {
    tmp = makeTempDir('root-owned');
  });
  afterAll(() => tmp.remove());

  const dir = (name: string, mode = 0o755, uid = 0): string => {
    const path = tmp.join(name);
    mkdirSync(path, { recursive: true });
    chmodSync(path, mode);
    chownSync(path, uid, 0);
    return path;
  };

  it('refuses /tmp (mode 1777) above the path unless sticky ancestors are allowed', () => {
    const path = dir('plain');
    const error = thrownBy(() => assertRootOwnedPath(path, {}));
    expect(error.code).toBe('unsafe-path');
    expect(error.message).toContain('/tmp is writable by its group and every user (owner uid 0, mode 1777)');
    expect(() => assertRootOwnedPath(path, { allowStickyAncestors: true })).not.toThrow();
  });

  it('refuses a directory owned by another user, as an ancestor and as the path', () => {
    const theirs = dir('theirs', 0o755, NOBODY);
    writeFileSync(`${theirs}/file`, '');
    for (const path of [theirs, `${theirs}/file`]) {
      const error = thrownBy(() => assertRootOwnedPath(path, { allowStickyAncestors: true }));
      expect(error.message).toContain(`${theirs} is owned by uid ${NOBODY}, not root (mode 0755)`);
    }
  });

  it('refuses a file owned by another user in a root directory', () => {
    const file = `${dir('their-file')}/daemon.json`;
    writeFileSync(file, '{}');
    chownSync(file, NOBODY, 0);
    expect(thrownBy(() => assertRootOwnedPath(file, { allowStickyAncestors: true })).message).toContain(`${file} is owned by uid ${NOBODY}`);
  });

  it('refuses group- and other-writable components, with the mode in octal', () => {
    const group = dir('group', 0o775);
    expect(thrownBy(() => assertRootOwnedPath(`${group}`, { allowStickyAncestors: true })).message).toContain(
      `${group} is writable by its group (owner uid 0, mode 0775)`,
    );
    const other = dir('other', 0o757);
    expect(thrownBy(() => assertRootOwnedPath(`${other}/x`, { allowStickyAncestors: true, allowMissingLeaf: true })).message).toContain(
      `${other} is writable by every user (owner uid 0, mode 0757)`,
    );
  });

  it('refuses a sticky directory that is not root-owned', () => {
    const sticky = dir('their-sticky', 0o1777, NOBODY);
    writeFileSync(`${sticky}/file`, '');
    expect(thrownBy(() => assertRootOwnedPath(`${sticky}/file`, { allowStickyAncestors: true })).message).toContain(`${sticky} is owned by uid ${NOBODY}`);
  });

  it('refuses a symbolic link, as an ancestor and as the path, even to a safe place', () => {
    const target = dir('target');
    writeFileSync(`${target}/ca.crt`, '');
    const link = tmp.join('link');
    symlinkSync(target, link);
    for (const path of [link, `${link}/ca.crt`]) {
      const error = thrownBy(() => assertRootOwnedPath(path, { allowStickyAncestors: true }));
      expect(error.message).toContain(`${link} is a symbolic link`);
    }
  });

  it('refuses a missing path unless allowed, then checks only what exists', () => {
    const base = dir('missing');
    expect(thrownBy(() => assertRootOwnedPath(`${base}/ca.crt`, { allowStickyAncestors: true })).message).toContain(`${base}/ca.crt does not exist`);
    expect(() => assertRootOwnedPath(`${base}/host:5000/ca.crt`, { allowStickyAncestors: true, allowMissingLeaf: true })).not.toThrow();
    const theirs = dir('missing-theirs', 0o755, NOBODY);
    expect(thrownBy(() => assertRootOwnedPath(`${theirs}/a/b`, { allowStickyAncestors: true, allowMissingLeaf: true })).message).toContain(
      `${theirs} is owned by uid ${NOBODY}`,
    );
  });

  it('refuses a file where a directory is expected', () => {
    const file = `${dir('file-parent')}/plain`;
    writeFileSync(file, '');
    expect(thrownBy(() => assertRootOwnedPath(`${file}/ca.crt`, { allowStickyAncestors: true, allowMissingLeaf: true })).message).toContain(
      `${file} is not a directory`,
    );
  });
});

describe('assertInstallSafe', () => {
  it('accepts the Node runtime of this machine (installed by root)', () => {
    expect(() => assertInstallSafe([process.execPath])).not.toThrow();
  });

  it('refuses a relative or missing file', () => {
    expect(thrownBy(() => assertInstallSafe(['out/main/privileged.js'])).code).toBe('unsafe-install');
    expect(thrownBy(() => assertInstallSafe(['/nonexistent-dockside/privileged.js'])).message).toContain('/nonexistent-dockside does not exist');
  });

  it('says who could write it and how to install instead (stand-in lstat)', () => {
    const lstat = fakeLstat({ '/': [0, 0o40755, 'dir'], '/home': [0, 0o40755, 'dir'], '/home/u': [1000, 0o40775, 'dir'], '/home/u/p.js': [1000, 0o100644, 'file'] });
    const error = thrownBy(() => assertInstallSafe(['/home/u/p.js'], { lstat }));
    expect(error.code).toBe('unsafe-install');
    expect(error.message).toBe(
      'Refusing to run as root: /home/u is writable by its owner and its group (owner uid 1000, mode 0775), so whoever can write it could run code as root. ' +
        'Install Dockside as root (sudo npm install -g dockside) or from the desktop package.',
    );
  });
});

describe.runIf(isRoot)('assertInstallSafe on real files', () => {
  let tmp: TempDir;
  beforeAll(() => {
    tmp = makeTempDir('install-safe');
  });
  afterAll(() => tmp.remove());

  const dir = (name: string, mode = 0o755, uid = 0): string => {
    const path = tmp.join(name);
    mkdirSync(path, { recursive: true });
    chmodSync(path, mode);
    chownSync(path, uid, 0);
    return path;
  };
  const file = (path: string, mode = 0o644, uid = 0): string => {
    writeFileSync(path, '// code root runs\n');
    chmodSync(path, mode);
    chownSync(path, uid, 0);
    return path;
  };

  it('accepts a root-owned file under root-owned directories (sticky /tmp above)', () => {
    expect(() => assertInstallSafe([file(`${dir('ok')}/privileged.js`), process.execPath])).not.toThrow();
  });

  it('refuses a user-prefix install: a directory owned by the user', () => {
    const prefix = dir('prefix', 0o755, NOBODY);
    const script = file(`${prefix}/privileged.js`);
    const error = thrownBy(() => assertInstallSafe([script]));
    expect(error.code).toBe('unsafe-install');
    expect(error.message).toContain(`${prefix} is writable by its owner (owner uid ${NOBODY}, mode 0755), so whoever can write it could run code as root`);
    expect(error.message).toContain('sudo npm install -g dockside');
  });

  it('refuses a group-writable file', () => {
    const script = file(`${dir('gw')}/privileged.js`, 0o664);
    expect(thrownBy(() => assertInstallSafe([script])).message).toContain(`${script} is writable by its group (owner uid 0, mode 0664)`);
  });

  it('follows a link to its real file and checks the real path too', () => {
    const unsafe = dir('link-target', 0o757);
    const real = file(`${unsafe}/privileged.js`);
    const bin = dir('bin');
    symlinkSync(real, `${bin}/privileged.js`);
    expect(thrownBy(() => assertInstallSafe([`${bin}/privileged.js`])).message).toContain(`${unsafe} is writable by every user (owner uid 0, mode 0757)`);
    const safeReal = file(`${dir('safe-target')}/privileged.js`);
    symlinkSync(safeReal, `${bin}/safe.js`);
    expect(() => assertInstallSafe([`${bin}/safe.js`])).not.toThrow();
  });

  it('refuses a link whose directory others can write, although the real path is safe', () => {
    // safe/entry -> hop/next -> real/privileged.js: `hop` is not on either path's ancestors, only a link lives there.
    const real = file(`${dir('chain/real')}/privileged.js`);
    const hop = dir('chain/hop', 0o775);
    symlinkSync(real, `${hop}/next`);
    const entry = `${dir('chain/entry')}/privileged.js`;
    symlinkSync(`../hop/next`, entry);
    expect(thrownBy(() => assertInstallSafe([entry])).message).toContain(`${hop} is writable by its group (owner uid 0, mode 0775)`);
  });

  it('refuses a link owned by another user', () => {
    const real = file(`${dir('owned-link/real')}/privileged.js`);
    const link = `${dir('owned-link/bin')}/privileged.js`;
    symlinkSync(real, link);
    lchownSync(link, NOBODY, 0);
    expect(lstatSync(link).uid).toBe(NOBODY);
    expect(thrownBy(() => assertInstallSafe([link])).message).toContain(`${link} is a symbolic link owned by uid ${NOBODY}, not root`);
  });

  it('refuses a link loop', () => {
    const loops = dir('loops');
    symlinkSync(`${loops}/b`, `${loops}/a`);
    symlinkSync(`${loops}/a`, `${loops}/b`);
    expect(thrownBy(() => assertInstallSafe([`${loops}/a`])).message).toContain('more than 40 symbolic links');
  });
});
