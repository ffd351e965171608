import { describe, expect, it } from 'vitest';
import { resolveEngineSide } from '../../../../../../../electron/core/runtimes/docker/engine/resolve-engine';

// A DOCKER_HOST naming a unix socket is asked over the Engine API (no docker process per
// question); any other host, or none (a docker context may apply), goes through the docker CLI.
describe('resolveEngineSide: how the caller asks its engine', () => {
  it('asks a unix-socket DOCKER_HOST over its socket', async () => {
    const side = await resolveEngineSide({ engine: 'none' }, { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' });
    expect(side.target).toMatchObject({ dockerHost: 'unix:///run/user/1000/docker.sock', socketApi: true });
    expect(side.chosen.dockerHost).toBe('unix:///run/user/1000/docker.sock');
  });

  it('leaves a tcp or ssh DOCKER_HOST to the docker CLI', async () => {
    for (const host of ['tcp://127.0.0.1:2375', 'ssh://me@build-box']) {
      const side = await resolveEngineSide({ engine: 'none' }, { DOCKER_HOST: host });
      expect(side.target).toMatchObject({ dockerHost: host, socketApi: false });
    }
  });
});
