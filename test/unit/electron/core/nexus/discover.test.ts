import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NexusDiscoveryJsonSchema, type NexusDiscoveryJson, type NexusRepository } from '../../../../../shared/nexus';
import { discoverNexus, mirrorWarning, PORTS_UNKNOWN } from '../../../../../electron/core/nexus/discover';
import { DocksideError } from '../../../../../electron/core/errors';
import { chinese, english } from '../../../../harness/english';
import { freePort } from '../../../../harness/ports';
import { type NexusFixture, startNexusFixture } from '../../../../fixtures/nexus/server';

/**
 * discoverNexus against recorded fixtures of Nexus's documented REST responses, served by a
 * local HTTP server (test/fixtures/nexus): the Nexus side is a fixture, not a running Nexus.
 */

const TIMEOUT_MS = 2000;

function repository(result: NexusDiscoveryJson, name: string): NexusRepository {
  const found = result.repositories.find((entry) => entry.name === name);
  if (!found) throw new Error(`${name} is not in the result`);
  return found;
}

/** The rejection, checked to be a DocksideError that quotes none of the secrets. */
async function failure(attempt: Promise<unknown>, secrets: string[] = []): Promise<DocksideError> {
  const error: unknown = await attempt.then(
    () => new Error('discoverNexus succeeded'),
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(DocksideError);
  // What a user reads, in both languages, and the params a log or --json carries.
  const said = [english(error as DocksideError), chinese(error as DocksideError), JSON.stringify((error as DocksideError).params)];
  for (const secret of secrets) for (const text of said) expect(text).not.toContain(secret);
  return error as DocksideError;
}

function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

describe('discoverNexus against a fixture Nexus (recorded REST responses), signed in as an admin', () => {
  let nexus: NexusFixture;
  let result: NexusDiscoveryJson;

  beforeAll(async () => {
    nexus = await startNexusFixture();
    result = await discoverNexus({ nexusUrl: nexus.url, credentials: { username: nexus.adminUser, password: nexus.adminPassword }, timeoutMs: TIMEOUT_MS });
  });

  afterAll(async () => {
    await nexus?.stop();
  });

  it('answers the --json contract, with the version from the Server header and the settings read', () => {
    expect(NexusDiscoveryJsonSchema.parse(result)).toEqual(result);
    expect(result.nexusUrl).toBe(nexus.url);
    expect(result.version).toBe('3.70.1-02');
    expect(result.settingsReadable).toBe(true);
    expect(result.notes).toEqual([]);
  });

  it('keeps only the docker repositories, in the order Nexus lists them (the maven proxy is left out)', () => {
    expect(result.repositories.map((entry) => entry.name)).toEqual(['docker-proxy', 'docker-hosted', 'docker-group-noproxy', 'docker-group']);
  });

  it('recommends the group that contains the Docker Hub proxy as mirror and for pulls, and the hosted repository for pushes', () => {
    expect(result.recommended).toEqual({ mirror: 'docker-group', pull: 'docker-group', push: 'docker-hosted' });
  });

  it('gives each repository its connector endpoints on the Nexus host, and finds each a registry at /repository/<name>/v2/', () => {
    expect(repository(result, 'docker-proxy').endpoints).toEqual(['http://127.0.0.1:8001/']);
    expect(repository(result, 'docker-hosted').endpoints).toEqual(['http://127.0.0.1:8002/']);
    expect(repository(result, 'docker-group').endpoints).toEqual(['http://127.0.0.1:8003/']);
    expect(repository(result, 'docker-group-noproxy').endpoints).toEqual(['https://127.0.0.1:8444/']);
    expect(repository(result, 'docker-group-noproxy')).toMatchObject({ httpPort: null, httpsPort: 8444, pathEnabled: null });
    expect(result.repositories.map((entry) => entry.reachable)).toEqual([true, true, true, true]);
  });

  it('makes the Docker Hub proxy a mirror and the group with it a mirror, with its members', () => {
    expect(repository(result, 'docker-proxy')).toMatchObject({ type: 'proxy', remoteUrl: 'https://registry-1.docker.io', roles: ['mirror', 'pull'] });
    expect(repository(result, 'docker-group')).toMatchObject({ type: 'group', members: ['docker-hosted', 'docker-proxy'], roles: ['mirror', 'pull'] });
  });

  it('never makes the hosted repository a mirror, and says why: Docker would silently fall back to Docker Hub', () => {
    const hosted = repository(result, 'docker-hosted');
    expect(hosted.roles).toEqual(['pull', 'push']);
    const warning = mirrorWarning(hosted);
    expect(warning).not.toBeNull();
    expect(english(warning!)).toMatch(/hosted repository, not a Docker Hub mirror/);
    expect(english(warning!)).toMatch(/silently fall back to registry-1\.docker\.io/);
    expect(chinese(warning!)).toMatch(/不是 Docker Hub 镜像加速器/);
    expect(hosted.notes).toContainEqual(warning);
  });

  it('does not make the group without a proxy a mirror, and says why', () => {
    const group = repository(result, 'docker-group-noproxy');
    expect(group.members).toEqual(['docker-hosted']);
    expect(group.roles).toEqual(['pull']);
    expect(group.notes.some((note) => /none of its members .* is a proxy of Docker Hub/.test(english(note)))).toBe(true);
  });

  it('warns that the mirrors ask for credentials (the fixture forces Basic), and that groups take no pushes', () => {
    for (const name of ['docker-proxy', 'docker-group']) {
      expect(repository(result, name).notes.some((note) => english(note).includes('"Allow anonymous docker pull" is off'))).toBe(true);
    }
    expect(repository(result, 'docker-hosted').notes.some((note) => english(note).includes('anonymous'))).toBe(false);
    expect(repository(result, 'docker-group').notes.some((note) => english(note).includes('Deploying to groups is a PRO-licensed feature') && chinese(note).includes('Deploying to groups is a PRO-licensed feature'))).toBe(true);
  });

  it('has no mirror warning for a mirror', () => {
    expect(mirrorWarning(repository(result, 'docker-proxy'))).toBeNull();
    expect(mirrorWarning(repository(result, 'docker-group'))).toBeNull();
  });

  it('puts neither the password nor the Basic credentials into the result', () => {
    const text = JSON.stringify(result);
    expect(text).not.toContain(nexus.adminPassword);
    expect(text).not.toContain(Buffer.from(`${nexus.adminUser}:${nexus.adminPassword}`).toString('base64'));
  });
});

describe('discoverNexus against a fixture Nexus (recorded REST responses), anonymous: repositorySettings answers 403', () => {
  let nexus: NexusFixture;
  let result: NexusDiscoveryJson;

  beforeAll(async () => {
    nexus = await startNexusFixture();
    result = await discoverNexus({ nexusUrl: `${nexus.url}/`, timeoutMs: TIMEOUT_MS });
  });

  afterAll(async () => {
    await nexus?.stop();
  });

  it('says plainly that ports and members are unknown, and lists no endpoints rather than guessing', () => {
    expect(NexusDiscoveryJsonSchema.parse(result)).toEqual(result);
    expect(result.settingsReadable).toBe(false);
    expect(result.notes).toEqual([PORTS_UNKNOWN]);
    expect(english(PORTS_UNKNOWN)).toMatch(/ports and group members are unknown.*profile or ask your Nexus administrator/);
    for (const entry of result.repositories) {
      expect(entry).toMatchObject({ endpoints: [], httpPort: null, httpsPort: null, pathEnabled: null, members: null, reachable: true });
    }
  });

  it('still knows the proxy caches Docker Hub (the repository list carries its remote), but a group only pulls', () => {
    expect(repository(result, 'docker-proxy').roles).toEqual(['mirror', 'pull']);
    const group = repository(result, 'docker-group');
    expect(group.roles).toEqual(['pull']);
    expect(group.notes.some((note) => /may also serve as a Docker Hub mirror if it contains a proxy of Docker Hub/.test(english(note)))).toBe(true);
    expect(result.recommended).toEqual({ mirror: 'docker-proxy', pull: 'docker-hosted', push: 'docker-hosted' });
  });
});

describe('discoverNexus errors, against a fixture Nexus (recorded REST responses) and bare local servers', () => {
  let nexus: NexusFixture;

  beforeAll(async () => {
    nexus = await startNexusFixture();
  });

  afterAll(async () => {
    await nexus?.stop();
  });

  it('rejects wrong credentials as unauthorized, without quoting the password', async () => {
    const password = 'Wr0ng-Secret:word';
    const error = await failure(discoverNexus({ nexusUrl: nexus.url, credentials: { username: nexus.adminUser, password }, timeoutMs: TIMEOUT_MS }), [
      password,
      nexus.adminPassword,
      Buffer.from(`${nexus.adminUser}:${password}`).toString('base64'),
    ]);
    expect(error.code).toBe('unauthorized');
    expect(english(error)).toContain(`"${nexus.adminUser}"`);
    expect(english(error)).toMatch(/did not retry/);
    expect(chinese(error)).toMatch(/没有重试/);
  });

  it('reports a Nexus that nothing listens for as unreachable', async () => {
    const port = await freePort();
    const error = await failure(discoverNexus({ nexusUrl: `http://127.0.0.1:${port}`, timeoutMs: TIMEOUT_MS }));
    expect(error.code).toBe('connection-refused');
    expect(english(error)).toMatch(/Nexus address/);
  });

  it('reports a server that accepts but never answers as a timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => sockets.push(socket));
    const url = await listen(silent);
    try {
      const error = await failure(discoverNexus({ nexusUrl: url, timeoutMs: 300 }));
      expect(error.code).toBe('timeout');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('recognizes a docker repository address given as the Nexus address ("Not a Docker request") as not Nexus', async () => {
    const error = await failure(discoverNexus({ nexusUrl: `${nexus.url}/repository/docker-group/`, timeoutMs: TIMEOUT_MS }));
    expect(error.code).toBe('not-nexus');
    expect(english(error)).toMatch(/serves one docker repository/);
  });

  it('recognizes a web server that answers every path with a page as not Nexus', async () => {
    const web = createHttpServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Welcome</body></html>'));
    const url = await listen(web);
    try {
      const error = await failure(discoverNexus({ nexusUrl: url, timeoutMs: TIMEOUT_MS }));
      expect(error.code).toBe('not-nexus');
      expect(english(error)).toMatch(/not JSON \(text\/html\)/);
    } finally {
      web.closeAllConnections();
      await new Promise<void>((resolve) => web.close(() => resolve()));
    }
  });

  it('refuses a password inside the Nexus address without repeating it', async () => {
    const error = await failure(discoverNexus({ nexusUrl: `http://${nexus.adminUser}:${nexus.adminPassword}@127.0.0.1:1/`, timeoutMs: TIMEOUT_MS }), [nexus.adminPassword]);
    expect(error.code).toBe('usage');
  });
});
