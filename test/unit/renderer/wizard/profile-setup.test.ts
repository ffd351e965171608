import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../../../shared/mirrors';
import type { ProfileRegistryState } from '../../../../shared/profile';
import { keptChoice, missingSignIns, preselectedMirrors, profileSignIns, toggledChoice } from '../../../../renderer/src/wizard/profile-setup';

const state = (host: string, signIn: ProfileRegistryState['signIn']['state'], username: string | null = null, insecure = false): ProfileRegistryState => ({
  host,
  pull: true,
  push: false,
  insecure,
  trust: { state: insecure ? 'plain-http' : 'install', fingerprint: null, source: insecure ? null : { kind: 'server' }, osStore: 'no' },
  signIn: { state: signIn, username },
});

const result = (url: string, usable: boolean): ProbeResult => ({ url, usable }) as ProbeResult;

describe('a profile’s sign-ins', () => {
  const survey = [state('a.test', 'sign-in'), state('b.test', 'sign-in'), state('http.test', 'sign-in', null, true), state('anon.test', 'anonymous'), state('kept.test', 'signed-in', 'old')];
  const shared = { username: 'dev', password: 'pw' };

  it('gives every registry that asks the shared account, a registry with its own account that one, and the anonymous one none', () => {
    expect(profileSignIns(survey, shared, { 'b.test': { username: 'ops', password: 'pw2' } })).toEqual([
      { registry: 'a.test', username: 'dev', password: 'pw' },
      { registry: 'b.test', username: 'ops', password: 'pw2' },
      { registry: 'http.test', username: 'dev', password: 'pw' },
      { registry: 'kept.test', username: 'dev', password: 'pw' },
    ]);
  });

  it('without the shared account, names each registry that holds nothing and has no account of its own; a stored one keeps its sign-in', () => {
    const empty = { username: '', password: '' };
    expect(missingSignIns(survey, empty, { 'b.test': { username: 'ops', password: 'pw2' } })).toEqual(['a.test', 'http.test']);
    expect(profileSignIns(survey, empty, {})).toEqual([]);
    // An account of its own half filled in is no account.
    expect(missingSignIns(survey, shared, { 'b.test': { username: 'ops', password: '' } })).toEqual(['b.test']);
    expect(missingSignIns([state('kept.test', 'signed-in', 'old')], empty, {})).toEqual([]);
  });
});

describe('a profile’s mirrors', () => {
  const results = { 'http://m1/': result('http://m1/', true), 'http://m2/': result('http://m2/', false), 'http://m3/': result('http://m3/', true) };

  it('preselects only the usable ones, in the profile’s order', () => {
    expect(preselectedMirrors(['http://m3', 'http://m2', 'http://m1'], results)).toEqual(['http://m3/', 'http://m1/']);
  });

  it('a probe again keeps the user’s order and drops a mirror now found unusable', () => {
    expect(keptChoice(['http://m3/', 'http://m2/', 'http://m1/'], results)).toEqual(['http://m3/', 'http://m1/']);
    // One not probed yet stays.
    expect(keptChoice(['http://m4/', 'http://m1/'], results)).toEqual(['http://m4/', 'http://m1/']);
  });

  it('unchecking and checking a mirror again puts it back in its place in the table', () => {
    const order = ['http://m1/', 'http://m2/', 'http://m3/'];
    const unchecked = toggledChoice(['http://m1/', 'http://m3/'], order, 'http://m1/', false);
    expect(unchecked).toEqual(['http://m3/']);
    expect(toggledChoice(unchecked, order, 'http://m1/', true)).toEqual(['http://m1/', 'http://m3/']);
  });
});
