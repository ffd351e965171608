import { describe, expect, it } from 'vitest';
import { DoctorJsonSchema, type Finding } from '../../../../../shared/doctor';
import { msg } from '../../../../../shared/message';
import type { Evidence } from '../../../../../electron/core/doctor/evidence/types';
import type { Detector } from '../../../../../electron/core/doctor/findings/finding';
import { DETECTORS } from '../../../../../electron/core/doctor/findings/index';
import { hasErrors, runDoctor, sortFindings } from '../../../../../electron/core/doctor/run-doctor';

const text = (detail: string): Finding['title'] => msg('doctor.skipped.check-failed', { detail });

function finding(id: string, severity: Finding['severity']): Finding {
  return {
    id,
    severity,
    title: text(`title of ${id}`),
    explanation: text(`why ${id}`),
    evidence: [{ kind: 'file', source: '/etc/docker/daemon.json:1', detail: '{' }],
    fix: { text: text(`fix ${id}`), command: null, action: null },
  };
}

const detector = (id: string, result: Finding | null | (() => never)): Detector => ({
  id,
  detect: () => (typeof result === 'function' ? result() : result),
});

function evidence(overrides: Partial<Evidence> = {}): Evidence {
  return {
    local: {
      daemonJson: { path: '/etc/docker/daemon.json', exists: false, settings: null, keys: [], error: null },
      engine: { running: true, active: { mirrors: [], insecureRegistries: [] }, error: null, socket: { path: '/var/run/docker.sock', exists: true, accessible: true }, flagConflicts: [] },
      config: { path: '/home/u/.docker/config.json', config: {}, error: null },
      helpers: {},
      certsD: { dir: '/etc/docker/certs.d', defaultDir: false, hostsToml: [] },
    },
    registry: null,
    mirrors: null,
    image: null,
    skipped: [],
    ...overrides,
  };
}

describe('runDoctor', () => {
  it('orders errors, then warnings, then info, by id within a severity', () => {
    const detectors = [
      detector('b-info', finding('b-info', 'info')),
      detector('z-error', finding('z-error', 'error')),
      detector('a-warning', finding('a-warning', 'warning')),
      detector('a-info', finding('a-info', 'info')),
      detector('nothing', null),
      detector('a-error', finding('a-error', 'error')),
    ];
    const result = runDoctor(evidence(), detectors);
    expect(result.findings.map((f) => f.id)).toEqual(['a-error', 'z-error', 'a-warning', 'a-info', 'b-info']);
    expect(DoctorJsonSchema.parse(result)).toEqual(result);
    expect(hasErrors(result)).toBe(true);
  });

  it('gives the same order whatever the detectors order', () => {
    const all = [finding('c', 'warning'), finding('a', 'warning'), finding('b', 'error'), finding('d', 'info')];
    expect(sortFindings(all).map((f) => f.id)).toEqual(sortFindings([...all].reverse()).map((f) => f.id));
  });

  it('turns a detector that throws into a skipped entry naming it, and keeps the others', () => {
    const result = runDoctor(evidence({ skipped: [{ check: 'tls', reason: msg('doctor.skipped.mirrors.unknown') }] }), [
      detector('broken-check', () => {
        throw new TypeError("Cannot read properties of null (reading 'status')");
      }),
      detector('ok-check', finding('ok-check', 'warning')),
    ]);
    expect(result.findings.map((f) => f.id)).toEqual(['ok-check']);
    expect(result.skipped).toEqual([
      { check: 'tls', reason: msg('doctor.skipped.mirrors.unknown') },
      { check: 'broken-check', reason: { code: 'doctor.skipped.check-failed', params: { detail: expect.stringContaining("reading 'status'") } } },
    ]);
    expect(hasErrors(result)).toBe(false);
    expect(DoctorJsonSchema.safeParse(result).success).toBe(true);
  });

  it('skips a detector whose finding does not match the schema (no evidence)', () => {
    const bad = { ...finding('no-evidence', 'error'), evidence: [] };
    const result = runDoctor(evidence(), [detector('no-evidence', bad)]);
    expect(result.findings).toEqual([]);
    expect(result.skipped).toEqual([{ check: 'no-evidence', reason: { code: 'doctor.skipped.invalid-finding', params: { detail: expect.stringContaining('evidence') } } }]);
    expect(hasErrors(result)).toBe(false);
  });

  it('names the examined registry, null for the machine only', () => {
    expect(runDoctor(evidence(), []).registry).toBeNull();
    const registry = {
      registry: 'nexus.example:8443',
      repository: null,
      ping: { method: 'GET', url: 'https://nexus.example:8443/v2/', status: 200, headers: {}, body: '', error: null },
      challenges: [],
      anonymousToken: null,
      anonymousRepository: null,
      tls: null,
      push: null,
    };
    expect(runDoctor(evidence({ registry }), []).registry).toBe('nexus.example:8443');
  });

  it('starts from an array of detectors the finding modules add to', () => {
    expect(Array.isArray(DETECTORS)).toBe(true);
    expect(new Set(DETECTORS.map((d) => d.id)).size).toBe(DETECTORS.length);
  });
});
