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

const REGISTRY = 'nexus.example.com:8443';
const CA_PATH = `/etc/docker/certs.d/${REGISTRY}/ca.crt`;
const ENGINE: EngineSpec = { kind: 'systemd' };
const ID = 'plan-20240124-0002';

const fileState = (text: string, mode = 0o644): FileState => ({ bytes: Buffer.from(text, 'utf8'), sha256: sha256Hex(text), mode });

const input = (current: FileState | null): TrustPlanInput => ({ id: ID, engine: ENGINE, registry: REGISTRY, caPath: CA_PATH, current });

/** The diff's lines after the two label lines. */
const bodyLines = (diff: string): string[] => diff.split('\n').slice(2);

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
    it('writes a new ca.crt: role ca-cert, mode 0644, planned against "no file", the CA in PEM, a diff from /dev/null', () => {
      const { plan, diff } = planTrustAdd({ ...input(null), caPem: toPem(caCert) });
      const valid = validPlan(plan);
      expect(valid).toMatchObject({ version: 1, id: ID, action: 'apply', engine: ENGINE });
      expect(valid.undoes).toBeUndefined();
      expect(valid.reason).toContain(CA_PATH);
      expect(valid.steps).toEqual([{ type: 'write-file', role: 'ca-cert', path: CA_PATH, content: ca.pem, mode: 0o644, beforeSha256: null }]);

      const step = valid.steps[0];
      const content = step?.type === 'write-file' ? step.content : '';
      // The same certificate, in the PEM form openssl writes: 64-character lines, LF, a final newline.
      expect(new X509Certificate(content).fingerprint256).toBe(ca.fingerprintSha256);
      expect(content).toMatch(/^-----BEGIN CERTIFICATE-----\n(?:[A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/);

      expect(diff.startsWith(`--- /dev/null\n+++ ${CA_PATH}\n@@ -0,0 +1,`)).toBe(true);
      const added = bodyLines(diff).filter((line) => line.startsWith('+'));
      expect(added.map((line) => line.slice(1)).join('\n')).toBe(ca.pem.trimEnd());
      expect(bodyLines(diff).some((line) => line.startsWith('-'))).toBe(false);
    });

    it('replaces another CA: planned against the current sha256, a diff from the file', () => {
      const current = fileState(other.pem);
      const { plan, diff } = planTrustAdd({ ...input(current), caPem: toPem(caCert) });
      expect(validPlan(plan).steps).toEqual([{ type: 'write-file', role: 'ca-cert', path: CA_PATH, content: ca.pem, mode: 0o644, beforeSha256: sha256Hex(other.pem) }]);
      expect(diff.startsWith(`--- ${CA_PATH}\n+++ ${CA_PATH}\n`)).toBe(true);
      expect(diff).toContain(`-${other.pem.split('\n')[1]}\n`);
      expect(diff).toContain(`+${ca.pem.split('\n')[1]}\n`);
    });

    it('replaces an empty ca.crt (an existing file, so its sha256 is that of no bytes)', () => {
      const { plan } = planTrustAdd({ ...input(fileState('')), caPem: toPem(caCert) });
      const step = validPlan(plan).steps[0];
      expect(step).toMatchObject({ type: 'write-file', beforeSha256: sha256Hex('') });
      expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    });

    it('is unchanged (no plan, no diff) when ca.crt holds exactly that PEM', () => {
      expect(planTrustAdd({ ...input(fileState(ca.pem)), caPem: toPem(caCert) })).toEqual({ plan: null, diff: '' });
    });

    it('still writes when ca.crt holds the CA among others, or with CRLF line ends', () => {
      for (const text of [other.pem + ca.pem, ca.pem + other.pem, ca.pem.replace(/\n/g, '\r\n')]) {
        const { plan, diff } = planTrustAdd({ ...input(fileState(text)), caPem: toPem(caCert) });
        expect(validPlan(plan).steps).toEqual([{ type: 'write-file', role: 'ca-cert', path: CA_PATH, content: ca.pem, mode: 0o644, beforeSha256: sha256Hex(text) }]);
        expect(diff).not.toBe('');
      }
    });
  });

  describe('planTrustRemove', () => {
    it('removes ca.crt, planned against its current sha256, a diff to /dev/null, no engine step', () => {
      const current = fileState(ca.pem);
      const { plan, diff } = planTrustRemove(input(current));
      const valid = validPlan(plan);
      expect(valid).toMatchObject({ version: 1, id: ID, action: 'apply', engine: ENGINE });
      expect(valid.reason).toContain(CA_PATH);
      expect(valid.steps).toEqual([{ type: 'remove-file', role: 'ca-cert', path: CA_PATH, beforeSha256: sha256Hex(ca.pem) }]);
      expect(diff.startsWith(`--- ${CA_PATH}\n+++ /dev/null\n@@ -1,`)).toBe(true);
      const removed = bodyLines(diff).filter((line) => line.startsWith('-'));
      expect(removed.map((line) => line.slice(1)).join('\n')).toBe(ca.pem.trimEnd());
    });

    it('refuses with not-trusted when there is no ca.crt', () => {
      const error = thrownBy(() => planTrustRemove(input(null)));
      expect(error.code).toBe('not-trusted');
      expect(error.message).toContain(CA_PATH);
      expect(error.message).toContain(REGISTRY);
    });
  });
});
