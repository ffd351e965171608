import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProfile } from '../../../electron/core/profile/load-profile';

// The example the README documents: the seeds' layout of DESIGN §1 as one profile.
const PATH = 'resources/profiles/example-nexus.json';

describe(PATH, () => {
  const { profile } = parseProfile(readFileSync(PATH, 'utf8'), PATH);

  it('pins the CA of the nginx TLS host that takes both pulls (to the group) and pushes (to hosted)', () => {
    const front = profile.registries.find((registry) => registry.push === true);
    expect(front).toMatchObject({ host: 'docker.example.com', pull: true, caFingerprint: expect.stringMatching(/^sha256:([0-9A-F]{2}:){31}[0-9A-F]{2}$/) });
    expect(front?.insecure).toBeUndefined();
  });

  it("uses the group's plain-HTTP connector as the mirror, and names it as an insecure registry for images named with its host", () => {
    expect(profile.mirrors).toEqual(['http://nexus.example.com:8003']);
    expect(profile.registries).toContainEqual({ host: 'nexus.example.com:8003', pull: true, insecure: true });
  });

  it('names the Nexus, so profile check probes its status too', () => {
    expect(profile.nexus).toBe('https://nexus.example.com');
  });
});
