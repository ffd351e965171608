import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAEMON_JSON_MAX_BYTES, readDaemonJson } from '../../../../../../../electron/core/runtimes/docker/daemon/read';
import { sha256Hex } from '../../../../../../../electron/core/platform/sha256';
import { rejection, type Said } from './said';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'dockside-read-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const readError = (file: string): Promise<Said> => rejection(readDaemonJson(file));

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

describe('readDaemonJson size cap', () => {
  const json = (bytes: number): string => {
    const head = '{"data-root": "';
    return `${head}${'x'.repeat(bytes - head.length - 2)}"}`;
  };

  it('reads a file of exactly 1 MiB', async () => {
    const file = path.join(dir, 'at-cap.json');
    await writeFile(file, json(DAEMON_JSON_MAX_BYTES));
    expect((await readDaemonJson(file)).text).toHaveLength(DAEMON_JSON_MAX_BYTES);
  });

  it('refuses a file over 1 MiB by its size, before reading it', async () => {
    const file = path.join(dir, 'huge.json');
    await writeFile(file, json(DAEMON_JSON_MAX_BYTES + 1));
    const error = await readError(file);
    expect(error.code).toBe('daemon-json-too-large');
    expect(error.message).toBe(
      `${file} is ${DAEMON_JSON_MAX_BYTES + 1} bytes; a Docker daemon.json is a few kilobytes, so Dockside does not read one over 1 MiB. ` +
        "Check that this is the engine's daemon.json (and not a log or an image written there by mistake); trim it to the settings dockerd needs, or move it aside, then try again.",
    );
  });

  it.runIf(process.platform === 'linux')('stops reading past the cap when the size stat reports is not what the file holds', async () => {
    // /proc/<pid>/environ is a regular file that stat reports as 0 bytes: here it holds 1.2 MB.
    const env = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`DOCKSIDE_FILL_${i}`, 'x'.repeat(100_000)]));
    const child = spawn('sleep', ['30'], { env, stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      const error = await readError(`/proc/${child.pid}/environ`);
      expect(error.code).toBe('daemon-json-too-large');
      expect(error.message).toContain(`is more than ${DAEMON_JSON_MAX_BYTES} bytes`);
      expect(error.message).not.toContain('xxxx');
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('sha256Hex', () => {
  it('hashes strings as UTF-8 and bytes as they are', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('é')).toBe(sha256Hex(new Uint8Array([0xc3, 0xa9])));
  });
});
