import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ApplyRequest, PRIVILEGED_REQUEST_VERSION } from '../../../../../shared/privileged';
import { createEngineControl } from '../../../../../electron/core/runtimes/docker/engine/control';
import { applyRequest } from '../../../../../electron/core/plan/privileged-request';
import { execProgram } from '../../../../../electron/core/platform/exec';
import { sha256Hex } from '../../../../../electron/core/platform/sha256';
import { derivePlan } from '../../../../../electron/core/privileged/derive-plan';
import type { ElevatedMachine } from '../../../../../electron/core/privileged/elevated-machine';
import { type CertificateAuthority, createCa } from '../../../../harness/certs';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { rejectionOf } from '../../../dockside-error';

// The elevated side's own plan from a request: only lists, CAs and registry names come in; the
// paths, bytes and engine steps are derived here from the files as found.

const ORIGINAL = '{\n  "data-root": "/data/docker",\n  "registry-mirrors": ["http://old.example:5000/"]\n}\n';

let tmp: TempDir;
let machine: ElevatedMachine;
let ca: CertificateAuthority;

beforeAll(async () => {
  tmp = makeTempDir('derive-plan');
  mkdirSync(tmp.join('ca'));
  ca = await createCa(tmp.join('ca'), { commonName: 'Derive Plan Test CA' });
});
afterAll(() => tmp.remove());

beforeEach(() => {
  const dir = realpathSync(tmp.path);
  const run = `${dir}/${Math.random().toString(16).slice(2)}`;
  mkdirSync(`${run}/certs.d`, { recursive: true });
  writeFileSync(`${run}/daemon.json`, ORIGINAL);
  const engine = { kind: 'none' as const };
  machine = {
    engine,
    engineControl: createEngineControl(engine, { exec: execProgram }),
    target: { exec: execProgram, dockerHost: `unix://${run}/no.sock` },
    daemonJsonPath: `${run}/daemon.json`,
    certsDir: `${run}/certs.d`,
    stateDir: `${run}/state`,
    journalDirs: [`${run}/state`],
    keepBackups: 10,
    elevated: true,
  };
});

const mirrors = (fields: Partial<ApplyRequest> = {}): ApplyRequest =>
  applyRequest('derive-0001', {}, { mirrors: ['http://new.example:5000/'], expectedBefore: { daemonJson: sha256Hex(ORIGINAL), certs: {} }, ...fields });

describe('derivePlan', () => {
  it('writes daemon.json with only registry-mirrors changed, computed from the file as found', async () => {
    const { plan } = await derivePlan(machine, mirrors());
    expect(plan?.steps).toEqual([
      {
        type: 'write-file',
        role: 'daemon-json',
        path: machine.daemonJsonPath,
        content: '{\n  "data-root": "/data/docker",\n  "registry-mirrors": [\n    "http://new.example:5000/"\n  ]\n}\n',
        mode: 0o644,
        beforeSha256: sha256Hex(ORIGINAL),
      },
    ]);
  });

  it('refuses a daemon.json that changed since the preview, or one the preview did not show', async () => {
    expect((await rejectionOf(derivePlan(machine, mirrors({ expectedBefore: { daemonJson: sha256Hex('{}\n'), certs: {} } })))).code).toBe('file-changed');
    expect((await rejectionOf(derivePlan(machine, mirrors({ expectedBefore: { certs: {} } })))).code).toBe('file-not-reviewed');
  });

  it('refuses mirrors and insecure registries dockerd would refuse, or that would smuggle keys', async () => {
    for (const url of ['tcp://127.0.0.1:2375', 'http://x","hosts":["tcp://127.0.0.1:2375"],"a":"', 'http://user:pw@mirror.example/', 'http://mirror.example/?q']) {
      const error = await rejectionOf(derivePlan(machine, mirrors({ mirrors: [url] })));
      expect(error.code).toBe('invalid-mirror');
      expect(error.message).not.toContain('pw@');
    }
    expect((await rejectionOf(derivePlan(machine, mirrors({ mirrors: null, insecureRegistries: ['evil.example/path'] })))).code).toBe('invalid-insecure-registry');
    expect(readFileSync(machine.daemonJsonPath, 'utf8')).toBe(ORIGINAL);
  });

  it('refuses to mark a public registry insecure unless the user allowed it', async () => {
    const request = mirrors({ mirrors: null, insecureRegistries: ['docker.io'] });
    expect((await rejectionOf(derivePlan(machine, request))).code).toBe('public-registry');
    expect((await derivePlan(machine, { ...request, allowPublicRegistry: true })).plan?.steps[0]).toMatchObject({ type: 'write-file', role: 'daemon-json' });
  });

  it('installs a CA as <certs.d>/<host>/ca.crt, byte for byte, only when it is PEM certificates', async () => {
    const host = 'nexus.example:8443';
    const trust = (caPem: string, registry = host): ApplyRequest => applyRequest('derive-0002', {}, { trust: [{ host: registry, caPem }], expectedBefore: { certs: { [registry]: null } } });
    const { plan } = await derivePlan(machine, trust(ca.pem));
    // The step names the CA it installs (for the review and the log), read from the PEM itself.
    expect(plan?.steps).toEqual([
      { type: 'write-file', role: 'ca-cert', path: `${machine.certsDir}/${host}/ca.crt`, content: ca.pem, mode: 0o644, beforeSha256: null, ca: [expect.objectContaining({ subject: 'CN=Derive Plan Test CA', issuer: 'CN=Derive Plan Test CA' })] },
    ]);
    expect((await rejectionOf(derivePlan(machine, trust('not a certificate')))).code).toBe('invalid-ca');
    const key = readFileSync(ca.keyPath, 'utf8');
    const withKey = await rejectionOf(derivePlan(machine, trust(`${ca.pem}${key}`)));
    expect(withKey.code).toBe('invalid-ca');
    expect(JSON.stringify(withKey.params)).not.toContain(key.split('\n')[1] ?? 'unreachable');
    for (const registry of ['../../sudoers.d', 'NEXUS.example:8443', 'a.example/../b']) {
      expect((await rejectionOf(derivePlan(machine, trust(ca.pem, registry)))).code).toBe('invalid-registry-name');
    }
    expect((await rejectionOf(derivePlan(machine, trust(ca.pem, 'ghcr.io')))).code).toBe('public-registry');
  });

  it('refuses a rollback of another change than the one reviewed', async () => {
    const rollback = { version: PRIVILEGED_REQUEST_VERSION, id: 'rollback-0001', action: 'rollback', runtime: 'docker', journalId: 'derive-0009', engineAction: 'auto', expectedBefore: { certs: {} }, target: {} } as const;
    expect((await rejectionOf(derivePlan(machine, rollback))).code).toBe('nothing-to-undo');
  });
});
