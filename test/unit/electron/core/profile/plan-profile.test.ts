import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LoadedProfile, ProfileRegistry } from '../../../../../shared/profile';
import type { StoredCredential } from '../../../../../electron/core/credentials/keychain';
import { type Machine, resolveMachine } from '../../../../../electron/core/machine';
import { type CredentialsFor, planProfileChange } from '../../../../../electron/core/profile/plan-profile';
import type { RegistrySurvey } from '../../../../../electron/core/profile/survey-profile';
import { english } from '../../../../harness/english';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { credentialDeps, memoryKeychain, writeHelper } from '../credentials/fakes';

// planProfileChange on surveys made by hand (plain-HTTP registries: nothing to connect to), a
// temp daemon.json and DOCKER_CONFIG, no engine. The surveys' own probing is proven e2e.
const DAEMON_JSON = '{\n  "debug": false\n}\n';

let tmp: TempDir;
let machine: Machine;
beforeEach(async () => {
  tmp = makeTempDir('plan-profile');
  writeFileSync(tmp.join('daemon.json'), DAEMON_JSON);
  const env = { ...process.env, DOCKER_HOST: `unix://${tmp.join('no-docker.sock')}` };
  machine = await resolveMachine({ engine: 'none', daemonJson: tmp.join('daemon.json'), certsDir: tmp.join('certs.d'), dockerConfig: tmp.join('docker') }, env);
  writeHelper(tmp.join('bin'), 'dockside', 'cat > /dev/null\necho "{}"');
  machine.credentials = credentialDeps(tmp.join('docker'), [tmp.join('bin')], memoryKeychain());
});
afterEach(() => tmp.remove());

function loaded(registries: ProfileRegistry[], mirrors: string[] = []): LoadedProfile {
  return { source: 'team.json', profile: { version: 1, name: 'Team', registries, mirrors } };
}

/** A plain-HTTP registry as the survey would find it: asking for credentials (or not), with these stored. */
function survey(host: string, options: { anonymous?: boolean; stored?: StoredCredential | null } = {}): RegistrySurvey {
  const stored = options.stored ?? null;
  return {
    state: {
      host,
      pull: true,
      push: false,
      insecure: true,
      trust: { state: 'plain-http', fingerprint: null, source: null, osStore: 'no' },
      signIn: options.anonymous ? { state: 'anonymous', username: null } : stored ? { state: 'signed-in', username: stored.username } : { state: 'sign-in', username: null },
    },
    ca: null,
    trust: null,
    stored,
  };
}

const plan = (profile: LoadedProfile, surveys: RegistrySurvey[], credentialsFor: CredentialsFor) =>
  planProfileChange(machine, profile, surveys, { id: 'profile-0001', now: () => new Date('2025-01-01T00:00:00Z'), credentialsFor });

describe('planProfileChange', () => {
  it('plans the mirrors and the insecure registries as one daemon.json change, and a sign-in per registry that asks', async () => {
    const profile = loaded([{ host: 'nexus.example:8083', insecure: true }, { host: 'nexus.example:8082', insecure: true }], ['http://nexus.example:8083']);
    const asked: string[] = [];
    const change = await plan(profile, [survey('nexus.example:8083'), survey('nexus.example:8082')], async ({ state }) => {
      asked.push(state.host);
      return { username: 'dev', password: 'pw' };
    });
    expect(asked).toEqual(['nexus.example:8083', 'nexus.example:8082']);
    expect(change.logins.map((login) => [login.paths.name.dirName, login.username, login.plainHttp])).toEqual([
      ['nexus.example:8083', 'dev', true],
      ['nexus.example:8082', 'dev', true],
    ]);
    expect(change.registries.map((state) => state.signIn)).toEqual([
      { state: 'sign-in', username: 'dev' },
      { state: 'sign-in', username: 'dev' },
    ]);
    expect(change.plan?.steps.map((step) => step.type)).toEqual(['write-file']);
    // The mirror is in registry-mirrors; the insecure registries are the profile's own (the mirror's host is one of them here).
    expect(change.diff).toContain('"http://nexus.example:8083/"');
    expect(change.diff).toMatch(/"insecure-registries": \[\n\+\s+"nexus\.example:8083",\n\+\s+"nexus\.example:8082"\n/);
    expect(change.items.map((item) => item.kind)).toEqual(['keychain', 'keychain', 'file', 'file']);
    expect(readFileSync(tmp.join('daemon.json'), 'utf8')).toBe(DAEMON_JSON);
  });

  it('does not sign in again with the credentials already stored, so a second apply changes nothing', async () => {
    const stored = { serverUrl: 'nexus.example:8082', username: 'dev', secret: 'pw' };
    writeFileSync(tmp.join('daemon.json'), '{\n  "insecure-registries": [\n    "nexus.example:8082"\n  ]\n}\n');
    const change = await plan(loaded([{ host: 'nexus.example:8082', insecure: true }]), [survey('nexus.example:8082', { stored })], async () => ({ username: 'dev', password: 'pw' }));
    expect(change.plan).toBeNull();
    expect(change.logins).toEqual([]);
    expect(change.items).toEqual([]);
    expect(change.registries[0]?.signIn).toEqual({ state: 'signed-in', username: 'dev' });
  });

  it('signs in again when the password given differs from the stored one (a changed password), or the user does', async () => {
    const stored = { serverUrl: 'nexus.example:8082', username: 'dev', secret: 'old' };
    const newPassword = await plan(loaded([{ host: 'nexus.example:8082', insecure: true }]), [survey('nexus.example:8082', { stored })], async () => ({ username: 'dev', password: 'new' }));
    expect(newPassword.logins.map((login) => login.password)).toEqual(['new']);
    const otherUser = await plan(loaded([{ host: 'nexus.example:8082', insecure: true }]), [survey('nexus.example:8082', { stored })], async () => ({ username: 'ops', password: 'old' }));
    expect(otherUser.registries[0]?.signIn).toEqual({ state: 'sign-in', username: 'ops' });
  });

  it('keeps stored credentials when none are given, and refuses when nothing is stored either', async () => {
    const stored = { serverUrl: 'nexus.example:8082', username: 'dev', secret: 'pw' };
    const kept = await plan(loaded([{ host: 'nexus.example:8082', insecure: true }]), [survey('nexus.example:8082', { stored })], async () => null);
    expect(kept.logins).toEqual([]);
    await expect(plan(loaded([{ host: 'nexus.example:8082', insecure: true }]), [survey('nexus.example:8082')], async () => null)).rejects.toMatchObject({
      code: 'password-needed',
      params: { host: 'nexus.example:8082' },
    });
  });

  it('asks for no credentials for a registry that answers anonymously', async () => {
    const change = await plan(loaded([{ host: 'nexus.example:8082', insecure: true }]), [survey('nexus.example:8082', { anonymous: true })], async () => {
      throw new Error('asked for credentials');
    });
    expect(change.logins).toEqual([]);
    expect(change.registries[0]?.signIn.state).toBe('anonymous');
  });

  it('says so when a caPem with no caFingerprint is the pin (the profile vouches for the CA), and not when a caFingerprint pins it', async () => {
    const fingerprint = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';
    const caPem = { text: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n', label: 'registries[0].caPem' };
    const withCa = (profileIsPin: boolean): RegistrySurvey => ({ ...survey('docker.acme.example', { anonymous: true }), ca: { fingerprint, profileIsPin, source: { kind: 'pem', field: 'registries[0].caPem' }, caPem } });
    const profile = loaded([{ host: 'docker.acme.example', caPem: caPem.text }]);
    const change = await plan(profile, [withCa(true)], async () => null);
    const notices = change.warnings.filter((warning) => warning.code === 'profile.warning.ca-pem-is-pin');
    expect(notices).toHaveLength(1);
    const text = english(notices[0]!);
    for (const part of ['registries[0].caPem', 'docker.acme.example', fingerprint, 'team.json']) expect(text).toContain(part);
    expect((await plan(profile, [withCa(false)], async () => null)).warnings.map((warning) => warning.code)).not.toContain('profile.warning.ca-pem-is-pin');
  });
});
