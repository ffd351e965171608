import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Finding, FindingSchema } from '../../shared/doctor';
import type { Evidence } from '../../electron/core/doctor/evidence/types';
import { gatherEvidence } from '../../electron/core/doctor/gather';
import { caUnknown } from '../../electron/core/doctor/findings/ca-unknown';
import { certificateName } from '../../electron/core/doctor/findings/certificate-name';
import type { Detector } from '../../electron/core/doctor/findings/finding';
import { httpNotInsecure } from '../../electron/core/doctor/findings/http-not-insecure';
import { realmSchemeMismatch } from '../../electron/core/doctor/findings/realm-scheme-mismatch';
import { REGISTRY_DETECTORS } from '../../electron/core/doctor/findings/registry-findings';
import { createEngineControl } from '../../electron/core/runtimes/docker/engine/control';
import { execProgram } from '../../electron/core/platform/exec';
import { type CertificateAuthority, createCa, issueCert } from '../harness/certs';
import { installCa } from '../harness/certs-d';
import { createCleanups } from '../harness/cleanup';
import { type Dockerd, startDockerd } from '../harness/dockerd';
import { addHosts } from '../harness/hosts';
import { startNginxSplit } from '../harness/nginx';
import { freePort } from '../harness/ports';
import { startRegistry } from '../harness/registry';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';
import { english } from '../harness/english';

// Issue 7, the registry findings reproduced with real parts: nginx in front of a token-auth
// registry, registries serving wrong certificates, a plain-HTTP registry, all on ::1 names
// (Docker treats ::1 as secure, so TLS is really judged), an isolated dockerd for the local
// evidence. Each case runs gatherEvidence and asserts the detector's finding.

const CERTS_D = '/etc/docker/certs.d';
const suffix = uniqueSuffix();
const host = (role: string): string => `${role}-${suffix}.dockside.test`;
const FRONT_HOST = host('front');
const UNKNOWN_CA_HOST = host('unknownca');
const CN_ONLY_HOST = host('cnonly');
const OTHER_NAME_HOST = host('othername');
const PLAIN_HOST = host('plain');

const cleanups = createCleanups();
let dir: TempDir;
let dockerd: Dockerd;
let ca: CertificateAuthority;

async function evidenceFor(registry: string, daemonJsonPath = dockerd.configFile): Promise<Evidence> {
  return gatherEvidence({
    registry: { registry, repository: 'team/app', credentials: null },
    local: {
      daemonJsonPath,
      certsDir: CERTS_D,
      configDir: dir.join('docker-config'),
      engine: createEngineControl({ kind: 'pidfile', pidfile: dockerd.pidfile, dockerHost: dockerd.dockerHost }, { exec: execProgram }),
      target: { exec: execProgram, dockerHost: dockerd.dockerHost },
      env: { ...dockerd.env },
    },
    mirrors: false,
    image: null,
    timeoutMs: 10_000,
  });
}

function found(detector: Detector, evidence: Evidence): Finding {
  const finding = detector.detect(evidence);
  expect(finding, JSON.stringify(evidence.registry, null, 2)).not.toBeNull();
  return FindingSchema.parse(finding);
}

/** A TLS registry on ::1 for `name` serving a certificate of `issuer` (with the CA after it). */
async function tlsRegistry(name: string, issuer: CertificateAuthority, cert: { commonName?: string; dnsNames?: string[]; noSan?: boolean }): Promise<string> {
  const port = await freePort('::1');
  const issued = await issueCert(issuer, dir.path, { commonName: cert.commonName ?? name, ...cert, notAfter: new Date(Date.now() + 365 * 24 * 3600 * 1000) });
  cleanups.track(await startRegistry({ listen: { host: '::1', port }, tls: { certPath: issued.chainPath, keyPath: issued.keyPath } }));
  return `${name}:${port}`;
}

beforeAll(async () => {
  dir = makeTempDir('doctor-registry');
  cleanups.add(() => dir.remove());
  const hosts = addHosts([FRONT_HOST, UNKNOWN_CA_HOST, CN_ONLY_HOST, OTHER_NAME_HOST, PLAIN_HOST]);
  cleanups.add(() => hosts.remove());
  dockerd = cleanups.track(await startDockerd());
  ca = await createCa(dir.path, { commonName: `Doctor Registry Test CA ${suffix}` });
});

afterAll(() => cleanups.run());

describe('realm-scheme-mismatch: nginx sending X-Forwarded-Proto http to a token-auth registry', () => {
  let front: string;

  beforeAll(async () => {
    // Nexus builds its Bearer realm from X-Forwarded-Proto; Distribution reads it from its
    // config. So the registry behind nginx is given the realm Nexus would build from
    // `X-Forwarded-Proto http` (http:// on the front's own name and port), and nginx really
    // sends that header. Docker is then sent for tokens over plain HTTP to the TLS port. No token
    // server is needed: nothing gets as far as asking one.
    const port = await freePort('::1');
    front = `${FRONT_HOST}:${port}`;
    const upstream = cleanups.track(
      await startRegistry({
        listen: { host: '127.0.0.1' },
        token: { realm: `http://${front}/v2/token`, service: `http://${front}/v2/token`, issuer: 'doctor-token-issuer', rootCertBundlePath: ca.certPath },
      }),
    );
    const cert = await issueCert(ca, dir.path, { commonName: FRONT_HOST, dnsNames: [FRONT_HOST], notAfter: new Date(Date.now() + 365 * 24 * 3600 * 1000) });
    cleanups.track(
      await startNginxSplit({ listen: { host: '::1', port }, tls: { certPath: cert.chainPath, keyPath: cert.keyPath }, pullUpstream: upstream.hostPort, pushUpstream: upstream.hostPort, forwardedProto: 'http' }),
    );
    const installed = installCa(front, ca.pem);
    cleanups.add(() => installed.remove());
  });

  it('finds realm-scheme-mismatch, quoting the challenge the front sent', async () => {
    const evidence = await evidenceFor(front);
    expect(evidence.registry?.tls?.problems).toEqual([]);
    const finding = found(realmSchemeMismatch, evidence);
    expect(finding.severity).toBe('error');
    expect(finding.evidence[0]?.source).toBe(`GET https://${front}/v2/`);
    expect(finding.evidence[0]?.detail).toContain(`realm="http://${front}/v2/token"`);
    // The token request over plain HTTP to the TLS port: what Docker meets after login.
    expect(finding.evidence[1]?.source).toMatch(new RegExp(`^GET http://${front.replace(/\./g, '\\.')}/v2/token\\?`));
    const errors = REGISTRY_DETECTORS.map((detector) => detector.detect(evidence)).filter((f) => f?.severity === 'error').map((f) => f?.id);
    expect(errors).toEqual(['realm-scheme-mismatch']);
  });
});

describe('wrong certificates', () => {
  it('finds ca-unknown for a CA Docker does not know, with trust add pinned to its fingerprint', async () => {
    const otherCa = await createCa(dir.path, { commonName: `Doctor Unknown CA ${suffix}` });
    const registry = await tlsRegistry(UNKNOWN_CA_HOST, otherCa, { dnsNames: [UNKNOWN_CA_HOST] });
    const finding = found(caUnknown, await evidenceFor(registry));
    expect(finding.severity).toBe('error');
    expect(finding.fix.command).toBe(`dockside trust add ${registry} --fingerprint sha256:${otherCa.fingerprintSha256.replace(/:/g, '')}`);
    expect(finding.evidence[0]?.detail).toContain('x509: certificate signed by unknown authority');
  });

  it('finds certificate-name for a CN-only certificate (legacy Common Name), though its CA is trusted', async () => {
    const registry = await tlsRegistry(CN_ONLY_HOST, ca, { noSan: true });
    const installed = installCa(registry, ca.pem);
    cleanups.add(() => installed.remove());
    const evidence = await evidenceFor(registry);
    const finding = found(certificateName, evidence);
    expect(finding.evidence[0]?.detail).toContain('x509: certificate relies on legacy Common Name field, use SANs instead');
    expect(caUnknown.detect(evidence)).toBeNull();
  });

  it('finds certificate-name for a certificate issued to another name', async () => {
    const registry = await tlsRegistry(OTHER_NAME_HOST, ca, { commonName: 'elsewhere.dockside.test', dnsNames: ['elsewhere.dockside.test'] });
    const installed = installCa(registry, ca.pem);
    cleanups.add(() => installed.remove());
    const finding = found(certificateName, await evidenceFor(registry));
    expect(english(finding.explanation)).toContain(`x509: certificate is valid for elsewhere.dockside.test, not ${OTHER_NAME_HOST}`);
  });
});

describe('http-not-insecure: a plain-HTTP registry on a ::1 name', () => {
  let registry: string;

  beforeAll(async () => {
    const port = await freePort('::1');
    cleanups.track(await startRegistry({ listen: { host: '::1', port } }));
    registry = `${PLAIN_HOST}:${port}`;
  });

  it('finds http-not-insecure when neither daemon.json nor the engine lists it', async () => {
    const evidence = await evidenceFor(registry);
    expect(evidence.registry?.ping.url).toBe(`http://${registry}/v2/`);
    const finding = found(httpNotInsecure, evidence);
    expect(finding.evidence.map((item) => item.kind)).toEqual(['http', 'file', 'command']);
    expect(english(finding.fix.text)).toContain(`"insecure-registries": ["${registry}"]`);
  });

  it('finds nothing once daemon.json lists it in insecure-registries', async () => {
    const daemonJson = dir.join('daemon-insecure.json');
    writeFileSync(daemonJson, JSON.stringify({ 'insecure-registries': [registry] }));
    expect(httpNotInsecure.detect(await evidenceFor(registry, daemonJson))).toBeNull();
  });
});
