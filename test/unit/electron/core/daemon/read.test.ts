import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDaemonJson } from '../../../../../electron/core/daemon/read';
import { DocksideError } from '../../../../../electron/core/errors';
import { sha256Hex } from '../../../../../electron/core/platform/sha256';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dockside-read-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readError(file: string): Promise<DocksideError> {
  const error: unknown = await readDaemonJson(file).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DocksideError);
  return error as DocksideError;
}

describe('readDaemonJson', () => {
  it('reads a missing file as an empty configuration', async () => {
    const file = path.join(dir, 'missing.json');
    expect(await readDaemonJson(file)).toEqual({
      path: file,
      exists: false,
      text: '',
      sha256: null,
      mode: null,
      parsed: { value: {}, settings: { mirrors: [], insecureRegistries: [] } },
    });
  });

  it('reads a file: text, hash of the bytes, permission bits, settings', async () => {
    const file = path.join(dir, 'daemon.json');
    const text = '\uFEFF{\n  "registry-mirrors": ["http://m.example:5000/"],\n  "data-root": "/x"\n}\n';
    await writeFile(file, text);
    await chmod(file, 0o640);
    const read = await readDaemonJson(file);
    expect(read.exists).toBe(true);
    expect(read.text).toBe(text);
    expect(read.sha256).toBe(createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'));
    expect(read.mode).toBe(0o640);
    expect(read.parsed.settings.mirrors).toEqual(['http://m.example:5000/']);
  });

  it('refuses a directory', async () => {
    const sub = path.join(dir, 'daemon.d');
    await mkdir(sub);
    const error = await readError(sub);
    expect(error.code).toBe('daemon-json-unreadable');
    expect(error.message).toContain('directory');
  });

  it('refuses a path under a file', async () => {
    const file = path.join(dir, 'plain');
    await writeFile(file, '{}');
    expect((await readError(path.join(file, 'daemon.json'))).code).toBe('daemon-json-unreadable');
  });

  it('refuses UTF-16 and invalid UTF-8 bytes as an encoding problem', async () => {
    const utf16 = path.join(dir, 'utf16.json');
    await writeFile(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{}', 'utf16le')]));
    expect((await readError(utf16)).code).toBe('daemon-json-encoding');
    const latin1 = path.join(dir, 'latin1.json');
    await writeFile(latin1, Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]));
    expect((await readError(latin1)).code).toBe('daemon-json-encoding');
  });

  it('reports invalid JSON with the file path', async () => {
    const file = path.join(dir, 'broken.json');
    await writeFile(file, '{\n  "a": 1,\n}\n');
    const error = await readError(file);
    expect(error.code).toBe('daemon-json-invalid');
    expect(error.message.startsWith(`${file}:2:9: trailing comma`)).toBe(true);
  });
});

describe('sha256Hex', () => {
  it('hashes strings as UTF-8 and bytes as they are', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('é')).toBe(sha256Hex(new Uint8Array([0xc3, 0xa9])));
  });
});
