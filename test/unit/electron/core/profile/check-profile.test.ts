import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileCheckJsonSchema } from '../../../../../shared/profile';
import { english } from '../../../../harness/english';
import { type Machine, resolveMachine } from '../../../../../electron/core/machine';
import { checkProfile } from '../../../../../electron/core/profile/check-profile';
import { type NexusFixture, startNexusFixture } from '../../../../fixtures/nexus/server';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { credentialDeps, memoryKeychain, writeHelper } from '../credentials/fakes';

// checkProfile with no engine, a temp daemon.json and DOCKER_CONFIG, a local plain-HTTP server
// answering /v2/ like a registry behind htpasswd, and the Nexus status endpoint from recorded
// fixtures. The TLS registries and the real mirror probe are proven e2e (test/e2e/profile.test.ts).
const DAEMON_JSON = '{\n  "debug": false\n}\n';

let tmp: TempDir;
let machine: Machine;
let registry: Server;
let registryHost: string;
let nexus: NexusFixture;
const pinged: Array<string | undefined> = [];

beforeAll(async () => {
  tmp = makeTempDir('check-profile');
  writeFileSync(tmp.join('daemon.json'), DAEMON_JSON);
  machine = await resolveMachine(
    { engine: 'none', daemonJson: tmp.join('daemon.json'), certsDir: tmp.join('certs.d'), dockerConfig: tmp.join('docker') },
    { ...process.env, DOCKER_HOST: `unix://${tmp.join('no-docker.sock')}` },
  );
  writeHelper(tmp.join('bin'), 'dockside', 'cat > /dev/null\necho "{}"');
  machine.credentials = credentialDeps(tmp.join('docker'), [tmp.join('bin')], memoryKeychain());
  registry = createServer((req, res) => {
    pinged.push(req.headers.authorization);
    res.writeHead(401, { 'www-authenticate': 'Basic realm="Registry Realm"', 'docker-distribution-api-version': 'registry/2.0', 'content-type': 'application/json' }).end('{"errors":[]}');
  });
  await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', () => resolve()));
  registryHost = `127.0.0.1:${(registry.address() as AddressInfo).port}`;
  nexus = await startNexusFixture();
});
afterAll(async () => {
  await new Promise<void>((resolve) => registry?.close(() => resolve()));
  await nexus?.stop();
  tmp?.remove();
});

describe('checkProfile (Nexus REST mocked by recorded fixtures)', () => {
  it("reports each registry's state, the Nexus's status and what apply would change, and changes nothing", async () => {
    const profile = { version: 1 as const, name: 'Team', nexus: nexus.url, registries: [{ host: registryHost, insecure: true, push: true }], mirrors: [] };
    const report = ProfileCheckJsonSchema.parse(await checkProfile(machine, { source: 'team.json', profile }, { catalogPath: 'resources/mirrors.json', now: () => new Date(), username: 'dev' }));
    expect(report.problems).toEqual([]);
    expect(report.registries).toEqual([
      {
        host: registryHost,
        problem: null,
        state: { host: registryHost, pull: false, push: true, insecure: true, trust: { state: 'plain-http', fingerprint: null, source: null, osStore: 'no' }, signIn: { state: 'sign-in', username: null } },
      },
    ]);
    expect(report.nexus).toEqual({ url: nexus.url, version: '3.70.1-02', available: true, problem: null });
    expect(report.changes).toEqual([
      { kind: 'keychain', registry: registryHost, username: 'dev', store: { helper: 'dockside', source: 'dockside', reason: expect.objectContaining({ code: 'creds.store-reason.no-native' }) } },
      { kind: 'file', path: tmp.join('docker', 'config.json'), role: 'docker-config', action: 'create', elevated: false },
      { kind: 'file', path: tmp.join('daemon.json'), role: 'daemon-json', action: 'modify', elevated: true },
    ]);
    expect(report.diff).toContain(`+    "${registryHost}"`);
    // An anonymous ping only: no credentials went to the registry, and nothing was written.
    expect(pinged).toEqual([undefined]);
    expect(readFileSync(tmp.join('daemon.json'), 'utf8')).toBe(DAEMON_JSON);
    expect(existsSync(tmp.join('docker'))).toBe(false);
  });

  it('reports an unreachable registry and Nexus as problems, per endpoint, without stopping at the first', async () => {
    const profile = { version: 1 as const, name: 'Team', nexus: 'http://127.0.0.1:1', registries: [{ host: '127.0.0.1:1', insecure: true }, { host: registryHost, insecure: true }], mirrors: [] };
    const report = await checkProfile(machine, { source: 'team.json', profile }, { catalogPath: 'resources/mirrors.json', now: () => new Date() });
    expect(report.registries.map((entry) => entry.problem?.code ?? null)).toEqual(['connection-refused', null]);
    expect(report.nexus?.problem?.code).toBe('connection-refused');
    expect(report.problems.map((problem) => [problem.subject, problem.error.code])).toEqual([
      ['127.0.0.1:1', 'connection-refused'],
      ['http://127.0.0.1:1', 'connection-refused'],
    ]);
    expect(english(report.problems[1]!.error)).toMatch(/Check the Nexus address/);
    // With a registry that could not be examined, apply cannot be planned: nothing is listed as if it could.
    expect(report.changes).toEqual([]);
  });
});
