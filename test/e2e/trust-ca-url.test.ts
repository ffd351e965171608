import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorJsonSchema } from '../../shared/cli';
import { type CertificateAuthority, createCa } from '../harness/certs';
import { dockside } from '../harness/dockside';
import { CERTS_D, expiredCa, expectCaInstalledAndPulls, type Front, IMAGE, leafOnlyFront, startWorld, type World } from './leaf-only-front';
import { snapshot } from '../harness/tree-snapshot';

// Issue 21, "Done when" 1: a front that sends only its leaf and publishes its CA at
// /download/ca.crt, as seed 004's nginx does before Nexus. `trust add --ca-url` fetches it
// untrusted, the pin decides, and the isolated dockerd pulls through the front afterwards.
// Every bad body is a file the same front publishes: each refusal exits 1, names its code, and
// leaves certs.d as it was.

const pinOf = (pem: string): string => `sha256:${new X509Certificate(pem).fingerprint256.replace(/:/g, '')}`;

let world: World;
let front: Front;
let expiredPath: string;
let otherCa: CertificateAuthority;
let redirectBase: string;

beforeAll(async () => {
  world = await startWorld('trust-ca-url', ['nexus', 'redirect']);
  const dir = world.dir;
  expiredPath = await expiredCa(dir, `Dockside Expired CA ${world.suffix}`);
  otherCa = await createCa(dir.path, { commonName: `Dockside Other CA ${world.suffix}` });
  const big = dir.join('big.crt');
  writeFileSync(big, `${world.ca.pem}${' '.repeat(70 * 1024)}`);
  const page = dir.join('index.html');
  writeFileSync(page, '<!DOCTYPE html><html><head><title>Nexus Repository Manager</title></head><body>Sign in</body></html>\n');
  front = await leafOnlyFront(world, world.host('nexus'), {
    files: (leaf) => ({
      '/download/ca.crt': world.ca.certPath,
      '/download/big.crt': big,
      '/download/ca.key': world.ca.keyPath,
      '/download/index.html': page,
      '/download/server.crt': leaf.certPath,
      '/download/expired.crt': expiredPath,
      '/download/other.crt': otherCa.certPath,
    }),
  });
  // A publisher that sends the client elsewhere: Dockside follows redirects only within a host.
  const redirector = createServer((_req, res) => {
    res.writeHead(302, { location: `https://${world.host('nexus')}/download/ca.crt` });
    res.end();
  });
  await new Promise<void>((resolve) => redirector.listen(0, '::1', resolve));
  world.cleanups.add(() => new Promise<void>((resolve) => redirector.close(() => resolve())));
  redirectBase = `http://${world.host('redirect')}:${(redirector.address() as AddressInfo).port}`;
}, 300_000);

afterAll(() => world?.cleanups.run());

const caUrl = (path: string): string => `https://${front.hostPort}${path}`;

async function refused(url: string, pin: string): Promise<{ code: string; key: string }> {
  const before = snapshot(CERTS_D);
  const result = await dockside(['trust', 'add', front.hostPort, '--ca-url', url, '--fingerprint', pin, '--yes', '--json'], world.env);
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  expect(existsSync(join(CERTS_D, front.hostPort))).toBe(false);
  expect(snapshot(CERTS_D)).toEqual(before);
  return ErrorJsonSchema.parse(JSON.parse(result.stderr)).error;
}

describe('trust add --ca-url against a leaf-only front', () => {
  it('the front sends no CA: docker pull fails, and trust add without a source refuses', async () => {
    const pull = await world.docker(['pull', `${front.hostPort}/${IMAGE}`]);
    expect(pull.code).not.toBe(0);
    expect(pull.stdout + pull.stderr).toContain('x509: certificate signed by unknown authority');
    const guess = await dockside(['trust', 'add', front.hostPort, '--fingerprint', pinOf(world.ca.pem), '--yes', '--json'], world.env);
    expect(guess.code).toBe(1);
    expect(ErrorJsonSchema.parse(JSON.parse(guess.stderr)).error.code).toBe('ca-not-sent');
  });

  it('a wrong pin refuses with fingerprint-mismatch and writes nothing', async () => {
    const error = await refused(caUrl('/download/ca.crt'), `sha256:${'AB'.repeat(32)}`);
    expect(error).toMatchObject({ code: 'fingerprint-mismatch', key: 'tls.error.ca-url.pin-not-found' });
  });

  it('refuses, by name and writing nothing: a body over 64 KiB, a private key, an HTML page', async () => {
    const pin = pinOf(world.ca.pem);
    expect(await refused(caUrl('/download/big.crt'), pin)).toMatchObject({ code: 'ca-url-too-big' });
    expect(await refused(caUrl('/download/ca.key'), pin)).toMatchObject({ code: 'ca-url-private-key' });
    expect(await refused(caUrl('/download/index.html'), pin)).toMatchObject({ code: 'ca-url-not-certificate', key: 'tls.error.ca-url.html' });
  });

  it('refuses the front\'s own leaf offered as the CA (pinned, but no CA) and an expired CA', async () => {
    expect(await refused(caUrl('/download/server.crt'), pinOf(front.leaf.pem))).toMatchObject({ code: 'ca-url-not-ca' });
    expect(await refused(caUrl('/download/expired.crt'), pinOf(readFileSync(expiredPath, 'utf8')))).toMatchObject({ code: 'ca-url-expired' });
  });

  it('a pinned CA that did not issue the front\'s certificate: ca-file-mismatch, in words that name the URL, not --ca-file', async () => {
    const url = caUrl('/download/other.crt');
    expect(await refused(url, pinOf(otherCa.pem))).toMatchObject({ code: 'ca-file-mismatch', key: 'tls.error.ca-file-mismatch.url', params: { url } });
    const text = await dockside(['trust', 'add', front.hostPort, '--ca-url', url, '--fingerprint', pinOf(otherCa.pem), '--yes'], world.env);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain(url);
    expect(text.stderr).not.toContain('--ca-file');
  });

  it('refuses a redirect to another host', async () => {
    expect(await refused(`${redirectBase}/ca.crt`, pinOf(world.ca.pem))).toMatchObject({ code: 'ca-url-redirect-host', params: { to: world.host('nexus') } });
  });

  it('installs exactly the pinned CA from /download/ca.crt, and docker pull works through the front', async () => {
    const result = await dockside(['trust', 'add', front.hostPort, '--ca-url', caUrl('/download/ca.crt'), '--fingerprint', pinOf(world.ca.pem), '--yes', '--json'], world.env);
    await expectCaInstalledAndPulls(world, front, result);
  });
});
