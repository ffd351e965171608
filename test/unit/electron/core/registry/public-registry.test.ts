import { describe, expect, it } from 'vitest';
import { isPublicRegistry, publicRegistryRefusal } from '../../../../../electron/core/registry/public-registry';
import { english } from '../../../../harness/english';

describe('isPublicRegistry', () => {
  it.each([
    'docker.io',
    'index.docker.io',
    'registry-1.docker.io',
    'ghcr.io',
    'quay.io',
    'gcr.io',
    'eu.gcr.io',
    'k8s.gcr.io',
    'europe-west1-docker.pkg.dev',
    'public.ecr.aws',
    'mcr.microsoft.com',
    'registry.k8s.io',
    'nvcr.io',
  ])('%s is public', (host) => {
    expect(isPublicRegistry(host)).toBe(true);
  });

  it.each(['Docker.IO', 'ghcr.io:443', 'quay.io.', 'QUAY.IO.:5000', 'registry-1.docker.io:', 'http://docker.io', 'https://ghcr.io/', 'docker.io/library'])(
    '%s is public too (case, port, trailing dot, scheme or path do not matter)',
    (name) => {
      expect(isPublicRegistry(name)).toBe(true);
    },
  );

  it.each([
    'nexus.example.com:8082',
    'localhost:5000',
    '10.0.0.5:5000',
    '10.0.0.0/8',
    '[fd00::5]:5000',
    'notdocker.io',
    'docker.io.example.com',
    'ghcr.io.evil.example',
    'pkg.dev',
    '.gcr.io',
    'mygcr.io',
    'ecr.aws',
    'my.public.ecr.aws',
    '',
  ])('%j is not public', (name) => {
    expect(isPublicRegistry(name)).toBe(false);
  });
});

describe('publicRegistryRefusal', () => {
  it('explains the insecure case, and the override a profile cannot set', () => {
    const error = publicRegistryRefusal('docker.io', 'insecure');
    expect(error.code).toBe('public-registry');
    expect(english(error)).toMatch(/^docker\.io is a public registry\. Marking it insecure would let Docker reach it over plain HTTP/);
    expect(english(error)).toContain('anyone between you and the internet');
    expect(english(error)).toContain('Nothing was changed.');
    expect(english(error)).toContain('--allow-public-registry (a profile cannot set it)');
  });

  it('explains the CA case', () => {
    const error = publicRegistryRefusal('ghcr.io', 'ca');
    expect(error.code).toBe('public-registry');
    expect(english(error)).toContain("ghcr.io is a public registry. Installing a CA for it would let whoever holds that CA's key");
    expect(english(error)).toContain('impersonate it');
    expect(english(error)).toContain('--allow-public-registry');
  });
});
