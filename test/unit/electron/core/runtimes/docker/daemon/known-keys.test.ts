import { describe, expect, it } from 'vitest';
import { checkedKeys, isKnownDaemonKey, unknownDaemonKeys } from '../../../../../../../electron/core/runtimes/docker/daemon/known-keys';

describe('unknownDaemonKeys', () => {
  it("refuses a tutorial's invented key, naming the members dockerd checks in its place", () => {
    expect(unknownDaemonKeys({ 'registry-mirrors': [], 'registry-auth': { username: 'dev', password: 'x' } })).toEqual([
      { key: 'username', parent: 'registry-auth' },
      { key: 'password', parent: 'registry-auth' },
    ]);
    expect(unknownDaemonKeys({ 'registry-auth': 'dev:secret' })).toEqual([{ key: 'registry-auth' }]);
  });

  it('accepts the keys of a real daemon.json (the docs example, Dockside own keys, the harness keys)', () => {
    const file = {
      'registry-mirrors': ['https://m.example/'],
      'insecure-registries': ['nexus:8082'],
      'data-root': '/srv/docker',
      'deprecated-key-path': '/x/key.json',
      'log-driver': 'json-file',
      'log-opts': { 'max-size': '10m', 'max-file': '3' },
      features: { buildkit: true },
      builder: { gc: { enabled: true } },
      runtimes: { crun: { path: '/usr/bin/crun' } },
      'default-ulimits': { nofile: { Name: 'nofile', Hard: 64000, Soft: 64000 } },
      proxies: { 'http-proxy': 'http://proxy:3128', 'no-proxy': 'localhost' },
      'default-address-pools': [{ base: '172.30.0.0/16', size: 24 }],
      hosts: ['unix:///var/run/docker.sock'],
      'live-restore': true,
      'log-level': 'info',
      debug: false,
      group: 'docker',
      'storage-driver': 'overlay2',
    };
    expect(unknownDaemonKeys(file)).toEqual([]);
  });

  it('reads flat options as one value and other objects by their members, as dockerd does', () => {
    expect(checkedKeys({ 'log-opts': { 'max-size': '1m' }, proxies: { 'http-proxy': 'p' }, mtu: 1500 })).toEqual([
      { key: 'log-opts' },
      { key: 'http-proxy', parent: 'proxies' },
      { key: 'mtu' },
    ]);
    // An object of known members passes dockerd's check (and Dockside's): only its members count.
    expect(unknownDaemonKeys({ 'registry-auth': {} })).toEqual([]);
  });

  it('knows no prototype name', () => {
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) expect(isKnownDaemonKey(key), key).toBe(false);
  });
});
