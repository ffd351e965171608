import { describe, expect, it } from 'vitest';
import { parseDoctorTarget, registryOfImage } from '../../../../../electron/core/doctor/examine';
import { thrownBy } from '../../../dockside-error';

describe('what the doctor examines', () => {
  it('splits host[:port]/repository and validates both', () => {
    expect(parseDoctorTarget('nexus.example:8443', '/etc/docker/certs.d')).toEqual({ registry: 'nexus.example:8443', repository: null });
    expect(parseDoctorTarget('nexus.example:8443/team/app', '/etc/docker/certs.d')).toEqual({ registry: 'nexus.example:8443', repository: 'team/app' });
    expect(thrownBy(() => parseDoctorTarget('nexus.example:8443/Team/App', '/etc/docker/certs.d')).code).toBe('usage');
    expect(thrownBy(() => parseDoctorTarget('https://nexus.example', '/etc/docker/certs.d')).code).not.toBe('');
  });

  it('finds the registry an image names, none for a Docker Hub name', () => {
    expect(registryOfImage('nexus.example:8443/team/app:1')).toEqual({ host: 'nexus.example:8443', repository: 'team/app' });
    expect(registryOfImage('localhost/app@sha256:abc')).toEqual({ host: 'localhost', repository: 'app' });
    expect(registryOfImage('team/app:1')).toBeNull();
    expect(registryOfImage('app:1')).toBeNull();
  });
});
