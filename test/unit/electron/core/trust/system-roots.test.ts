import { writeFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemRoots } from '../../../../../electron/core/trust/system-roots';
import { type CertificateAuthority, createCa } from '../../../../harness/certs';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';

describe('systemRoots', () => {
  let tmp: TempDir;
  let ca: CertificateAuthority;

  beforeAll(async () => {
    tmp = makeTempDir('system-roots');
    ca = await createCa(tmp.path, { commonName: 'System Roots Test CA' });
  });
  afterAll(() => tmp.remove());

  it('reads SSL_CERT_FILE on Linux, skipping a block that does not parse, as Go does', async () => {
    const bundle = tmp.join('bundle.pem');
    writeFileSync(bundle, `${ca.pem}-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n${ca.pem}`);
    const roots = await systemRoots('linux', { SSL_CERT_FILE: bundle });
    expect(roots.map((root) => root.fingerprint256)).toEqual([ca.fingerprintSha256, ca.fingerprintSha256]);
  });

  it('finds nothing when no bundle file exists', async () => {
    expect(await systemRoots('linux', { SSL_CERT_FILE: tmp.join('missing.pem') })).toEqual([]);
  });

  it("uses Node's own list where Docker asks the OS (macOS, Windows)", async () => {
    const roots = await systemRoots('darwin', {});
    expect(roots.length).toBe(rootCertificates.length);
  });
});
