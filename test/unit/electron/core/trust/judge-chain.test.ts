import { randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrustProblemSchema } from '../../../../../shared/trust';
import { parseFingerprint } from '../../../../../electron/core/trust/fingerprint';
import { judgeChain, type JudgeInput, type TrustJudgement, type TrustRoots } from '../../../../../electron/core/trust/judge-chain';
import { parseRegistryName } from '../../../../../electron/core/trust/registry-name';
import { createCa, issueCert, type CertificateAuthority } from '../../../../harness/certs';
import { runOk } from '../../../../harness/run';
import { makeTempDir, uniqueSuffix, type TempDir } from '../../../../harness/tmp';
import { english } from '../../../../harness/english';
import type { Message } from '../../../../../shared/message';

const say = (message: Message | undefined): string => (message === undefined ? '' : english(message));

const REGISTRY = 'reg.example:5000';
const ADD = `dockside trust add ${REGISTRY}`;
const UNKNOWN_AUTHORITY = 'x509: certificate signed by unknown authority';
const NO_ROOTS: TrustRoots = { certsD: [], system: [] };

const CA_EXT = 'basicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\n';
const NOT_CA_EXT = 'basicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature,keyCertSign\nsubjectKeyIdentifier = hash\n';
const NO_CERT_SIGN_EXT = 'basicConstraints = critical,CA:TRUE\nkeyUsage = critical,digitalSignature\nsubjectKeyIdentifier = hash\n';
const SAN_ONLY_EXT = 'subjectAltName = DNS:reg.example\n';
const SELF_SIGNED_LEAF_EXT =
  'basicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = serverAuth\nsubjectAltName = DNS:reg.example\n';

/**
 * A certificate made with `openssl req` (self-signed) or `openssl req` + `openssl x509 -req`
 * (signed by `issuer`), with exactly the extensions given: for what issueCert cannot make
 * (an intermediate CA, a "CA" without CA:TRUE, a self-signed server certificate, a version 1 CA).
 */
async function makeCert(dir: string, options: { commonName: string; extensions?: string; issuer?: CertificateAuthority }): Promise<CertificateAuthority> {
  const base = join(dir, `${options.commonName.replace(/[^A-Za-z0-9]+/g, '_')}-${uniqueSuffix()}`);
  const configPath = `${base}.cnf`;
  writeFileSync(configPath, `[ req ]\ndistinguished_name = req_dn\n[ req_dn ]\n[ ext ]\n${options.extensions ?? ''}`);
  const certPath = `${base}.crt`;
  const keyPath = `${base}.key`;
  const subject = `/CN=${options.commonName}`;
  if (options.issuer === undefined && options.extensions === undefined) {
    // No extensions at all: `openssl x509 -req -signkey` writes a version 1 certificate, as old CA tutorials make them.
    const csrPath = `${base}.csr`;
    await runOk('openssl', ['req', '-new', '-config', configPath, '-newkey', 'rsa:2048', '-noenc', '-keyout', keyPath, '-out', csrPath, '-subj', subject]);
    await runOk('openssl', ['x509', '-req', '-in', csrPath, '-signkey', keyPath, '-days', '365', '-sha256', '-out', certPath]);
  } else if (options.issuer === undefined) {
    await runOk('openssl', ['req', '-x509', '-config', configPath, '-extensions', 'ext', '-newkey', 'rsa:2048', '-noenc', '-keyout', keyPath, '-out', certPath, '-days', '365', '-subj', subject]);
  } else {
    const csrPath = `${base}.csr`;
    await runOk('openssl', ['req', '-new', '-config', configPath, '-newkey', 'rsa:2048', '-noenc', '-keyout', keyPath, '-out', csrPath, '-subj', subject]);
    const serial = randomBytes(16);
    serial[0] = (serial[0] ?? 0) & 0x7f;
    await runOk('openssl', [
      'x509', '-req', '-in', csrPath, '-CA', options.issuer.certPath, '-CAkey', options.issuer.keyPath,
      '-set_serial', `0x${serial.toString('hex')}`, '-days', '365', '-sha256',
      '-extfile', configPath, '-extensions', 'ext', '-out', certPath,
    ]);
  }
  const pem = readFileSync(certPath, 'utf8');
  return { certPath, keyPath, pem, fingerprintSha256: new X509Certificate(pem).fingerprint256 };
}

const x509 = (cert: { pem: string }): X509Certificate => new X509Certificate(cert.pem);

/** Go's time.RFC3339 of a UTC time. */
const rfc3339 = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A time on a whole second (certificates hold no fractions). */
const wholeSecond = (ms: number): Date => new Date(Math.floor(ms / 1000) * 1000);

const codes = (judgement: TrustJudgement): string[] => judgement.problems.map((problem) => problem.code);

describe('judgeChain', () => {
  let tmp: TempDir;
  let now: Date;
  let root: X509Certificate;
  let unrelated: X509Certificate;
  let intermediate: X509Certificate;
  let leaf: X509Certificate;
  let leafViaIntermediate: X509Certificate;
  let selfSignedLeaf: X509Certificate;
  let notCa: X509Certificate;
  let leafViaNotCa: X509Certificate;
  let expiredLeaf: X509Certificate;
  let futureLeaf: X509Certificate;
  let cnOnlyLeaf: X509Certificate;
  let noCertSign: X509Certificate;
  let leafViaNoCertSign: X509Certificate;
  let v1Root: X509Certificate;
  let leafViaV1: X509Certificate;
  const EXPIRED_BEFORE = new Date('2020-01-01T00:00:00Z');
  const EXPIRED_AFTER = new Date('2021-01-01T00:00:00Z');
  let futureFrom: Date;

  beforeAll(async () => {
    tmp = makeTempDir('judge-chain');
    const dir = tmp.path;
    futureFrom = wholeSecond(Date.now() + 10 * 86400_000);
    const [rootCa, otherCa, fakeCa, selfSigned, noCertSignCa, v1Ca] = await Promise.all([
      createCa(dir, { commonName: 'Judge Root CA' }),
      createCa(dir, { commonName: 'Judge Unrelated CA' }),
      makeCert(dir, { commonName: 'Judge Not A CA', extensions: NOT_CA_EXT }),
      makeCert(dir, { commonName: 'reg.example', extensions: SELF_SIGNED_LEAF_EXT }),
      makeCert(dir, { commonName: 'Judge No CertSign CA', extensions: NO_CERT_SIGN_EXT }),
      makeCert(dir, { commonName: 'Judge V1 Root' }),
    ]);
    const [viaNoCertSign, viaV1] = await Promise.all([
      makeCert(dir, { commonName: 'reg.example', extensions: SAN_ONLY_EXT, issuer: noCertSignCa }),
      makeCert(dir, { commonName: 'reg.example', extensions: SAN_ONLY_EXT, issuer: v1Ca }),
    ]);
    noCertSign = x509(noCertSignCa);
    leafViaNoCertSign = x509(viaNoCertSign);
    v1Root = x509(v1Ca);
    leafViaV1 = x509(viaV1);
    const interCa = await makeCert(dir, { commonName: 'Judge Intermediate CA', extensions: `${CA_EXT}authorityKeyIdentifier = keyid:always\n`, issuer: rootCa });
    const leafOptions = { commonName: 'reg.example', dnsNames: ['reg.example'] };
    const [direct, viaInter, viaFake, expired, future, cnOnly] = await Promise.all([
      issueCert(rootCa, dir, leafOptions),
      issueCert(interCa, dir, leafOptions),
      issueCert(fakeCa, dir, leafOptions),
      issueCert(rootCa, dir, { ...leafOptions, notBefore: EXPIRED_BEFORE, notAfter: EXPIRED_AFTER }),
      issueCert(rootCa, dir, { ...leafOptions, notBefore: futureFrom, notAfter: new Date(futureFrom.getTime() + 30 * 86400_000) }),
      issueCert(rootCa, dir, { commonName: 'reg.example', noSan: true }),
    ]);
    root = x509(rootCa);
    unrelated = x509(otherCa);
    intermediate = x509(interCa);
    notCa = x509(fakeCa);
    selfSignedLeaf = x509(selfSigned);
    leaf = x509(direct);
    leafViaIntermediate = x509(viaInter);
    leafViaNotCa = x509(viaFake);
    expiredLeaf = x509(expired);
    futureLeaf = x509(future);
    cnOnlyLeaf = x509(cnOnly);
    // After the last certificate: `openssl req -x509` starts a CA's validity at the second it is made.
    now = new Date();
  }, 120_000);
  afterAll(() => tmp.remove());

  /** judgeChain, with every problem checked against the --json schema. */
  function judge(chain: X509Certificate[], fields: Partial<Omit<JudgeInput, 'chain'>> = {}): TrustJudgement {
    const judgement = judgeChain({ chain, name: parseRegistryName(REGISTRY), now, roots: NO_ROOTS, addCommand: ADD, ...fields });
    for (const problem of judgement.problems) {
      const parsed = TrustProblemSchema.safeParse(problem);
      expect(parsed.success, parsed.success ? '' : parsed.error.message).toBe(true);
    }
    return judgement;
  }

  it('the fixtures are what the cases say they are', async () => {
    expect(root.ca).toBe(true);
    expect(intermediate.ca).toBe(true);
    expect(intermediate.checkIssued(root)).toBe(true);
    expect(leafViaIntermediate.checkIssued(intermediate)).toBe(true);
    expect(leafViaIntermediate.checkIssued(root)).toBe(false);
    expect(notCa.ca).toBe(false);
    expect(leafViaNotCa.verify(notCa.publicKey)).toBe(true);
    expect(selfSignedLeaf.ca).toBe(false);
    expect(selfSignedLeaf.verify(selfSignedLeaf.publicKey)).toBe(true);
    expect(new Date(expiredLeaf.validTo).getTime()).toBe(EXPIRED_AFTER.getTime());
    expect(new Date(futureLeaf.validFrom).getTime()).toBe(futureFrom.getTime());
    // CA:TRUE, but keyUsage without keyCertSign: OpenSSL (so Node's .ca) does not count it as a CA.
    const noCertSignText = (await runOk('openssl', ['x509', '-noout', '-text'], { input: noCertSign.toString() })).stdout;
    expect(noCertSignText).toMatch(/CA:TRUE/);
    expect(noCertSignText).toMatch(/Digital Signature/);
    expect(noCertSignText).not.toMatch(/Certificate Sign/);
    expect(noCertSign.ca).toBe(false);
    expect(leafViaNoCertSign.verify(noCertSign.publicKey)).toBe(true);
    expect(leafViaNoCertSign.checkIssued(noCertSign)).toBe(false);
    // A version 1 certificate has no extensions: OpenSSL reads the tbsCertificate without the [0] version.
    expect((await runOk('openssl', ['x509', '-noout', '-text'], { input: v1Root.toString() })).stdout).toMatch(/Version: 1 \(0x0\)/);
    expect(v1Root.ca).toBe(false);
    expect(leafViaV1.verify(v1Root.publicKey)).toBe(true);
    expect(leafViaV1.checkIssued(v1Root)).toBe(true);
  });

  describe('which CA, and who trusts it', () => {
    it('leaf + root, trusted by nobody: the root from the server is the CA; unknown-authority with the fingerprint to pin', () => {
      const judgement = judge([leaf, root]);
      expect(judgement.ca?.source).toBe('server');
      expect(judgement.ca?.certificate).toBe(root);
      expect(judgement.trustedBy).toBeNull();
      expect(codes(judgement)).toEqual(['unknown-authority']);
      const [problem] = judgement.problems;
      expect(problem).toMatchObject({ code: 'unknown-authority', certificate: null, dockerError: UNKNOWN_AUTHORITY });
      expect(say(problem?.fix)).toContain(`${ADD} --fingerprint sha256:`);
      expect(say(problem?.fix)).toContain(root.fingerprint256);
      // The fingerprint offered is the root's, in a form `trust add --fingerprint` accepts.
      const pinned = /--fingerprint (sha256:[0-9A-F]{64})/.exec(say(problem?.fix))?.[1] ?? '';
      expect(parseFingerprint(pinned)).toBe(root.fingerprint256);
    });

    it('the same chain with the root in certs.d: trusted by certs.d, no problems', () => {
      const judgement = judge([leaf, root], { roots: { certsD: [root], system: [] } });
      expect(judgement).toEqual({ ca: { source: 'server', certificate: root }, trustedBy: 'certs.d', problems: [] });
    });

    it('with the root in the system store: trusted by system, no problems', () => {
      const judgement = judge([leaf, root], { roots: { certsD: [], system: [unrelated, root] } });
      expect(judgement.trustedBy).toBe('system');
      expect(judgement.problems).toEqual([]);
    });

    it('certs.d wins over the system store when both trust it', () => {
      expect(judge([leaf, root], { roots: { certsD: [root], system: [root] } }).trustedBy).toBe('certs.d');
    });

    it('a CA in certs.d that did not issue the chain trusts nothing', () => {
      const judgement = judge([leaf, root], { roots: { certsD: [unrelated], system: [] } });
      expect(judgement.trustedBy).toBeNull();
      expect(codes(judgement)).toEqual(['unknown-authority']);
    });

    it('only the leaf sent: no CA to tell, ca-not-sent then unknown-authority, both pointing at --ca-file', () => {
      const judgement = judge([leaf]);
      expect(judgement.ca).toBeNull();
      expect(judgement.trustedBy).toBeNull();
      expect(codes(judgement)).toEqual(['ca-not-sent', 'unknown-authority']);
      const [notSent, unknown] = judgement.problems;
      expect(notSent).toMatchObject({ certificate: 0, dockerError: null });
      expect(say(notSent?.explanation)).toContain('Judge Root CA');
      expect(say(notSent?.fix)).toContain(`${ADD} --ca-file`);
      expect(unknown).toMatchObject({ dockerError: UNKNOWN_AUTHORITY });
      expect(say(unknown?.fix)).toContain(`${ADD} --ca-file`);
      expect(say(unknown?.fix)).not.toContain('--fingerprint');
    });

    it('only the leaf sent, but its root is in certs.d or the system store: trusted, no problems, no CA to tell', () => {
      expect(judge([leaf], { roots: { certsD: [root], system: [] } })).toEqual({ ca: null, trustedBy: 'certs.d', problems: [] });
      expect(judge([leaf], { roots: { certsD: [], system: [root] } })).toEqual({ ca: null, trustedBy: 'system', problems: [] });
    });

    it('leaf + root with the intermediate missing: chain-incomplete, no CA', () => {
      const judgement = judge([leafViaIntermediate, root]);
      expect(judgement.ca).toBeNull();
      expect(judgement.trustedBy).toBeNull();
      expect(codes(judgement)).toEqual(['chain-incomplete', 'unknown-authority']);
      const [incomplete] = judgement.problems;
      expect(incomplete).toMatchObject({ certificate: 0, dockerError: UNKNOWN_AUTHORITY });
      expect(say(incomplete?.explanation)).toContain('Judge Intermediate CA');
      expect(say(incomplete?.explanation)).toContain('Judge Root CA');
    });

    it('leaf + intermediate + root in any order: the path is found, the root is the CA', () => {
      for (const chain of [
        [leafViaIntermediate, intermediate, root],
        [leafViaIntermediate, root, intermediate],
      ]) {
        const judgement = judge(chain);
        expect(judgement.ca).toEqual({ source: 'server', certificate: root });
        expect(codes(judgement)).toEqual(['unknown-authority']);
        expect(judge(chain, { roots: { certsD: [root], system: [] } })).toEqual({ ca: { source: 'server', certificate: root }, trustedBy: 'certs.d', problems: [] });
      }
    });

    it('leaf + intermediate without the root: ca-not-sent about the intermediate; trusted once the root is in certs.d', () => {
      const judgement = judge([leafViaIntermediate, intermediate]);
      expect(judgement.ca).toBeNull();
      expect(codes(judgement)).toEqual(['ca-not-sent', 'unknown-authority']);
      expect(judgement.problems[0]?.certificate).toBe(1);
      expect(judge([leafViaIntermediate, intermediate], { roots: { certsD: [root], system: [] } })).toEqual({ ca: null, trustedBy: 'certs.d', problems: [] });
      // Go anchors at any certificate of its pool, an intermediate too.
      expect(judge([leafViaIntermediate, intermediate], { roots: { certsD: [intermediate], system: [] } }).trustedBy).toBe('certs.d');
    });

    it('a self-signed leaf (CA:FALSE, keyUsage without keyCertSign) is its own CA', () => {
      const judgement = judge([selfSignedLeaf]);
      expect(judgement.ca).toEqual({ source: 'server', certificate: selfSignedLeaf });
      expect(codes(judgement)).toEqual(['unknown-authority']);
      expect(say(judgement.problems[0]?.fix)).toContain(`--fingerprint sha256:${selfSignedLeaf.fingerprint256.replace(/:/g, '')}`);
      expect(judge([selfSignedLeaf], { roots: { certsD: [selfSignedLeaf], system: [] } })).toEqual({
        ca: { source: 'server', certificate: selfSignedLeaf },
        trustedBy: 'certs.d',
        problems: [],
      });
    });
  });

  describe('--ca-file', () => {
    it('the right root for a leaf-only server: the CA comes from the file, no ca-file-mismatch', () => {
      const fromFile = new X509Certificate(root.raw);
      const judgement = judge([leaf], { caFile: [fromFile] });
      expect(judgement.ca?.source).toBe('file');
      expect(judgement.ca?.certificate).toBe(fromFile);
      expect(codes(judgement)).toEqual(['unknown-authority']);
      expect(say(judgement.problems[0]?.fix)).toContain(`--fingerprint sha256:${root.fingerprint256.replace(/:/g, '')}`);
    });

    it('finds the root in a bundle of several CAs, and is trusted when certs.d has it', () => {
      expect(judge([leaf], { caFile: [unrelated, root] }).ca).toEqual({ source: 'file', certificate: root });
      expect(judge([leaf], { caFile: [root], roots: { certsD: [root], system: [] } })).toEqual({ ca: { source: 'file', certificate: root }, trustedBy: 'certs.d', problems: [] });
    });

    it('the file\'s copy of a root the server sends as well', () => {
      const fromFile = new X509Certificate(root.raw);
      const judgement = judge([leaf, root], { caFile: [fromFile] });
      expect(judgement.ca?.source).toBe('file');
      expect(judgement.ca?.certificate).toBe(fromFile);
      expect(codes(judgement)).toEqual(['unknown-authority']);
    });

    it('supplies the missing top of leaf + intermediate', () => {
      const judgement = judge([leafViaIntermediate, intermediate], { caFile: [root] });
      expect(judgement.ca).toEqual({ source: 'file', certificate: root });
      expect(codes(judgement)).toEqual(['unknown-authority']);
    });

    it('an unrelated CA: ca-file-mismatch, no CA', () => {
      const judgement = judge([leaf], { caFile: [unrelated] });
      expect(judgement.ca).toBeNull();
      expect(codes(judgement)).toEqual(['ca-file-mismatch', 'unknown-authority']);
      expect(judgement.problems[0]).toMatchObject({ certificate: null, dockerError: UNKNOWN_AUTHORITY });
      expect(say(judgement.problems[0]?.explanation)).toContain('Judge Root CA');
      expect(say(judgement.problems[1]?.fix)).toContain('--ca-file');
      expect(judge([leaf, root], { caFile: [unrelated] }).ca).toBeNull();
    });

    it('a mismatch names the URL or the label the CA came from, never --ca-file', () => {
      const fromUrl = judge([leaf], { caFile: [unrelated], caFileFrom: { url: 'https://reg.example/download/ca.crt' } }).problems[0]?.explanation;
      expect(fromUrl?.code).toBe('tls.problem.ca-file-mismatch.url');
      expect(say(fromUrl)).toContain('https://reg.example/download/ca.crt');
      expect(say(fromUrl)).not.toContain('--ca-file');
      const fromLabel = judge([leaf], { caFile: [unrelated], caFileFrom: { label: 'profile team.yaml, caPem' } }).problems[0]?.explanation;
      expect(say(fromLabel)).toContain('profile team.yaml, caPem');
      expect(say(fromLabel)).not.toContain('--ca-file');
    });
  });

  describe('issuers fetched through AIA', () => {
    it('the leaf alone plus its root from AIA: the root is the CA, source aia, and only unknown-authority remains', () => {
      const judgement = judge([leaf], { issuers: [root] });
      expect(judgement.ca).toEqual({ source: 'aia', certificate: root });
      expect(codes(judgement)).toEqual(['unknown-authority']);
      expect(say(judgement.problems[0]?.fix)).toContain(`--fingerprint sha256:${root.fingerprint256.replace(/:/g, '')}`);
    });

    it('an intermediate and the root from AIA complete a leaf-only chain; a fetched issuer has no index in the chain sent', () => {
      expect(judge([leafViaIntermediate], { issuers: [intermediate, root] }).ca).toEqual({ source: 'aia', certificate: root });
      const partway = judge([leafViaIntermediate], { issuers: [intermediate] });
      expect(partway.ca).toBeNull();
      expect(codes(partway)).toEqual(['ca-not-sent', 'unknown-authority']);
      expect(partway.problems[0]?.certificate).toBeNull();
    });

    it('a root the server sent stays the server\'s, and an issuer that issued nothing of the chain changes nothing', () => {
      expect(judge([leafViaIntermediate, root], { issuers: [intermediate] }).ca).toEqual({ source: 'server', certificate: root });
      expect(codes(judge([leaf], { issuers: [unrelated] }))).toEqual(['ca-not-sent', 'unknown-authority']);
    });
  });

  describe('validity, host name and their order', () => {
    it('an expired leaf: expired first, with Go\'s text', () => {
      const judgement = judge([expiredLeaf, root]);
      expect(codes(judgement)).toEqual(['expired', 'unknown-authority']);
      const [expired] = judgement.problems;
      expect(expired?.certificate).toBe(0);
      expect(expired?.dockerError?.startsWith('x509: certificate has expired or is not yet valid: current time')).toBe(true);
      expect(expired?.dockerError).toContain(' is after ');
      expect(expired?.dockerError).toBe(`x509: certificate has expired or is not yet valid: current time ${rfc3339(now)} is after ${rfc3339(EXPIRED_AFTER)}`);
      expect(say(expired?.explanation)).toContain(rfc3339(EXPIRED_AFTER));
    });

    it('writes the current time in the local zone with its offset, as Go does for dockerd', () => {
      const zone = process.env.TZ;
      try {
        process.env.TZ = 'Asia/Shanghai';
        const [expired] = judge([expiredLeaf], { now: new Date('2026-11-23T10:00:00Z') }).problems;
        expect(expired?.dockerError).toBe(`x509: certificate has expired or is not yet valid: current time 2026-11-23T18:00:00+08:00 is after ${rfc3339(EXPIRED_AFTER)}`);
        process.env.TZ = 'America/St_Johns';
        const [west] = judge([expiredLeaf], { now: new Date('2026-11-23T10:00:00Z') }).problems;
        expect(west?.dockerError).toContain('current time 2026-11-23T06:30:00-03:30 is after');
      } finally {
        if (zone === undefined) delete process.env.TZ;
        else process.env.TZ = zone;
      }
    });

    it('an expired leaf stays a problem when its root is trusted', () => {
      const judgement = judge([expiredLeaf, root], { roots: { certsD: [root], system: [] } });
      expect(judgement.trustedBy).toBe('certs.d');
      expect(codes(judgement)).toEqual(['expired']);
    });

    it('judges validity at `now`, not by the wall clock, and for every certificate of the path', () => {
      const at = (ms: number) => codes(judge([expiredLeaf], { now: new Date(ms) }));
      const untrusted = ['ca-not-sent', 'unknown-authority'];
      // Go: valid from NotBefore through NotAfter, both included.
      expect(at(EXPIRED_BEFORE.getTime() - 1)).toEqual(['not-yet-valid', ...untrusted]);
      expect(at(EXPIRED_BEFORE.getTime())).toEqual(untrusted);
      expect(at(EXPIRED_AFTER.getTime())).toEqual(untrusted);
      expect(at(EXPIRED_AFTER.getTime() + 1)).toEqual(['expired', ...untrusted]);
      const trusted = { roots: { certsD: [root], system: [] } };
      // In 2020 the leaf is valid but the root, made today, is not yet.
      const in2020 = judge([expiredLeaf, root], { ...trusted, now: new Date('2020-06-01T00:00:00Z') });
      expect(in2020.problems).toHaveLength(1);
      expect(in2020.problems[0]).toMatchObject({ code: 'not-yet-valid', certificate: 1 });
      expect(in2020.problems[0]?.dockerError).toBe(
        `x509: certificate has expired or is not yet valid: current time 2020-06-01T00:00:00Z is before ${rfc3339(new Date(root.validFrom))}`,
      );
    });

    it('a leaf not yet valid: not-yet-valid, "is before" its start', () => {
      const judgement = judge([futureLeaf, root]);
      expect(codes(judgement)).toEqual(['not-yet-valid', 'unknown-authority']);
      expect(judgement.problems[0]).toMatchObject({
        certificate: 0,
        dockerError: `x509: certificate has expired or is not yet valid: current time ${rfc3339(now)} is before ${rfc3339(futureFrom)}`,
      });
    });

    it('leaf validity first, then the host name, then the chain', () => {
      const other = parseRegistryName('other.example:5000');
      expect(codes(judge([expiredLeaf, root], { name: other }))).toEqual(['expired', 'name-mismatch', 'unknown-authority']);
      expect(codes(judge([futureLeaf], { name: other }))).toEqual(['not-yet-valid', 'name-mismatch', 'ca-not-sent', 'unknown-authority']);
      expect(codes(judge([leafViaIntermediate, root], { name: parseRegistryName('10.0.0.5') }))).toEqual(['no-ip-sans', 'chain-incomplete', 'unknown-authority']);
    });

    it('a host name problem carries Go\'s text and a fix naming the SAN to add', () => {
      const mismatch = judge([leaf, root], { name: parseRegistryName('other.example:5000'), roots: { certsD: [root], system: [] } });
      expect(mismatch.problems).toHaveLength(1);
      expect(mismatch.problems[0]).toMatchObject({ code: 'name-mismatch', certificate: 0, dockerError: 'x509: certificate is valid for reg.example, not other.example' });
      expect(say(mismatch.problems[0]?.fix)).toContain('DNS:other.example');
      expect(say(mismatch.problems[0]?.fix)).toContain('reg.example:5000');

      const legacy = judge([cnOnlyLeaf, root], { roots: { certsD: [root], system: [] } });
      expect(legacy.problems).toHaveLength(1);
      expect(legacy.problems[0]).toMatchObject({
        code: 'legacy-common-name',
        certificate: 0,
        dockerError: 'x509: certificate relies on legacy Common Name field, use SANs instead',
      });

      const byIp = judge([leaf, root], { name: parseRegistryName('10.0.0.5:5000'), roots: { certsD: [root], system: [] } });
      expect(byIp.problems[0]).toMatchObject({
        code: 'no-ip-sans',
        dockerError: "x509: cannot validate certificate for 10.0.0.5 because it doesn't contain any IP SANs",
      });
      expect(say(byIp.problems[0]?.fix)).toContain('IP:10.0.0.5');
    });
  });

  describe('issuer-not-ca', () => {
    it('a "CA" without basicConstraints CA:TRUE that signed the leaf', () => {
      const judgement = judge([leafViaNotCa, notCa]);
      expect(codes(judgement)).toEqual(['issuer-not-ca', 'unknown-authority']);
      const [notCaProblem] = judgement.problems;
      expect(notCaProblem?.certificate).toBe(1);
      expect(say(notCaProblem?.explanation)).toContain('Judge Not A CA');
      expect(say(notCaProblem?.fix)).toContain('CA:TRUE');
      // Go's UnknownAuthorityError with its hint (ConstraintViolationError).
      expect(notCaProblem?.dockerError?.startsWith(`${UNKNOWN_AUTHORITY} (possibly because of "x509: invalid signature: parent certificate cannot sign this kind of certificate"`)).toBe(true);
    });

    it('stays a problem when certs.d holds that "CA" (Go does not let it sign)', () => {
      const judgement = judge([leafViaNotCa, notCa], { roots: { certsD: [notCa], system: [] } });
      expect(judgement.trustedBy).toBe('certs.d');
      expect(codes(judgement)).toEqual(['issuer-not-ca']);
    });

    it('a CA:TRUE issuer whose keyUsage lacks keyCertSign may not sign either (Go\'s CheckSignatureFrom), even from certs.d', () => {
      const judgement = judge([leafViaNoCertSign, noCertSign], { roots: { certsD: [noCertSign], system: [] } });
      expect(codes(judgement)).toEqual(['issuer-not-ca']);
      expect(judgement.problems[0]?.certificate).toBe(1);
    });

    it('a real CA raises no issuer-not-ca', () => {
      expect(codes(judge([leafViaIntermediate, intermediate, root]))).not.toContain('issuer-not-ca');
    });
  });

  // Where the judgement differs from Go's crypto/x509 (verify.go: Verify, buildChains, isValid,
  // CheckSignatureFrom, UnknownAuthorityError.Error). These are source bugs reported, not fixed:
  describe('agreement with Go where Node and OpenSSL differ', () => {
    it('a root in certs.d that is not valid at `now` does not make the chain trusted (Go checks every candidate\'s validity)', () => {
      // In 2020 the leaf is valid, the root in certs.d (made today) is not yet: Go rejects the candidate.
      const judgement = judge([expiredLeaf], { now: new Date('2020-06-01T00:00:00Z'), roots: { certsD: [root], system: [] } });
      expect(judgement.trustedBy).toBeNull();
      expect(judgement.problems).not.toEqual([]);
    });

    it('issuer-not-ca gives the whole text Docker prints, naming the candidate authority', () => {
      const [problem] = judge([leafViaNotCa, notCa]).problems;
      expect(problem?.dockerError).toBe(
        `${UNKNOWN_AUTHORITY} (possibly because of "x509: invalid signature: parent certificate cannot sign this kind of certificate" while trying to verify candidate authority certificate "Judge Not A CA")`,
      );
    });

    it('a version 1 root (no basicConstraints) may sign, as Go lets it', () => {
      expect(judge([leafViaV1, v1Root], { roots: { certsD: [v1Root], system: [] } })).toEqual({
        ca: { source: 'server', certificate: v1Root },
        trustedBy: 'certs.d',
        problems: [],
      });
    });
  });

  it('refuses an empty chain', () => {
    expect(() => judge([])).toThrow(/empty/);
  });
});
