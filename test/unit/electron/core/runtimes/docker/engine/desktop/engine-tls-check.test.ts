import { describe, expect, it } from 'vitest';
import { checkEngineTrustsRegistry } from '../../../../../../../../electron/core/runtimes/docker/engine/desktop/engine-tls-check';
import { english } from '../../../../../../../harness/english';
import { answer, recordedEngine, scripted } from './answers';

const REGISTRY = 'nexus.example:8443';
const PULL = `docker pull --quiet ${REGISTRY}/dockside-tls-check@sha256:${'0'.repeat(64)}`;

async function check(name: string) {
  const { exec, lines } = scripted([() => answer(recordedEngine, name, { '<registry>': REGISTRY })]);
  const result = await checkEngineTrustsRegistry({ exec }, REGISTRY);
  expect(lines).toEqual([PULL]);
  return result;
}

describe('the engine TLS check (recorded: docker 28.2.2 and a real dockerd, record-engine-tls.ts)', () => {
  it('untrusted: "x509: certificate signed by unknown authority"', async () => {
    const result = await check('untrusted: the engine does not know the CA');
    expect(result.state).toBe('untrusted');
    expect(english(result.message)).toBe(
      `The Docker engine still does not trust ${REGISTRY}'s certificate: "Error response from daemon: Get "https://${REGISTRY}/v2/": x509: certificate signed by unknown authority". If Docker Desktop has not restarted since the CA was installed, restart it and check again.`,
    );
  });

  it('trusted: the registry answered (manifest unknown) over a validated TLS connection', async () => {
    const result = await check('trusted: the CA is in certs.d, the registry has no such manifest');
    expect(result.state).toBe('trusted');
    expect(english(result.message)).toBe(`The Docker engine reached ${REGISTRY} over TLS and trusts its certificate.`);
  });

  it('trusted: the registry asked for a login (no basic auth credentials)', async () => {
    expect((await check('trusted: the registry asks for a login')).state).toBe('trusted');
  });

  it('unreachable and engine down are neither trusted nor untrusted', async () => {
    expect((await check('unreachable: nothing listens there')).state).toBe('unreachable');
    expect((await check('engine down')).state).toBe('engine-down');
  });

  it('a registry name that is not one refuses before docker runs', async () => {
    const { exec, lines } = scripted([]);
    await expect(checkEngineTrustsRegistry({ exec }, 'nexus.example/../../x')).rejects.toMatchObject({ code: 'invalid-registry-name' });
    expect(lines).toEqual([]);
  });
});
