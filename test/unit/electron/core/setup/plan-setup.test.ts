import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChangeItemSchema } from '../../../../../shared/setup';
import { type Machine, resolveMachine } from '../../../../../electron/core/machine';
import { planSetupChange } from '../../../../../electron/core/setup/plan-setup';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { credentialDeps, memoryKeychain, writeHelper, configFile } from '../credentials/fakes';

// planSetupChange on a temp daemon.json, certs.d and DOCKER_CONFIG with no engine (as
// test/unit/electron/main/handlers/change.test.ts resolves it): nothing is written here.
const WORDS = { unreachable: 'unreachable', noPin: 'no pin', keptFiles: 'kept files', desktopRestart: 'restart Docker Desktop', httpMirror: 'mirror over http' };
const options = { id: 'setup-0001', now: () => new Date('2025-01-01T00:00:00Z'), words: WORDS };

let tmp: TempDir;
let machine: Machine;
beforeEach(async () => {
  tmp = makeTempDir('plan-setup');
  writeFileSync(tmp.join('daemon.json'), '{\n  "debug": false\n}\n');
  const env = { ...process.env, DOCKER_HOST: `unix://${tmp.join('no-docker.sock')}` };
  machine = await resolveMachine({ engine: 'none', daemonJson: tmp.join('daemon.json'), certsDir: tmp.join('certs.d'), dockerConfig: tmp.join('docker') }, env);
  // Dockside's keychain in memory, and a PATH holding only a stub docker-credential-dockside.
  writeHelper(tmp.join('bin'), 'dockside', 'cat > /dev/null\necho "{}"');
  machine.credentials = credentialDeps(tmp.join('docker'), [tmp.join('bin')], memoryKeychain());
});
afterEach(() => tmp.remove());

describe('planSetupChange', () => {
  it('plans mirrors only as one daemon.json change, with no sign-in', async () => {
    const change = await planSetupChange(machine, { registries: [], mirrors: { urls: ['https://mirror.example'], insecure: false } }, options);
    expect(change.plan).toMatchObject({ version: 1, id: 'setup-0001', action: 'apply', engine: { kind: 'none' } });
    expect(change.plan?.steps.map((step) => step.type)).toEqual(['write-file']);
    expect(change.items).toEqual([{ kind: 'file', path: tmp.join('daemon.json'), role: 'daemon-json', action: 'modify', elevated: true }]);
    expect(change.diff).toContain('+  "registry-mirrors": [');
    expect(change.logins).toEqual([]);
    // Planning writes nothing.
    expect(readFileSync(tmp.join('daemon.json'), 'utf8')).toBe('{\n  "debug": false\n}\n');
  });

  it('plans a sign-in only as a keychain item and config.json, with no elevated plan', async () => {
    const change = await planSetupChange(machine, { registries: [{ registry: 'nexus.example:8443', signIn: { username: 'dev', password: 'pw' } }] }, options);
    expect(change.plan).toBeNull();
    expect(change.diff).toBe('');
    expect(change.items.map((item) => ChangeItemSchema.parse(item))).toEqual([
      { kind: 'keychain', registry: 'nexus.example:8443', username: 'dev', store: { helper: 'dockside', source: 'dockside', reason: expect.objectContaining({ code: 'creds.store-reason.no-native' }) } },
      { kind: 'file', path: tmp.join('docker', 'config.json'), role: 'docker-config', action: 'create', elevated: false },
    ]);
    expect(change.logins).toHaveLength(1);
    expect(change.logins[0]).toMatchObject({ username: 'dev', password: 'pw', pendingCa: null, paths: { name: { dirName: 'nexus.example:8443' } } });
    // Nothing of the secret in what a UI is shown.
    expect(JSON.stringify(change.items)).not.toContain('"pw"');
  });

  it('says config.json is modified when it exists, and names the credsStore helper it will use', async () => {
    const helpers = tmp.join('helpers');
    writeHelper(helpers, 'secretservice', 'cat > /dev/null\necho "{}"');
    configFile(tmp.join('docker')).write({ credsStore: 'secretservice' });
    machine.credentials = credentialDeps(tmp.join('docker'), [tmp.join('bin'), helpers], memoryKeychain());
    const change = await planSetupChange(machine, { registries: [{ registry: 'nexus.example', signIn: { username: 'dev', password: 'pw' } }] }, options);
    expect(change.items).toEqual([
      { kind: 'keychain', registry: 'nexus.example', username: 'dev', store: { helper: 'secretservice', source: 'credsStore', reason: expect.objectContaining({ code: 'creds.store-reason.credsStore' }) } },
      { kind: 'file', path: tmp.join('docker', 'config.json'), role: 'docker-config', action: 'modify', elevated: false },
    ]);
  });

  it('lists the sign-in first and then the elevated daemon.json change when both are asked', async () => {
    const change = await planSetupChange(
      machine,
      { registries: [{ registry: 'nexus.example', signIn: { username: 'dev', password: 'pw' } }], mirrors: { urls: ['https://mirror.example'], insecure: false } },
      options,
    );
    expect(change.plan).not.toBeNull();
    expect(change.items.map((item) => (item.kind === 'file' ? `${item.kind}:${item.role}` : item.kind))).toEqual(['keychain', 'file:docker-config', 'file:daemon-json']);
  });

  it('has nothing to do for mirrors already in daemon.json (as Dockside writes the list)', async () => {
    writeFileSync(tmp.join('daemon.json'), '{\n  "registry-mirrors": [\n    "https://mirror.example/"\n  ]\n}\n');
    const change = await planSetupChange(machine, { registries: [], mirrors: { urls: ['https://mirror.example'], insecure: false } }, options);
    expect(change.plan).toBeNull();
    expect(change.items).toEqual([]);
  });

  it('puts a plain-HTTP registry into insecure-registries and leaves the mirrors alone', async () => {
    writeFileSync(tmp.join('daemon.json'), '{\n  "registry-mirrors": ["https://kept.example/"]\n}\n');
    const change = await planSetupChange(machine, { registries: [{ registry: 'nexus.example:8082', insecure: true, signIn: { username: 'dev', password: 'pw' } }] }, options);
    expect(change.diff).toContain('+  "insecure-registries": [');
    expect(change.diff).toContain('+    "nexus.example:8082"');
    expect(change.diff).not.toMatch(/^[-+].*kept\.example/m);
    expect(change.logins[0]).toMatchObject({ plainHttp: true, pendingCa: null });
  });

  it('refuses a registry that is both plain HTTP and pinned to a CA', async () => {
    await expect(planSetupChange(machine, { registries: [{ registry: 'nexus.example:8082', insecure: true, fingerprint: 'AB'.repeat(32) }] }, options)).rejects.toMatchObject({ code: 'usage' });
  });

  it('has nothing to do when daemon.json holds the same lists on one line (they are not reformatted)', async () => {
    writeFileSync(tmp.join('daemon.json'), '{"registry-mirrors": ["https://mirror.example/"], "insecure-registries": ["nexus.example:8082"]}\n');
    const change = await planSetupChange(
      machine,
      { registries: [{ registry: 'nexus.example:8082', insecure: true }], mirrors: { urls: ['https://mirror.example'], insecure: false } },
      options,
    );
    expect(change.plan).toBeNull();
    expect(change.diff).toBe('');
  });
});
