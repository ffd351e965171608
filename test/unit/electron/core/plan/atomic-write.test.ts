import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atomicWriteFile, removeFile, removeStaleTempFiles } from '../../../../../electron/core/plan/atomic-write';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';

const isRoot = process.getuid?.() === 0;
let tmp: TempDir;
beforeEach(() => {
  tmp = makeTempDir('atomic');
});
afterEach(() => tmp.remove());

const mode = (path: string): number => statSync(path).mode & 0o7777;

describe('atomicWriteFile', () => {
  it('creates a new file with options.mode, whatever the umask', async () => {
    const path = tmp.join('daemon.json');
    await atomicWriteFile(path, '{}\n', { mode: 0o604 });
    expect(readFileSync(path, 'utf8')).toBe('{}\n');
    expect(mode(path)).toBe(0o604);
  });

  it('writes bytes as given', async () => {
    const path = tmp.join('ca.crt');
    await atomicWriteFile(path, new Uint8Array([0, 1, 2, 255]), { mode: 0o644 });
    expect([...readFileSync(path)]).toEqual([0, 1, 2, 255]);
  });

  it('keeps the mode of an existing file', async () => {
    const path = tmp.join('daemon.json');
    writeFileSync(path, 'old');
    chmodSync(path, 0o640);
    await atomicWriteFile(path, 'new', { mode: 0o644 });
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(mode(path)).toBe(0o640);
  });

  it.skipIf(!isRoot)('keeps the owner of an existing file (as root)', async () => {
    const path = tmp.join('daemon.json');
    writeFileSync(path, 'old');
    chmodSync(path, 0o640);
    chownSync(path, 1234, 2345);
    await atomicWriteFile(path, 'new', { mode: 0o644 });
    expect(statSync(path)).toMatchObject({ uid: 1234, gid: 2345 });
    expect(mode(path)).toBe(0o640);
  });

  it.skipIf(!isRoot)('gives a new file options.owner (as root)', async () => {
    const path = tmp.join('daemon.json.bak');
    await atomicWriteFile(path, 'x', { mode: 0o600, owner: { uid: 1234, gid: 2345 } });
    expect(statSync(path)).toMatchObject({ uid: 1234, gid: 2345 });
  });

  it('leaves no temp file behind', async () => {
    const path = tmp.join('daemon.json');
    await atomicWriteFile(path, 'one', { mode: 0o644 });
    await atomicWriteFile(path, 'two', { mode: 0o644 });
    expect(readdirSync(tmp.path)).toEqual(['daemon.json']);
  });

  it('removes its temp file when writing fails', async () => {
    const path = tmp.join('daemon.json');
    writeFileSync(path, 'old');
    await expect(atomicWriteFile(path, 42 as unknown as string, { mode: 0o644 })).rejects.toThrow();
    expect(readdirSync(tmp.path)).toEqual(['daemon.json']);
    expect(readFileSync(path, 'utf8')).toBe('old');
  });

  it('refuses a symlink in place of the target and leaves the link and its target alone', async () => {
    const victim = tmp.join('shadow');
    writeFileSync(victim, 'secret');
    const path = tmp.join('daemon.json');
    symlinkSync(victim, path);
    await expect(atomicWriteFile(path, 'pwned', { mode: 0o644 })).rejects.toMatchObject({ code: 'unsafe-path' });
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
    expect(readFileSync(victim, 'utf8')).toBe('secret');
  });

  it('refuses a symlinked parent directory', async () => {
    mkdirSync(tmp.join('real'));
    symlinkSync(tmp.join('real'), tmp.join('link'));
    await expect(atomicWriteFile(tmp.join('link', 'daemon.json'), 'x', { mode: 0o644 })).rejects.toMatchObject({ code: 'unsafe-path' });
    expect(readdirSync(tmp.join('real'))).toEqual([]);
  });

  it('refuses a directory in place of the target', async () => {
    mkdirSync(tmp.join('daemon.json'));
    await expect(atomicWriteFile(tmp.join('daemon.json'), 'x', { mode: 0o644 })).rejects.toMatchObject({ code: 'unsafe-path' });
  });

  it('reports a missing directory', async () => {
    await expect(atomicWriteFile(tmp.join('nope', 'daemon.json'), 'x', { mode: 0o644 })).rejects.toMatchObject({ code: 'missing-directory' });
  });

  it.each(['daemon.json', './daemon.json', '/etc/docker/../docker/daemon.json', '/etc/docker//daemon.json', '/etc/docker/daemon.json/', '/etc/docker/./daemon.json'])(
    'refuses the path %j (not absolute and normalised)',
    async (path) => {
      await expect(atomicWriteFile(path, 'x', { mode: 0o644 })).rejects.toMatchObject({ code: 'unsafe-path' });
    },
  );

  it('refuses a mode that is not a file mode', async () => {
    await expect(atomicWriteFile(tmp.join('x'), 'x', { mode: 0o10000 })).rejects.toMatchObject({ code: 'invalid-mode' });
    await expect(atomicWriteFile(tmp.join('x'), 'x', { mode: 1.5 })).rejects.toMatchObject({ code: 'invalid-mode' });
  });

  it('lets a concurrent reader see only the old or the new content', async () => {
    const path = tmp.join('daemon.json');
    const versions = ['A', 'B'].map((letter) => letter.repeat(256 * 1024));
    writeFileSync(path, versions[0] ?? '');
    let done = false;
    const reads = new Set<string>();
    const reader = (async () => {
      while (!done) reads.add(await readFile(path, 'utf8'));
    })();
    for (let i = 1; i <= 40; i++) await atomicWriteFile(path, versions[i % 2] ?? '', { mode: 0o644 });
    done = true;
    await reader;
    for (const content of reads) expect(versions).toContain(content);
  });

  it('leaves the old or the new file when the writer is killed (SIGKILL)', async () => {
    const path = tmp.join('daemon.json');
    const versions = ['A', 'B'].map((letter) => letter.repeat(512 * 1024));
    writeFileSync(path, versions[0] ?? '');
    const module = fileURLToPath(new URL('../../../../../electron/core/plan/atomic-write.ts', import.meta.url));
    const script = `import { atomicWriteFile } from ${JSON.stringify(module)};
      for (let i = 1; ; i++) { await atomicWriteFile(${JSON.stringify(path)}, ${JSON.stringify(['A', 'B'])}[i % 2].repeat(512 * 1024), { mode: 0o644 }); if (i === 3) console.log('writing'); }`;
    for (let round = 0; round < 3; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 5 + round * 7));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      expect(versions).toContain(readFileSync(path, 'utf8'));
      await removeStaleTempFiles(path);
      expect(readdirSync(tmp.path)).toEqual(['daemon.json']);
    }
  }, 30_000);
});

describe('removeStaleTempFiles', () => {
  it('removes the temp file of a dead writer and keeps a live one', async () => {
    const path = tmp.join('daemon.json');
    writeFileSync(path, '{}');
    const dead = spawnSync('true').pid;
    const stale = tmp.join(`.daemon.json.dockside-${dead}-0a1b2c.tmp`);
    const live = tmp.join(`.daemon.json.dockside-${process.pid}-3d4e5f.tmp`);
    const other = tmp.join(`.ca.crt.dockside-${dead}-0a1b2c.tmp`);
    for (const file of [stale, live, other]) writeFileSync(file, 'partial');
    expect(await removeStaleTempFiles(path)).toEqual([stale]);
    expect(readdirSync(tmp.path).sort()).toEqual([live, other, path].map((file) => file.slice(tmp.path.length + 1)).sort());
  });

  it("also removes a dead writer's temp file of one of the file's dated backups, and nothing else", async () => {
    const path = tmp.join('daemon.json');
    writeFileSync(path, '{}');
    const dead = spawnSync('true').pid;
    const backupTemp = tmp.join(`.daemon.json.20261123-101500.bak.dockside-${dead}-0a1b2c.tmp`);
    const unrelated = tmp.join(`.daemon.json.notes.dockside-${dead}-0a1b2c.tmp`);
    for (const file of [backupTemp, unrelated]) writeFileSync(file, 'partial');
    expect(await removeStaleTempFiles(path)).toEqual([backupTemp]);
    expect(readdirSync(tmp.path).sort()).toEqual([unrelated, path].map((file) => file.slice(tmp.path.length + 1)).sort());
  });

  it('finds nothing in a missing directory', async () => {
    expect(await removeStaleTempFiles(tmp.join('nope', 'daemon.json'))).toEqual([]);
  });
});

describe('removeFile', () => {
  it('removes a regular file', async () => {
    const path = tmp.join('ca.crt');
    writeFileSync(path, 'pem');
    await removeFile(path);
    expect(readdirSync(tmp.path)).toEqual([]);
  });

  it('refuses a symlink and a missing file', async () => {
    writeFileSync(tmp.join('target'), 'x');
    symlinkSync(tmp.join('target'), tmp.join('ca.crt'));
    await expect(removeFile(tmp.join('ca.crt'))).rejects.toMatchObject({ code: 'unsafe-path' });
    expect(lstatSync(tmp.join('ca.crt')).isSymbolicLink()).toBe(true);
    await expect(removeFile(tmp.join('missing.crt'))).rejects.toMatchObject({ code: 'missing-file' });
    await expect(removeFile('ca.crt')).rejects.toMatchObject({ code: 'unsafe-path' });
  });
});
