import { describe, expect, it } from 'vitest';
import { tokenRealmFor } from '../../../../../electron/core/registry/token-realm';
import { thrownBy } from '../../../dockside-error';
import { english } from '../../../../harness/english';

const HTTPS_REGISTRY = new URL('https://nexus.example:8443/v2/');
const HTTP_REGISTRY = new URL('http://nexus.example:8082/v2/');

describe('tokenRealmFor', () => {
  it('accepts an https realm, on the registry host or another one', () => {
    expect(tokenRealmFor('https://nexus.example:8443/v2/token', HTTPS_REGISTRY, 'nexus.example:8443').href).toBe('https://nexus.example:8443/v2/token');
    expect(tokenRealmFor('https://auth.example/token', HTTPS_REGISTRY, 'nexus.example:8443').host).toBe('auth.example');
    expect(tokenRealmFor('https://auth.example/token', HTTP_REGISTRY, 'nexus.example:8082').host).toBe('auth.example');
  });

  it('refuses an http realm for an https registry (seed 002: nginx without X-Forwarded-Proto https), naming the realm and the nginx fix', () => {
    const error = thrownBy(() => tokenRealmFor('http://nexus.example:8443/v2/token', HTTPS_REGISTRY, 'nexus.example:8443'));
    expect(error.code).toBe('token-realm-not-https');
    expect(english(error)).toContain('http://nexus.example:8443/v2/token');
    expect(english(error)).toContain('in clear');
    expect(english(error)).toContain('stopped before sending it anywhere');
    expect(english(error)).toContain('proxy_set_header X-Forwarded-Proto https;');
    expect(english(error)).toContain("Nexus's Base URL");
    expect(english(error)).toContain('dockside doctor nexus.example:8443');
  });

  it('refuses an http realm on another host for an https registry the same way, with the fix for that token service', () => {
    const error = thrownBy(() => tokenRealmFor('HTTP://auth.example:8080/token?x=1', HTTPS_REGISTRY, 'nexus.example:8443'));
    expect(error.code).toBe('token-realm-not-https');
    expect(english(error)).toContain('http://auth.example:8080/token');
    expect(english(error)).not.toContain('x=1');
    expect(english(error)).toContain('token service on auth.example:8080');
  });

  it('keeps a plain-HTTP registry working with an http realm on its own host, and refuses one on another host', () => {
    expect(tokenRealmFor('http://nexus.example:8082/v2/token', HTTP_REGISTRY, 'nexus.example:8082').href).toBe('http://nexus.example:8082/v2/token');
    expect(thrownBy(() => tokenRealmFor('http://auth.example/token', HTTP_REGISTRY, 'nexus.example:8082')).code).toBe('bad-realm');
  });

  it('refuses a missing realm, one that is not a URL, and one that is not http(s)', () => {
    for (const realm of [undefined, '', 'not a url', 'ftp://nexus.example/token']) {
      expect(thrownBy(() => tokenRealmFor(realm, HTTPS_REGISTRY, 'nexus.example:8443')).code, String(realm)).toBe('bad-realm');
    }
  });
});
