import { mkdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredsListJsonSchema } from '../../../../../shared/credentials';
import { externalHelper } from '../../../../../electron/core/credentials/helper-client';
import { listCredentials } from '../../../../../electron/core/credentials/list-credentials';
import { DocksideError } from '../../../../../electron/core/errors';
import { execProgram } from '../../../../../electron/core/platform/exec';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { credentialDeps, type MemoryKeychain, memoryKeychain, writeFailingHelper, writeFileStoreHelper, configFile } from './fakes';
import { english } from '../../../../harness/english';

/** `creds list` over a temp DOCKER_CONFIG, with Dockside's keychain in memory and real helper scripts for the other stores. */

const base64 = (text: string): string => Buffer.from(text).toString('base64');
const DOCKSIDE = { helper: 'dockside', source: 'dockside' } as const;
const PLAINTEXT = { helper: null, source: 'plaintext' } as const;

let tmp: TempDir;
let bin: string;
let configPath: string;
let keychain: MemoryKeychain;
beforeEach(() => {
  tmp = makeTempDir('list-credentials');
  bin = tmp.join('bin');
  mkdirSync(bin);
  configPath = tmp.join('docker', 'config.json');
  keychain = memoryKeychain([
    { serverUrl: 'dock-a.example', username: 'dora', secret: 'pw-dora' },
    { serverUrl: 'dock-b.example', username: 'dan', secret: 'pw-dan' },
    // In the store but not in config.json: Docker would never read it, so it is not listed.
    { serverUrl: 'stray.example', username: 'sam', secret: 'pw-sam' },
  ]);
});
afterEach(() => tmp.remove());

const deps = () => credentialDeps(tmp.join('docker'), [bin], keychain);
const config = () => configFile(tmp.join('docker'));

describe('listCredentials', () => {
  it('lists plaintext entries with the decoded username and dockside ones with the username from the keychain, sorted', async () => {
    config().write({
      auths: {
        'plain.example': { auth: base64('alice:pw:with:colons') },
        'dock-b.example': {},
        'dock-a.example': {},
        'garbled.example': { auth: 'not base64!!' },
        'empty.example': {},
      },
      credHelpers: { 'dock-a.example': 'dockside', 'dock-b.example': 'dockside', 'helper-only.example': 'dockside' },
    });
    const result = await listCredentials(deps());
    expect(CredsListJsonSchema.parse(result)).toEqual({
      configPath,
      registries: [
        { registry: 'dock-a.example', username: 'dora', store: DOCKSIDE },
        { registry: 'dock-b.example', username: 'dan', store: DOCKSIDE },
        { registry: 'garbled.example', username: null, store: PLAINTEXT },
        // Named for dockside, but the keychain has no item for it.
        { registry: 'helper-only.example', username: null, store: DOCKSIDE },
        { registry: 'plain.example', username: 'alice', store: PLAINTEXT },
      ],
      warnings: [],
    });
    // One list() per store, however many registries use it; never a get() (no secret is read).
    expect(keychain.calls).toEqual(['list']);
  });

  it('asks an installed credsStore helper for its user names', async () => {
    writeFileStoreHelper(bin, 'secretservice');
    await externalHelper('secretservice', execProgram, { PATH: bin }).store({ serverUrl: 'ext.example', username: 'erin', secret: 'pw-erin' });
    config().write({ auths: { 'ext.example': {}, 'dock-a.example': {} }, credsStore: 'secretservice', credHelpers: { 'dock-a.example': 'dockside' } });
    expect((await listCredentials(deps())).registries).toEqual([
      { registry: 'dock-a.example', username: 'dora', store: DOCKSIDE },
      { registry: 'ext.example', username: 'erin', store: { helper: 'secretservice', source: 'credsStore' } },
    ]);
  });

  // With a credsStore set, the docker CLI (getConfiguredCredentialStore + nativeStore.Get) reads
  // that helper and ignores a plaintext auth.
  it('lists a registry under the credsStore Docker reads, not under a plaintext auth Docker ignores', async () => {
    writeFileStoreHelper(bin, 'secretservice');
    config().write({ auths: { 'plain.example': { auth: base64('alice:pw') } }, credsStore: 'secretservice' });
    expect((await listCredentials(deps())).registries).toEqual([
      { registry: 'plain.example', username: null, store: { helper: 'secretservice', source: 'credsStore' } },
    ]);
  });

  it('turns a helper whose list fails into a warning, listing its registries without a username', async () => {
    writeFailingHelper(bin, 'broken', 'the vault is sealed');
    config().write({ auths: { 'dock-a.example': {}, 'vault.example': {} }, credHelpers: { 'dock-a.example': 'dockside', 'vault.example': 'broken' } });
    const result = await listCredentials(deps());
    expect(result.registries).toEqual([
      { registry: 'dock-a.example', username: 'dora', store: DOCKSIDE },
      { registry: 'vault.example', username: null, store: { helper: 'broken', source: 'credHelpers' } },
    ]);
    expect(result.warnings.map(english)).toEqual([expect.stringContaining('docker-credential-broken list failed: the vault is sealed')]);
  });

  it('turns a failing dockside keychain into a warning too', async () => {
    keychain.list = async () => {
      throw new DocksideError('keychain-locked', 'creds.error.keychain-locked.list', { action: 'list', serverUrl: '', detail: 'IsLocked' });
    };
    config().write({ credHelpers: { 'dock-a.example': 'dockside' }, auths: { 'plain.example': { auth: base64('alice:pw') } } });
    expect(await listCredentials(deps())).toEqual({
      configPath,
      registries: [
        { registry: 'dock-a.example', username: null, store: DOCKSIDE },
        { registry: 'plain.example', username: 'alice', store: PLAINTEXT },
      ],
      warnings: [{ code: 'creds.error.keychain-locked.list', params: { action: 'list', serverUrl: '', detail: 'IsLocked' } }],
    });
  });

  it('lists nothing for a missing config.json', async () => {
    expect(await listCredentials(deps())).toEqual({ configPath, registries: [], warnings: [] });
  });

  // Docker reads an identitytoken (or an older tool's password) from the file as well.
  it('lists a plaintext identitytoken entry as plaintext', async () => {
    config().write({ auths: { 'token.example': { identitytoken: 'id-token-xyz' } } });
    expect((await listCredentials(deps())).registries).toEqual([{ registry: 'token.example', username: expect.anything() as unknown, store: PLAINTEXT }]);
  });
});
