import { describe, expect, it } from 'vitest';
import { allowPublicRegistry, namedHosts, overridablePublicRegistry, type PublicRegistryRequest, weakeningOf } from '../../../renderer/src/change/public-registry';
import type { DashboardChangeRequest } from '../../../renderer/src/store/dashboard';
import type { ErrorValue } from '../../../shared/result';

const refusal: ErrorValue = { code: 'public-registry', key: 'creds.error.public-registry.ca', params: { host: 'ghcr.io' } };

describe('the red confirmation after a public-registry refusal', () => {
  it('is offered for trust-add and mirrors-use the user has not allowed yet, and only for that code', () => {
    const trust: DashboardChangeRequest = { kind: 'trust-add', registry: 'ghcr.io' };
    const mirrors: DashboardChangeRequest = { kind: 'mirrors-use', urls: ['http://docker.io'], insecure: true };
    expect(overridablePublicRegistry(trust, refusal)).toBe(true);
    expect(overridablePublicRegistry(mirrors, refusal)).toBe(true);
    expect(overridablePublicRegistry(trust, { code: 'host-not-found', key: 'common.error.internal', params: { detail: '' } })).toBe(false);
    // Allowed once already: main cannot refuse it again, and the renderer never offers a second override.
    expect(overridablePublicRegistry({ ...trust, allowPublicRegistry: true }, refusal)).toBe(false);
    expect(overridablePublicRegistry({ kind: 'trust-remove', registry: 'ghcr.io' }, refusal)).toBe(false);
    expect(overridablePublicRegistry({ kind: 'mirrors-clear' }, refusal)).toBe(false);
  });

  it('names what would be weakened, as the user typed it: the registry given a CA, or the host of each http:// mirror', () => {
    expect(weakeningOf({ kind: 'trust-add', registry: 'ghcr.io' })).toBe('ca');
    expect(weakeningOf({ kind: 'mirrors-use', urls: ['http://docker.io'] })).toBe('insecure');
    expect(namedHosts({ kind: 'trust-add', registry: ' Registry-1.Docker.IO:443 ' })).toEqual(['Registry-1.Docker.IO:443']);
    expect(namedHosts({ kind: 'mirrors-use', urls: ['https://mirror.example', 'HTTP://registry-1.docker.io:80/', 'http://quay.io', 'http://quay.io/v2/'], insecure: true })).toEqual([
      'registry-1.docker.io',
      'quay.io',
    ]);
  });

  it('plans the same change again with allowPublicRegistry, and nothing else changed', () => {
    const request: PublicRegistryRequest = { kind: 'mirrors-use', urls: ['http://docker.io'], insecure: true };
    expect(allowPublicRegistry(request)).toEqual({ ...request, allowPublicRegistry: true });
    expect(request).not.toHaveProperty('allowPublicRegistry');
    expect(allowPublicRegistry({ kind: 'trust-add', registry: 'ghcr.io', fingerprint: 'sha256:ab' })).toEqual({ kind: 'trust-add', registry: 'ghcr.io', fingerprint: 'sha256:ab', allowPublicRegistry: true });
  });
});
