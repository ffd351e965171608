import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { externalHelper, findHelper } from '../../../../../electron/core/credentials/helper-client';
import { execProgram } from '../../../../../electron/core/platform/exec';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { rejectionOf } from '../../../dockside-error';
import { writeFailingHelper, writeFileStoreHelper, writeHelper } from './fakes';
import { english } from '../../../../harness/english';

/** externalHelper and findHelper against real `docker-credential-*` shell scripts in a temp dir on PATH. */

const SERVER = 'nexus.example:8443';
const SECRET = 'S3cret-Pa55:word';

let tmp: TempDir;
let bin: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  tmp = makeTempDir('helper-client');
  bin = tmp.join('bin');
  mkdirSync(bin);
  // Only the temp dir: this machine's own helpers (docker-credential-secretservice, ...) must not count.
  env = { PATH: bin };
});
afterEach(() => tmp.remove());

describe('externalHelper against a working helper', () => {
  beforeEach(() => {
    writeFileStoreHelper(bin, 'fake');
  });

  it('stores, gets, lists and erases a credential', async () => {
    const helper = externalHelper('fake', execProgram, env);
    await helper.store({ serverUrl: SERVER, username: 'alice', secret: SECRET });
    expect(await helper.get(SERVER)).toEqual({ serverUrl: SERVER, username: 'alice', secret: SECRET });
    expect(await helper.list()).toEqual([{ serverUrl: SERVER, username: 'alice' }]);
    expect(await helper.erase(SERVER)).toBe(true);
    expect(await helper.get(SERVER)).toBeNull();
    expect(await helper.list()).toEqual([]);
  });

  it('sends the secret on stdin only: never in argv or the environment', async () => {
    const helper = externalHelper('fake', execProgram, env);
    await helper.store({ serverUrl: SERVER, username: 'alice', secret: SECRET });
    await helper.get(SERVER);
    await helper.list();
    await helper.erase(SERVER);
    // The helper got the secret (on stdin) ...
    expect(readFileSync(tmp.join('bin', 'argv.log'), 'utf8').split('\n').filter(Boolean)).toEqual(['store', 'get', 'list', 'erase']);
    // ... but no argv or environment of any call carried it.
    expect(readFileSync(tmp.join('bin', 'argv.log'), 'utf8')).not.toContain(SECRET);
    expect(readFileSync(tmp.join('bin', 'env.log'), 'utf8')).not.toContain(SECRET);
  });

  it('passes the store input as Docker does: {"ServerURL","Username","Secret"} JSON', async () => {
    await externalHelper('fake', execProgram, env).store({ serverUrl: SERVER, username: 'alice', secret: SECRET });
    expect(JSON.parse(readFileSync(tmp.join('bin', 'store', 'nexus.example_8443'), 'utf8'))).toEqual({ ServerURL: SERVER, Username: 'alice', Secret: SECRET });
  });

  it('reads "credentials not found in native keychain" as no credential: get gives null, erase false', async () => {
    const helper = externalHelper('fake', execProgram, env);
    expect(await helper.get('unknown.example')).toBeNull();
    expect(await helper.erase('unknown.example')).toBe(false);
  });

  it('runs the helper with the PATH it is given, not the process PATH', async () => {
    const other = tmp.join('other');
    writeHelper(other, 'fake', `cat > /dev/null\necho '{"${SERVER}":"from-other-dir"}'`);
    expect(await externalHelper('fake', execProgram, { PATH: other }).list()).toEqual([{ serverUrl: SERVER, username: 'from-other-dir' }]);
  });
});

describe('externalHelper when the helper fails', () => {
  it.each(['get', 'store', 'erase', 'list'] as const)('turns a failed %s into helper-failed naming the helper and quoting its stdout', async (action) => {
    writeFailingHelper(bin, 'broken', 'the vault is sealed');
    const helper = externalHelper('broken', execProgram, env);
    const attempt = {
      get: () => helper.get(SERVER),
      store: () => helper.store({ serverUrl: SERVER, username: 'alice', secret: SECRET }),
      erase: () => helper.erase(SERVER),
      list: () => helper.list(),
    }[action];
    const error = await rejectionOf(attempt());
    expect(error.code).toBe('helper-failed');
    expect(english(error)).toContain(`docker-credential-broken ${action} failed: the vault is sealed`);
    expect(english(error)).toContain('docker-credential-broken list');
    expect(english(error)).not.toContain(SECRET);
  });

  it('falls back to stderr when stdout is empty, and still fails a helper that says nothing at all', async () => {
    writeHelper(bin, 'stderr', "cat > /dev/null\necho 'segmentation fault' >&2\nexit 139");
    writeHelper(bin, 'silent', 'cat > /dev/null\nexit 4');
    expect(english(await rejectionOf(externalHelper('stderr', execProgram, env).list()))).toContain('docker-credential-stderr list failed: segmentation fault');
    // With execProgram the `exit <code>` fallback is never reached: an empty stderr comes back as
    // Node's "Command failed: ..." (reported as a minor defect); only the helper's name is certain.
    const silent = await rejectionOf(externalHelper('silent', execProgram, env).list());
    expect(silent.code).toBe('helper-failed');
    expect(english(silent)).toContain('docker-credential-silent list failed: ');
  });

  it('reports a helper that is not installed as helper-failed naming it', async () => {
    const error = await rejectionOf(externalHelper('missing', execProgram, env).get(SERVER));
    expect(error.code).toBe('helper-failed');
    expect(english(error)).toContain('docker-credential-missing get failed');
  });

  it('treats a message that merely mentions "credentials not found" as a failure, not as no credential', async () => {
    writeFailingHelper(bin, 'wordy', 'error: credentials not found in native keychain, and the keychain is locked');
    const error = await rejectionOf(externalHelper('wordy', execProgram, env).get(SERVER));
    expect(error.code).toBe('helper-failed');
  });

  // Node's JSON.parse message would quote the helper's output, which may hold the secret.
  it('turns a get answer that is not JSON into helper-failed, without quoting it', async () => {
    writeHelper(bin, 'garbled', `cat > /dev/null\necho 'Username=alice Secret=${SECRET}'`);
    const error = await rejectionOf(externalHelper('garbled', execProgram, env).get(SERVER));
    expect(error.code).toBe('helper-failed');
    expect(english(error)).not.toContain(SECRET);
  });
});

describe('findHelper', () => {
  it('finds an executable docker-credential-<name> in the first PATH dir that has one', async () => {
    const first = tmp.join('first');
    const second = tmp.join('second');
    writeHelper(second, 'fake', 'exit 0');
    expect(await findHelper('fake', { PATH: `${first}:${second}` }, 'linux')).toBe(tmp.join('second', 'docker-credential-fake'));
    writeHelper(first, 'fake', 'exit 0');
    expect(await findHelper('fake', { PATH: `${first}:${second}` }, 'linux')).toBe(tmp.join('first', 'docker-credential-fake'));
  });

  it('returns null when no PATH dir has it, and for an empty or missing PATH', async () => {
    writeHelper(bin, 'other', 'exit 0');
    expect(await findHelper('fake', env, 'linux')).toBeNull();
    expect(await findHelper('fake', { PATH: '' }, 'linux')).toBeNull();
    expect(await findHelper('fake', {}, 'linux')).toBeNull();
  });

  it('skips a file that is not executable', async () => {
    const later = tmp.join('later');
    writeFileSync(tmp.join('bin', 'docker-credential-fake'), '#!/bin/sh\n');
    chmodSync(tmp.join('bin', 'docker-credential-fake'), 0o644);
    expect(await findHelper('fake', env, 'linux')).toBeNull();
    writeHelper(later, 'fake', 'exit 0');
    expect(await findHelper('fake', { PATH: `${bin}:${later}` }, 'linux')).toBe(tmp.join('later', 'docker-credential-fake'));
  });

  // A directory passes access(X_OK) (its x bit means "search"); Docker's exec.LookPath skips it.
  it('skips a directory named like the helper', async () => {
    mkdirSync(tmp.join('bin', 'docker-credential-fake'));
    expect(existsSync(tmp.join('bin', 'docker-credential-fake'))).toBe(true);
    expect(await findHelper('fake', env, 'linux')).toBeNull();
  });
});
