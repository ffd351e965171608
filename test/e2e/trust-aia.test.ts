import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorJsonSchema } from '../../shared/cli';
import { DoctorJsonSchema } from '../../shared/doctor';
import { TrustChangeJsonSchema, TrustInspectJsonSchema } from '../../shared/trust';
import { dockside } from '../harness/dockside';
import { english } from '../harness/english';
import type { CertificateAuthority } from '../harness/certs';
import { CERTS_D, expectCaInstalledAndPulls, type Front, IMAGE, intermediateCa, leafOnlyFront, startWorld, writeDer, type World } from './leaf-only-front';
import { snapshot } from '../harness/tree-snapshot';

// Issue 21, "Done when" 3: a front that sends only its leaf, whose Authority Information Access
// names its issuer at a plain-http URL serving the CA in DER (the same nginx, on a second
// port). trust inspect, doctor and trust add follow it; the pin decides; the isolated dockerd,
// which follows no AIA itself, pulls through the front once the CA is in certs.d.

let world: World;
let front: Front;
let aiaUrl: string;
/** Its leaf is issued by an intermediate the server does not send either: two links to follow. */
let twoHops: Front;
let intermediate: CertificateAuthority;
/** Its leaf names a URL that answers 404. */
let broken: Front;

beforeAll(async () => {
  world = await startWorld('trust-aia', ['aia', 'twohops', 'broken']);
  const der = writeDer(world.ca.pem, world.dir.join('ca.der'));
  front = await leafOnlyFront(world, world.host('aia'), {
    http: true,
    files: () => ({ '/ca.der': der }),
    leaf: (httpBase) => ({ caIssuersUrl: `${httpBase}/ca.der` }),
  });
  aiaUrl = `${front.httpBase}/ca.der`;
  twoHops = await leafOnlyFront(world, world.host('twohops'), {
    http: true,
    issuer: async (httpBase) => (intermediate = await intermediateCa(world.dir, `Dockside Intermediate ${world.suffix}`, world.ca, `${httpBase}/root.der`)),
    files: (_leaf, issuer) => ({ '/root.der': der, '/intermediate.der': writeDer(issuer.pem, world.dir.join('intermediate.der')) }),
    leaf: (httpBase) => ({ caIssuersUrl: `${httpBase}/intermediate.der` }),
  });
  broken = await leafOnlyFront(world, world.host('broken'), { http: true, files: () => ({}), leaf: (httpBase) => ({ caIssuersUrl: `${httpBase}/gone.der` }) });
}, 300_000);

afterAll(() => world?.cleanups.run());

const pin = (): string => `sha256:${world.ca.fingerprintSha256.replace(/:/g, '')}`;

describe('a leaf-only front whose leaf names its issuer (AIA caIssuers, http, DER)', () => {
  it('the leaf names the URL, the front sends no CA, and docker pull fails', async () => {
    expect(new X509Certificate(front.leaf.pem).infoAccess).toContain(`CA Issuers - URI:${aiaUrl}`);
    const pull = await world.docker(['pull', `${front.hostPort}/${IMAGE}`]);
    expect(pull.code).not.toBe(0);
    expect(pull.stdout + pull.stderr).toContain('x509: certificate signed by unknown authority');
  });

  it('trust inspect shows the CA came from AIA, and which URL', async () => {
    const result = await dockside(['trust', 'inspect', front.hostPort, '--json'], world.env);
    expect(result.code, result.stderr).toBe(0);
    const inspection = TrustInspectJsonSchema.parse(JSON.parse(result.stdout));
    expect(inspection.chain).toHaveLength(1);
    expect(inspection.ca).toMatchObject({ source: 'aia', certificate: { fingerprintSha256: world.ca.fingerprintSha256 } });
    expect(inspection.aia).toMatchObject({ urls: [aiaUrl], error: null });
    expect(inspection.problems.map((problem) => problem.code)).toEqual(['unknown-authority']);
    const text = await dockside(['trust', 'inspect', front.hostPort], world.env);
    expect(text.stdout).toContain(`AIA caIssuers ${aiaUrl}`);
  });

  it('doctor names the AIA URL beside the CA it found', async () => {
    const result = await dockside(['doctor', `${front.hostPort}/team/busybox`, '--json', '--daemon-json', world.dockerd.configFile, '--certs-dir', CERTS_D], world.env);
    const doctor = DoctorJsonSchema.parse(JSON.parse(result.stdout));
    const finding = doctor.findings.find((f) => f.id === 'ca-unknown');
    expect(finding?.fix.command).toBe(`dockside trust add ${front.hostPort} --fingerprint ${pin()}`);
    const evidence = (finding?.evidence ?? []).map((item) => (item.text ? english(item.text) : '')).join('\n');
    expect(evidence).toContain(aiaUrl);
    expect(evidence).toContain(world.ca.fingerprintSha256);
  });

  it('a wrong pin refuses with fingerprint-mismatch and writes nothing', async () => {
    const before = snapshot(CERTS_D);
    const result = await dockside(['trust', 'add', front.hostPort, '--fingerprint', `sha256:${'AB'.repeat(32)}`, '--yes', '--json'], world.env);
    expect(result.code).toBe(1);
    expect(ErrorJsonSchema.parse(JSON.parse(result.stderr)).error.code).toBe('fingerprint-mismatch');
    expect(existsSync(join(CERTS_D, front.hostPort))).toBe(false);
    expect(snapshot(CERTS_D)).toEqual(before);
  });

  it('trust add --fingerprint follows the link, installs exactly the CA, and docker pull works', async () => {
    const result = await dockside(['trust', 'add', front.hostPort, '--fingerprint', pin(), '--yes', '--json'], world.env);
    await expectCaInstalledAndPulls(world, front, result);
  });

  it('two links: the intermediate, then the root; ca.crt holds the pinned root and the intermediate (Docker follows no AIA), and docker pull works', async () => {
    const inspection = TrustInspectJsonSchema.parse(JSON.parse((await dockside(['trust', 'inspect', twoHops.hostPort, '--json'], world.env)).stdout));
    expect(inspection.aia?.urls).toEqual([`${twoHops.httpBase}/intermediate.der`, `${twoHops.httpBase}/root.der`]);
    expect(inspection.aia?.issuers.map((cert) => cert.fingerprintSha256)).toEqual([intermediate.fingerprintSha256, world.ca.fingerprintSha256]);
    expect(inspection.ca).toMatchObject({ source: 'aia', certificate: { fingerprintSha256: world.ca.fingerprintSha256 } });
    // The intermediate is no CA to pin: the root is.
    const byIntermediate = await dockside(['trust', 'add', twoHops.hostPort, '--fingerprint', `sha256:${intermediate.fingerprintSha256.replace(/:/g, '')}`, '--yes', '--json'], world.env);
    expect(ErrorJsonSchema.parse(JSON.parse(byIntermediate.stderr)).error.code).toBe('fingerprint-mismatch');
    expect(existsSync(join(CERTS_D, twoHops.hostPort))).toBe(false);

    const result = await dockside(['trust', 'add', twoHops.hostPort, '--fingerprint', pin(), '--yes', '--json'], world.env);
    expect(result.code, result.stderr).toBe(0);
    expect(TrustChangeJsonSchema.parse(JSON.parse(result.stdout))).toMatchObject({ outcome: 'applied', trustedAfter: true, ca: { fingerprintSha256: world.ca.fingerprintSha256 } });
    expect(readFileSync(join(CERTS_D, twoHops.hostPort, 'ca.crt'), 'utf8')).toBe(`${world.ca.pem}${intermediate.pem}`);
    const pull = await world.docker(['pull', `${twoHops.hostPort}/${IMAGE}`]);
    expect(pull.code, pull.stdout + pull.stderr).toBe(0);
  });

  it('a link that answers 404: trust add says so with the URL and writes nothing; doctor names the URL and that it found no CA', async () => {
    const url = `${broken.httpBase}/gone.der`;
    const before = snapshot(CERTS_D);
    const result = await dockside(['trust', 'add', broken.hostPort, '--fingerprint', pin(), '--yes', '--json'], world.env);
    expect(result.code).toBe(1);
    expect(ErrorJsonSchema.parse(JSON.parse(result.stderr)).error).toMatchObject({ code: 'aia-status', params: { url, status: 404 } });
    expect(snapshot(CERTS_D)).toEqual(before);

    const doctor = DoctorJsonSchema.parse(JSON.parse((await dockside(['doctor', `${broken.hostPort}/team/busybox`, '--json', '--daemon-json', world.dockerd.configFile, '--certs-dir', CERTS_D], world.env)).stdout));
    const finding = doctor.findings.find((f) => f.id === 'ca-unknown');
    const evidence = (finding?.evidence ?? []).map((item) => (item.text ? english(item.text) : '')).join('\n');
    expect(evidence).toContain(`${url}. Following it found no CA.`);
    expect(evidence).toContain('answered HTTP 404');
  });
});
