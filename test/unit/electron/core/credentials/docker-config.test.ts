import { chmodSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeAuth, dockerConfigPath, readDockerConfig, writeDockerConfig } from '../../../../../electron/core/credentials/docker-config';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { rejectionOf } from '../../../dockside-error';
import { english } from '../../../../harness/english';

let tmp: TempDir;
beforeEach(() => {
  tmp = makeTempDir('docker-config');
});
afterEach(() => tmp.remove());

const mode = (path: string): number => statSync(path).mode & 0o7777;
const base64 = (text: string): string => Buffer.from(text).toString('base64');

/** A config the docker CLI and other tools wrote: keys Dockside does not know, at every level. */
const foreign = {
  auths: { 'nexus.example:8443': { auth: base64('alice:pw'), email: 'a@example.com', registrytoken: 'r' } },
  credHelpers: { 'gcr.io': 'gcloud' },
  HttpHeaders: { 'User-Agent': 'x' },
  psFormat: 'table {{.ID}}',
  proxies: { default: { httpProxy: 'http://proxy:3128' } },
  currentContext: 'desktop-linux',
};

describe('readDockerConfig', () => {
  it('reads a missing file (and a missing dir) as an empty config', async () => {
    const dir = tmp.join('missing', '.docker');
    expect(await readDockerConfig(dir)).toEqual({ path: dockerConfigPath(dir), exists: false, config: {} });
  });

  it('reads an empty file as an empty config, like the docker CLI', async () => {
    writeFileSync(tmp.join('config.json'), ' \n');
    expect(await readDockerConfig(tmp.path)).toMatchObject({ exists: true, config: {} });
  });

  it('rejects invalid JSON with the path, line and column, without quoting the text', async () => {
    writeFileSync(tmp.join('config.json'), '{\n\t"auths": {\n\t\t"x": {"auth": "c2VjcmV0"}\n\t\t"y": {}\n\t}\n}\n');
    const error = await rejectionOf(readDockerConfig(tmp.path));
    expect(error.code).toBe('invalid-docker-config');
    expect(english(error)).toContain(`${tmp.join('config.json')}:4:3: expected a comma`);
    expect(english(error)).toContain('fix it by hand');
    expect(english(error)).not.toContain('c2VjcmV0');
  });

  it('points at a trailing comma', async () => {
    writeFileSync(tmp.join('config.json'), '{\r\n  "credsStore": "pass",\r\n}');
    const error = await rejectionOf(readDockerConfig(tmp.path));
    expect(english(error)).toContain('config.json:2:23: trailing comma after the last entry');
  });

  it('rejects a byte order mark, which the docker CLI refuses too', async () => {
    writeFileSync(tmp.join('config.json'), '\uFEFF{}');
    const error = await rejectionOf(readDockerConfig(tmp.path));
    expect(english(error)).toContain(':1:1: the file starts with a byte order mark');
  });

  it('rejects a known key of the wrong type, naming it', async () => {
    writeFileSync(tmp.join('config.json'), JSON.stringify({ credHelpers: { 'gcr.io': 1 } }));
    const error = await rejectionOf(readDockerConfig(tmp.path));
    expect(error.code).toBe('invalid-docker-config');
    expect(english(error)).toContain('"credHelpers.gcr.io"');
  });

  it('rejects a top level that is not an object', async () => {
    writeFileSync(tmp.join('config.json'), '[]');
    expect(english(await rejectionOf(readDockerConfig(tmp.path)))).toContain('the top level must be a JSON object');
  });

  it('follows a symlinked config.json (a dangling one names the file to create)', async () => {
    mkdirSync(tmp.join('dotfiles'));
    mkdirSync(tmp.join('.docker'));
    symlinkSync(tmp.join('dotfiles', 'docker.json'), tmp.join('.docker', 'config.json'));
    expect(await readDockerConfig(tmp.join('.docker'))).toEqual({ path: tmp.join('dotfiles', 'docker.json'), exists: false, config: {} });
  });

  it('resolves a symlinked directory', async () => {
    mkdirSync(tmp.join('real'));
    symlinkSync(tmp.join('real'), tmp.join('.docker'));
    expect((await readDockerConfig(tmp.join('.docker'))).path).toBe(tmp.join('real', 'config.json'));
  });
});

describe('writeDockerConfig', () => {
  it('keeps every unknown key through a round trip, indented with tabs like the docker CLI', async () => {
    writeFileSync(tmp.join('config.json'), JSON.stringify(foreign));
    const file = await readDockerConfig(tmp.path);
    expect(file.config).toEqual(foreign);
    await writeDockerConfig(file, { ...file.config, credHelpers: { ...file.config.credHelpers, 'nexus.example:8443': 'dockside' } });
    const text = readFileSync(tmp.join('config.json'), 'utf8');
    expect(text).toBe(`${JSON.stringify({ ...foreign, credHelpers: { 'gcr.io': 'gcloud', 'nexus.example:8443': 'dockside' } }, null, '\t')}\n`);
    expect(text).toContain('\n\t"auths": {\n\t\t"nexus.example:8443": {');
  });

  it('creates a missing dir 0700 and a new file 0600', async () => {
    const dir = tmp.join('home', '.docker');
    const file = await readDockerConfig(dir);
    await writeDockerConfig(file, { credsStore: 'pass' });
    expect(mode(dir)).toBe(0o700);
    expect(mode(file.path)).toBe(0o600);
    expect(JSON.parse(readFileSync(file.path, 'utf8'))).toEqual({ credsStore: 'pass' });
  });

  it("keeps an existing file's mode", async () => {
    writeFileSync(tmp.join('config.json'), '{}');
    chmodSync(tmp.join('config.json'), 0o644);
    await writeDockerConfig(await readDockerConfig(tmp.path), { auths: {} });
    expect(mode(tmp.join('config.json'))).toBe(0o644);
  });

  it('writes through a symlinked config.json to its target, leaving the link in place', async () => {
    mkdirSync(tmp.join('dotfiles'));
    mkdirSync(tmp.join('.docker'));
    writeFileSync(tmp.join('dotfiles', 'docker.json'), '{"psFormat":"x"}');
    symlinkSync('../dotfiles/docker.json', tmp.join('.docker', 'config.json'));
    const file = await readDockerConfig(tmp.join('.docker'));
    await writeDockerConfig(file, { ...file.config, credsStore: 'pass' });
    expect(lstatSync(tmp.join('.docker', 'config.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(tmp.join('dotfiles', 'docker.json'), 'utf8'))).toEqual({ psFormat: 'x', credsStore: 'pass' });
  });

  it('refuses a config of the wrong shape and leaves the file alone', async () => {
    writeFileSync(tmp.join('config.json'), '{}');
    const file = await readDockerConfig(tmp.path);
    const error = await rejectionOf(writeDockerConfig(file, { credsStore: 7 } as never));
    expect(error.code).toBe('invalid-docker-config');
    expect(readFileSync(tmp.join('config.json'), 'utf8')).toBe('{}');
  });
});

describe('decodeAuth', () => {
  it('splits base64 "user:pass" at the first colon', () => {
    expect(decodeAuth(base64('alice:pa:ss'))).toEqual({ username: 'alice', password: 'pa:ss' });
    expect(decodeAuth(base64('alice:'))).toEqual({ username: 'alice', password: '' });
  });

  it('returns null for what the docker CLI cannot decode either', () => {
    expect(decodeAuth(base64('no-colon'))).toBeNull();
    expect(decodeAuth(base64(':pw'))).toBeNull();
    expect(decodeAuth('not base64!')).toBeNull();
    expect(decodeAuth('YWxpY2U6cHc')).toBeNull(); // unpadded
  });

  it('trims the NUL padding of old tools from the password', () => {
    expect(decodeAuth(base64('alice:pw\0\0'))).toEqual({ username: 'alice', password: 'pw' });
  });
});
