import { describe, expect, it } from 'vitest';
import { REGISTRY_DETECTORS } from '../../../../../../electron/core/doctor/findings/registry-findings';
import { evidenceWith } from '../evidence-builder';

describe('REGISTRY_DETECTORS', () => {
  it('lists each registry detector once', () => {
    const ids = REGISTRY_DETECTORS.map((detector) => detector.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(
      [
        'anonymous-pull-refused',
        'ca-unknown',
        'certificate-expiring',
        'certificate-name',
        'http-not-insecure',
        'push-cancel-refused',
        'push-to-group',
        'push-to-proxy',
        'realm-scheme-mismatch',
        'split-pull-lacks-hosted',
        'too-many-attempts',
        'v2-open-repository-protected',
      ].sort(),
    );
  });

  it('finds nothing on the healthy registry and machine, nor without a registry', () => {
    for (const detector of REGISTRY_DETECTORS) {
      expect(detector.detect(evidenceWith({ registry: {} })), detector.id).toBeNull();
      expect(detector.detect(evidenceWith()), detector.id).toBeNull();
    }
  });
});
