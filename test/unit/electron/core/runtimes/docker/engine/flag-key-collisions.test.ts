import { describe, expect, it } from 'vitest';
import { flagKeyCollisions, flagsOfKey, givenFlags, keyOfFlag } from '../../../../../../../electron/core/runtimes/docker/engine/flag-key-collisions';

describe('flagKeyCollisions', () => {
  const argv = ['/usr/bin/dockerd', '--data-root', '/srv/docker', '--registry-mirror=https://m.example', '-D', '--iptables=false', '-H', 'unix:///run/d.sock', '--log-driver', 'journald'];
  const keys = (keysOf: readonly string[], line: readonly string[]): string[] => flagKeyCollisions(keysOf, line).map(({ key }) => key);

  it('names the daemon.json keys the command line also sets, in the file order, with the flag as written', () => {
    expect(keys(['log-driver', 'registry-mirrors', 'insecure-registries', 'data-root', 'debug', 'iptables', 'hosts', 'features'], argv)).toEqual([
      'log-driver',
      'registry-mirrors',
      'data-root',
      'debug',
      'iptables',
      'hosts',
    ]);
    expect(flagKeyCollisions(['registry-mirrors', 'debug', 'hosts'], argv)).toEqual([
      { key: 'registry-mirrors', flag: '--registry-mirror' },
      { key: 'debug', flag: '-D' },
      { key: 'hosts', flag: '-H' },
    ]);
  });

  it('pairs each list option with its JSON name, and a plain flag with its own name', () => {
    expect(flagKeyCollisions(['insecure-registries'], ['dockerd', '--insecure-registry', 'nexus:8082'])).toEqual([{ key: 'insecure-registries', flag: '--insecure-registry' }]);
    expect(keys(['insecure-registry'], ['dockerd', '--insecure-registry', 'nexus:8082'])).toEqual([]);
    expect(keys(['registry-mirrors'], ['dockerd', '--registry-mirrors-something'])).toEqual([]);
    expect(keys(['labels', 'log-opts', 'storage-opts'], ['dockerd', '--label=a=b', '--log-opt', 'max-size=1m', '--storage-opt', 'x=y'])).toEqual(['labels', 'log-opts', 'storage-opts']);
  });

  it('finds nothing when the flags set other things, and never for runtimes (dockerd merges them)', () => {
    expect(keys(['insecure-registries', 'log-opts', 'storage-driver'], argv)).toEqual([]);
    expect(keys(['runtimes'], ['dockerd', '--add-runtime', 'crun=/usr/bin/crun'])).toEqual([]);
  });

  it('reads grouped shorthands and stops at --', () => {
    expect(keys(['debug', 'log-level'], ['dockerd', '-Dl', 'debug'])).toEqual(['debug', 'log-level']);
    expect(keys(['debug'], ['dockerd', '--', '--debug'])).toEqual([]);
  });

  it('ignores prototype names', () => {
    expect(keys(['constructor', '__proto__', 'toString'], ['dockerd', '--group', 'docker'])).toEqual([]);
    expect(keyOfFlag('constructor')).toBe('constructor');
  });

  it('says which flags set a key, for messages', () => {
    expect(flagsOfKey('registry-mirrors')).toEqual(['--registry-mirror']);
    expect(flagsOfKey('hosts')).toEqual(['--host', '-H']);
    expect(flagsOfKey('debug')).toEqual(['--debug', '-D']);
    expect(flagsOfKey('data-root')).toEqual(['--data-root']);
    expect(givenFlags(['dockerd'])).toEqual([]);
  });
});
