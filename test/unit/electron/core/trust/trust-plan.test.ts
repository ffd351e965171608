import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineSpec } from '../../../../../shared/engine';
import { PlanSchema, type Plan } from '../../../../../shared/plan';
import { sha256Hex } from '../../../../../electron/core/platform/sha256';
import type { FileState } from '../../../../../electron/core/platform/file-state';
import { planTrustAdd, planTrustRemove, type TrustPlanInput } from '../../../../../electron/core/trust/trust-plan';
import { toPem } from '../../../../../electron/core/trust/certificate-info';
import { thrownBy } from '../../../dockside-error';
import { createCa, type CertificateAuthority } from '../../../../harness/certs';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { english } from '../../../../harness/english';

const REGISTRY = 'nexus.example.com:8443';
const CA_PATH = `/etc/docker/certs.d/${REGISTRY}/ca.crt`;
const ENGINE: EngineSpec = { kind: 'systemd' };
const ID = 'plan-20240124-0002';

const fileState = (text: string, mode = 0o644): FileState => ({ bytes: Buffer.from(text, 'utf8'), sha256: sha256Hex(text), mode });

const input = (current: FileState | null): TrustPlanInput => ({ id: ID, engine: ENGINE, registry: REGISTRY, caPath: CA_PATH, current });

const seconds = (date: string): string => new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** What a preview shows of a CA instead of its PEM. */
const summary = (cert: X509Certificate) => ({ subject: cert.subject, issuer: cert.issuer, fingerprintSha256: cert.fingerprint256, notBefore: seconds(cert.validFrom), notAfter: seconds(cert.validTo) });

const ENGINE_STEPS = ['reload-engine', 'restart-engine', 'verify'];

function validPlan(plan: Plan | null): Plan {
  expect(plan).not.toBeNull();
  const parsed = PlanSchema.safeParse(plan);
  expect(parsed.success, parsed.success ? '' : parsed.error.message).toBe(true);
  expect((plan as Plan).steps.filter((step) => ENGINE_STEPS.includes(step.type))).toEqual([]);
  return plan as Plan;
}

describe('trust plans', () => {
  let tmp: TempDir;
  let ca: CertificateAuthority;
  let other: CertificateAuthority;
  let caCert: X509Certificate;

  beforeAll(async () => {
    tmp = makeTempDir('trust-plan');
    [ca, other] = await Promise.all([createCa(tmp.path, { commonName: 'Plan Test Root CA' }), createCa(tmp.path, { commonName: 'Plan Test Other CA' })]);
    caCert = new X509Certificate(ca.pem);
  }, 60_000);
  afterAll(() => tmp.remove());

  describe('planTrustAdd', () => {
    it('writes a new ca.crt: role ca-cert, mode 0644, planned against "no file", the CA in PEM, shown by subject, issuer, fingerprint and validity', () => {
      const { plan } = planTrustAdd({ ...input(null), caPem: toPem(caCert) });
      const valid = validPlan(plan);
      expect(valid).toMatchObject({ version: 1, id: ID, action: 'apply', engine: ENGINE });
      expect(valid.undoes).toBeUndefined();
      expect(english(valid.reason)).toContain(CA_PATH);
      expect(valid.steps).toEqual([{ type: 'write-file', role: 'ca-cert', path: CA_PATH, content: ca.pem, mode: 0o644, beforeSha256: null, ca: [summary(caCert)] }]);
      expect(summary(caCert)).toMatchObject({ subject: 'CN=Plan Test Root CA', fingerprintSha256: ca.fingerprintSha256 });

      const step = valid.steps[0];
      const content = step?.type === 'write-file' ? step.content : '';
      // The same certificate, in the PEM form openssl writes: 64-character lines, LF, a final newline.
      expect(new X509Certificate(content).fingerprint256).toBe(ca.fingerprintSha256);
      expect(content).toMatch(/^-----BEGIN CERTIFICATE-----\n(?:[A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/);
    });

    it('replaces another CA: planned against the current sha256', () => {
      const current = fileState(other.pem);
      const { plan } = planTrustAdd({ ...input(current), caPem: toPem(caCert) });
      expect(validPlan(plan).steps).toEqual([{ type: 'write-file', role: 'ca-cert', path: CA_PATH, content: ca.pem, mode: 0o644, beforeSha256: sha256Hex(other.pem), ca: [summary(caCert)] }]);
    });

    it('replaces an empty ca.crt (an existing file, so its sha256 is that of no bytes)', () => {
      const { plan } = planTrustAdd({ ...input(fileState('')), caPem: toPem(caCert) });
      const step = validPlan(plan).steps[0];
      expect(step).toMatchObject({ type: 'write-file', beforeSha256: sha256Hex('') });
      expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    });

    it('is unchanged (no plan) when ca.crt holds exactly that PEM', () => {
      expect(planTrustAdd({ ...input(fileState(ca.pem)), caPem: toPem(caCert) })).toEqual({ plan: null });
    });

    it('still writes when ca.crt holds the CA among others, or with CRLF line ends', () => {
      for (const text of [other.pem + ca.pem, ca.pem + other.pem, ca.pem.replace(/\n/g, '\r\n')]) {
        const { plan } = planTrustAdd({ ...input(fileState(text)), caPem: toPem(caCert) });
        expect(validPlan(plan).steps).toEqual([{ type: 'write-file', role: 'ca-cert', path: CA_PATH, content: ca.pem, mode: 0o644, beforeSha256: sha256Hex(text), ca: [summary(caCert)] }]);
      }
    });
  });

  describe('planTrustRemove', () => {
    it('removes ca.crt, planned against its current sha256, the CA it holds shown by its summary, no engine step', () => {
      const current = fileState(ca.pem);
      const { plan } = planTrustRemove(input(current));
      const valid = validPlan(plan);
      expect(valid).toMatchObject({ version: 1, id: ID, action: 'apply', engine: ENGINE });
      expect(english(valid.reason)).toContain(CA_PATH);
      expect(valid.steps).toEqual([{ type: 'remove-file', role: 'ca-cert', path: CA_PATH, beforeSha256: sha256Hex(ca.pem), ca: [summary(caCert)] }]);
    });

    it('removes a ca.crt that holds no certificate all the same, with no summary', () => {
      const { plan } = planTrustRemove(input(fileState('not a certificate\n')));
      expect(validPlan(plan).steps).toEqual([{ type: 'remove-file', role: 'ca-cert', path: CA_PATH, beforeSha256: sha256Hex('not a certificate\n') }]);
    });

    it('refuses with not-trusted when there is no ca.crt', () => {
      const error = thrownBy(() => planTrustRemove(input(null)));
      expect(error.code).toBe('not-trusted');
      expect(english(error)).toContain(CA_PATH);
      expect(english(error)).toContain(REGISTRY);
    });
  });
});
