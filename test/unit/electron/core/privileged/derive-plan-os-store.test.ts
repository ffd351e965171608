import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngineControl } from '../../../../../electron/core/runtimes/docker/engine/control';
import { applyRequest } from '../../../../../electron/core/plan/privileged-request';
import { execProgram } from '../../../../../electron/core/platform/exec';
import { sha256Hex } from '../../../../../electron/core/platform/sha256';
import { derivePlan } from '../../../../../electron/core/privileged/derive-plan';
import type { ElevatedMachine } from '../../../../../electron/core/privileged/elevated-machine';
import { anchorFileName, caDigests } from '../../../../../electron/core/trust/os-store/anchor-name';
import type { OsTrustStore } from '../../../../../electron/core/trust/os-store/store';
import { type CertificateAuthority, createCa } from '../../../../harness/certs';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';
import { rejectionOf } from '../../../dockside-error';

// The elevated side's OS store plan: the request carries only hosts and CA text; the anchor's
// path, the record and the refresh come from root's own store and state dir, and every file
// read must be as the preview saw it.

let tmp: TempDir;
let ca: CertificateAuthority;
let machine: ElevatedMachine;
let anchorsDir: string;

beforeAll(async () => {
  tmp = makeTempDir('derive-os-store');
  ca = await createCa(tmp.path, { commonName: 'Derive OS Store CA' });
});
afterAll(() => tmp.remove());

beforeEach(() => {
  const run = join(realpathSync(tmp.path), Math.random().toString(16).slice(2));
  anchorsDir = join(run, 'anchors');
  mkdirSync(anchorsDir, { recursive: true });
  const store: OsTrustStore = {
    kind: 'debian',
    anchorsDir,
    bundlePath: join(run, 'bundle.crt'),
    tools: [{ tool: 'update-ca-certificates', package: 'ca-certificates' }],
    refreshCommands: () => [['update-ca-certificates']],
    refresh: () => Promise.resolve(),
    holds: () => Promise.resolve(false),
  };
  const engine = { kind: 'none' as const };
  machine = {
    engine,
    engineControl: createEngineControl(engine, { exec: execProgram }),
    target: { exec: execProgram, dockerHost: `unix://${run}/no.sock` },
    daemonJsonPath: join(run, 'daemon.json'),
    certsDir: join(run, 'certs.d'),
    stateDir: join(run, 'state'),
    journalDirs: [join(run, 'state')],
    keepBackups: 10,
    elevated: false,
    osStore: store,
  };
});

const name = (): string => anchorFileName(caDigests(ca.pem).sha256);

describe('derivePlan with osTrust and osUntrust', () => {
  it('derives the anchor path, the record and the refresh itself', async () => {
    const request = applyRequest('derive-os-0001', {}, { osTrust: [{ host: 'nexus.example:8443', caPem: ca.pem }], expectedBefore: { certs: {}, osAnchors: { [name()]: null }, osTrustRecord: null } });
    const { plan } = await derivePlan(machine, request);
    expect(plan?.steps.map((step) => ('path' in step ? step.path : step.type))).toEqual([join(anchorsDir, name()), join(machine.stateDir, 'os-trust.json'), 'refresh-os-trust', 'verify-os-trust']);
    expect(plan?.steps[0]).toMatchObject({ type: 'write-file', role: 'os-ca', content: ca.pem, mode: 0o644 });
  });

  it('refuses an anchor the preview did not review, or one that changed since', async () => {
    const unreviewed = applyRequest('derive-os-0002', {}, { osTrust: [{ host: 'nexus.example:8443', caPem: ca.pem }], expectedBefore: { certs: {}, osTrustRecord: null } });
    expect((await rejectionOf(derivePlan(machine, unreviewed))).code).toBe('file-not-reviewed');
    writeFileSync(join(anchorsDir, name()), ca.pem);
    const stale = applyRequest('derive-os-0003', {}, { osTrust: [{ host: 'nexus.example:8443', caPem: ca.pem }], expectedBefore: { certs: {}, osAnchors: { [name()]: null }, osTrustRecord: null } });
    expect((await rejectionOf(derivePlan(machine, stale))).code).toBe('file-changed');
  });

  it('a caller cannot have root remove an anchor root has no record of: the removal is refused', async () => {
    writeFileSync(join(anchorsDir, name()), ca.pem);
    const request = applyRequest('derive-os-0004', {}, { osUntrust: ['nexus.example:8443'], expectedBefore: { certs: {}, osAnchors: { [name()]: sha256Hex(ca.pem) }, osTrustRecord: null } });
    expect((await rejectionOf(derivePlan(machine, request))).code).toBe('os-store-not-trusted');
  });

  it('polices the CA text as a certs.d CA is (a private key is refused), and a host that is not a canonical name', async () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n';
    expect((await rejectionOf(derivePlan(machine, applyRequest('derive-os-0005', {}, { osTrust: [{ host: 'nexus.example', caPem: key }], expectedBefore: { certs: {}, osTrustRecord: null } })))).code).toBe('invalid-ca');
    expect((await rejectionOf(derivePlan(machine, applyRequest('derive-os-0006', {}, { osTrust: [{ host: '../etc', caPem: ca.pem }], expectedBefore: { certs: {} } })))).code).toBe('invalid-registry-name');
  });

  it('without a store Dockside knows, refuses', async () => {
    const { osStore: _unused, ...none } = machine;
    const request = applyRequest('derive-os-0007', {}, { osTrust: [{ host: 'nexus.example:8443', caPem: ca.pem }], expectedBefore: { certs: {}, osTrustRecord: null } });
    expect((await rejectionOf(derivePlan(none, request))).code).toBe('os-store-unsupported');
  });
});
