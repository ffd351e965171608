import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { msg } from '../../../../../shared/message';
import type { Plan } from '../../../../../shared/plan';
import { AppliedChangeSchema } from '../../../../../shared/setup';
import { rememberBeforeLogin } from '../../../../../electron/core/credentials/login-undo';
import { DocksideError } from '../../../../../electron/core/errors';
import type { Elevator } from '../../../../../electron/core/plan/elevator';
import { applyRequest } from '../../../../../electron/core/plan/privileged-request';
import { basicAuthorization } from '../../../../../electron/core/registry/registry-client';
import { applySetup } from '../../../../../electron/core/setup/apply-setup';
import type { SetupChange } from '../../../../../electron/core/setup/plan-setup';
import { registryPaths } from '../../../../../electron/core/trust/inspect-registry';
import type { CertificateAuthority } from '../../../../harness/certs';
import { english } from '../../../../harness/english';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { rejectionOf } from '../../../dockside-error';
import { startHttpsRegistryDouble, type HttpsRegistryDouble } from '../credentials/https-registry-double';
import { configFile, credentialDeps, type MemoryKeychain, memoryKeychain, writeFileStoreHelper, writeHelper } from '../credentials/fakes';

/**
 * applySetup inside core, as test/unit/electron/core/credentials/login.test.ts tests login: a
 * local HTTPS double of a registry (Basic auth) whose CA is the setup's pending CA, Dockside's
 * keychain in memory, a stub docker-credential-dockside on a temp PATH, a temp DOCKER_CONFIG,
 * and a fake elevator that reports what the privileged process would (no process is started).
 */

const USER = 'dev';
const PASSWORD = 'S3cret-Pa55:word';

let double: HttpsRegistryDouble | undefined;
let ca: CertificateAuthority;
let hostPort = '';
const requests: Array<string | undefined> = [];

beforeAll(async () => {
  double = await startHttpsRegistryDouble('Apply Setup Test CA', (req, res) => {
    requests.push(req.headers.authorization);
    if (req.headers.authorization === basicAuthorization(USER, PASSWORD)) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="Registry Realm"' });
    res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
  });
  ca = double.ca;
  hostPort = double.hostPort;
});

afterAll(() => double?.close());

let tmp: TempDir;
let bin: string;
let configDir: string;
let keychain: MemoryKeychain;
const SIGN_IN_UNDONE = 'The change was not applied, so the sign-in was undone: config.json and the keychain are as they were';
let progress: string[];
beforeEach(() => {
  tmp = makeTempDir('apply-setup-case');
  bin = tmp.join('bin');
  writeHelper(bin, 'dockside', 'cat > /dev/null\necho "{}"');
  configDir = tmp.join('docker');
  keychain = memoryKeychain();
  progress = [];
  requests.length = 0;
  return () => tmp.remove();
});

const PLAN: Plan = {
  version: 1,
  id: 'setup-0001',
  action: 'apply',
  reason: msg('plan.reason.write', { path: '/etc/docker/daemon.json' }),
  engine: { kind: 'none' },
  steps: [{ type: 'write-file', role: 'daemon-json', path: '/etc/docker/daemon.json', content: '{}\n', mode: 0o644, beforeSha256: null }],
};

function setupChange(plan: Plan | null, password = PASSWORD): SetupChange {
  return {
    plan,
    request: plan && applyRequest(plan.id, {}, { mirrors: [], expectedBefore: { daemonJson: null, certs: {} } }),
    diff: plan ? '+ registry-mirrors\n' : '',
    warnings: [],
    logins: [{ paths: registryPaths(tmp.join('certs.d'), hostPort), username: USER, password, pendingCa: ca.pem, plainHttp: false }],
    items: [],
  };
}

/** What the privileged process would print, or how elevating fails; records each run. */
function fakeElevator(behaviour: { outcome: 'applied' | 'rolled-back' | 'failed' } | { throws: DocksideError }): Elevator & { runs: number } {
  const elevator = {
    name: 'sudo-prompt' as const,
    runs: 0,
    async run(_argv: readonly string[], onLine: (line: string) => void) {
      elevator.runs += 1;
      if ('throws' in behaviour) throw behaviour.throws;
      onLine(JSON.stringify({ type: 'progress', message: msg('plan.progress.writing', { path: '/etc/docker/daemon.json' }) }));
      const rolledBack = behaviour.outcome !== 'applied';
      onLine(
        JSON.stringify({
          type: 'result',
          outcome: behaviour.outcome,
          planId: PLAN.id,
          backups: [],
          active: null,
          differences: rolledBack ? [msg('plan.difference.mirror-not-used', { entry: 'https://mirror.example/' })] : [],
          ...(rolledBack ? { error: { code: 'verification-failed', key: 'plan.error.verification-failed', params: {} } } : {}),
        }),
      );
      return { code: rolledBack ? 3 : 0, stderr: '' };
    },
  };
  return elevator;
}

const deps = (elevator: Elevator, pathDirs = [bin]) => ({
  credentials: credentialDeps(configDir, pathDirs, keychain),
  privileged: { runtime: '/usr/bin/node', script: '/opt/dockside/privileged.js' },
  elevatorFor: () => elevator,
});

const config = () => configFile(configDir);
const configPath = () => config().path;

describe('applySetup', () => {
  it('with no elevated plan, signs in: the secret in the keychain, config.json pointing at docker-credential-dockside', async () => {
    const elevator = fakeElevator({ outcome: 'applied' });
    const applied = await applySetup(setupChange(null), deps(elevator), (line) => progress.push(english(line)));

    expect(applied.json.outcome).toBe('applied');
    expect(AppliedChangeSchema.parse({ ...applied.json, logins: applied.logins }).logins).toMatchObject([{ registry: hostPort, username: USER, store: { helper: 'dockside' } }]);
    expect(keychain.items.get(hostPort)).toEqual({ serverUrl: hostPort, username: USER, secret: PASSWORD });
    expect(config().read()).toEqual({ auths: { [hostPort]: {} }, credHelpers: { [hostPort]: 'dockside' } });
    expect(readFileSync(configPath(), 'utf8')).not.toContain(PASSWORD);
    expect(elevator.runs).toBe(0);
    expect(progress).toEqual([`Signing in to ${hostPort}: the registry checks the password once, then it goes to the keychain`]);
  });

  it('signs in, then applies the plan once, and keeps the sign-in when the plan applied', async () => {
    const elevator = fakeElevator({ outcome: 'applied' });
    const applied = await applySetup(setupChange(PLAN), deps(elevator), (line) => progress.push(english(line)));
    expect(applied.json).toMatchObject({ outcome: 'applied', planId: PLAN.id });
    expect(applied.logins).toHaveLength(1);
    expect(elevator.runs).toBe(1);
    expect(keychain.items.has(hostPort)).toBe(true);
    expect(progress).toEqual([`Signing in to ${hostPort}: the registry checks the password once, then it goes to the keychain`, 'Writing /etc/docker/daemon.json']);
  });

  describe('when the plan does not end applied, puts the sign-in back as it was', () => {
    it('rolled back: erases the new item and removes the config.json there was none of', async () => {
      const elevator = fakeElevator({ outcome: 'rolled-back' });
      const applied = await applySetup(setupChange(PLAN), deps(elevator), (line) => progress.push(english(line)));

      expect(applied.json.outcome).toBe('rolled-back');
      expect(applied.error?.code).toBe('verification-failed');
      expect(applied.logins).toEqual([]);
      expect(keychain.items.size).toBe(0);
      expect(existsSync(configPath())).toBe(false);
      expect(progress.at(-1)).toBe(SIGN_IN_UNDONE);
    });

    it('rolled back: restores the previous item and config.json byte for byte, with its mode', async () => {
      const before = config().write({ auths: { [hostPort]: {} }, credHelpers: { [hostPort]: 'dockside', 'gcr.io': 'gcloud' }, currentContext: 'default' });
      chmodSync(configPath(), 0o600);
      keychain.items.set(hostPort, { serverUrl: hostPort, username: 'old-user', secret: 'old-secret' });

      await applySetup(setupChange(PLAN), deps(fakeElevator({ outcome: 'rolled-back' })), (line) => progress.push(english(line)));

      expect(readFileSync(configPath(), 'utf8')).toBe(before);
      expect(statSync(configPath()).mode & 0o777).toBe(0o600);
      expect([...keychain.items.values()]).toEqual([{ serverUrl: hostPort, username: 'old-user', secret: 'old-secret' }]);
    });

    it('failed: the same', async () => {
      const before = config().write({ auths: {}, currentContext: 'default' });
      const applied = await applySetup(setupChange(PLAN), deps(fakeElevator({ outcome: 'failed' })), (line) => progress.push(english(line)));
      expect(applied.json.outcome).toBe('failed');
      expect(applied.logins).toEqual([]);
      expect(readFileSync(configPath(), 'utf8')).toBe(before);
      expect(keychain.items.size).toBe(0);
    });

    it('elevation cancelled: rethrows the error after the undo', async () => {
      const before = config().write({ credHelpers: { 'gcr.io': 'gcloud' } });
      keychain.items.set(hostPort, { serverUrl: hostPort, username: 'old-user', secret: 'old-secret' });
      const elevator = fakeElevator({ throws: new DocksideError('elevation-cancelled', 'plan.error.elevation-cancelled') });

      const error = await rejectionOf(applySetup(setupChange(PLAN), deps(elevator), (line) => progress.push(english(line))));

      expect(error.code).toBe('elevation-cancelled');
      expect(elevator.runs).toBe(1);
      expect(readFileSync(configPath(), 'utf8')).toBe(before);
      expect([...keychain.items.values()]).toEqual([{ serverUrl: hostPort, username: 'old-user', secret: 'old-secret' }]);
      expect(progress).toContain(SIGN_IN_UNDONE);
    });

    it('through the credsStore helper config.json names: erases what the sign-in stored there', async () => {
      const helpers = tmp.join('helpers');
      writeFileStoreHelper(helpers, 'secretservice');
      const before = config().write({ credsStore: 'secretservice' });

      const applied = await applySetup(setupChange(PLAN), deps(fakeElevator({ outcome: 'rolled-back' }), [bin, helpers]), (line) => progress.push(english(line)));

      expect(applied.logins).toEqual([]);
      expect(readFileSync(configPath(), 'utf8')).toBe(before);
      expect(existsSync(`${helpers}/store/${hostPort.replace(':', '_')}`)).toBe(false);
      // The helper did store it first: the undo erased it.
      expect(readFileSync(`${helpers}/argv.log`, 'utf8').split('\n').filter(Boolean)).toEqual(['get', 'list', 'store', 'erase']);
      expect(keychain.items.size).toBe(0);
    });
  });

  it('refuses a wrong password: nothing stored, config.json untouched, the plan never run', async () => {
    const before = config().write({ auths: {}, currentContext: 'default' });
    const elevator = fakeElevator({ outcome: 'applied' });

    const error = await rejectionOf(applySetup(setupChange(PLAN, 'Wr0ng-Pa55'), deps(elevator), (line) => progress.push(english(line))));

    expect(error.code).toBe('unauthorized');
    expect(english(error)).not.toContain('Wr0ng-Pa55');
    expect(elevator.runs).toBe(0);
    expect(keychain.items.size).toBe(0);
    expect(readFileSync(configPath(), 'utf8')).toBe(before);
    // Asked once, never retried (Nexus locks an account after 3 failures).
    expect(requests.filter((authorization) => authorization !== undefined)).toHaveLength(1);
  });

  it('refuses a wrong password with no config.json and leaves none', async () => {
    const elevator = fakeElevator({ outcome: 'applied' });
    await expect(applySetup(setupChange(null, 'Wr0ng-Pa55'), deps(elevator), () => undefined)).rejects.toMatchObject({ code: 'unauthorized' });
    expect(existsSync(configPath())).toBe(false);
    expect(keychain.items.size).toBe(0);
  });
});

describe('rememberBeforeLogin', () => {
  it('remembers nothing of config.json that was not there, and erases items that were not there', async () => {
    const credentials = credentialDeps(configDir, [bin], keychain);
    const undo = await rememberBeforeLogin(['a.example', 'b.example:5000'], credentials);
    keychain.items.set('a.example', { serverUrl: 'a.example', username: 'u', secret: 's' });
    config().write({ credHelpers: { 'a.example': 'dockside' } });
    await undo.restore();
    expect(keychain.items.size).toBe(0);
    expect(existsSync(configPath())).toBe(false);
  });

  it('puts back the items of several registries and config.json as they were', async () => {
    const before = config().write({ credHelpers: { 'a.example': 'dockside' } });
    keychain.items.set('a.example', { serverUrl: 'a.example', username: 'u', secret: 's' });
    const credentials = credentialDeps(configDir, [bin], keychain);
    const undo = await rememberBeforeLogin(['a.example', 'b.example:5000'], credentials);

    keychain.items.set('a.example', { serverUrl: 'a.example', username: 'u2', secret: 's2' });
    keychain.items.set('b.example:5000', { serverUrl: 'b.example:5000', username: 'v', secret: 't' });
    config().write({ credHelpers: { 'a.example': 'dockside', 'b.example:5000': 'dockside' } });
    await undo.restore();

    expect([...keychain.items.values()]).toEqual([{ serverUrl: 'a.example', username: 'u', secret: 's' }]);
    expect(readFileSync(configPath(), 'utf8')).toBe(before);
  });

  it('refuses, before anything changes, when docker-credential-dockside is not on PATH', async () => {
    const credentials = credentialDeps(configDir, [tmp.join('empty')], keychain, tmp.join('helper-dir'));
    const error = await rejectionOf(rememberBeforeLogin(['a.example'], credentials));
    expect(error.code).toBe('helper-not-on-path');
  });
});
