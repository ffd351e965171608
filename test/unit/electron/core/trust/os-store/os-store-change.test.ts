import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Plan, PlanStep } from '../../../../../../shared/plan';
import type { EngineControl } from '../../../../../../electron/core/runtimes/docker/engine/engine-control';
import { executePlan, type ExecutorDeps } from '../../../../../../electron/core/plan/executor';
import { readJournal } from '../../../../../../electron/core/plan/journal';
import { planRollback } from '../../../../../../electron/core/plan/rollback-plan';
import { readFileState } from '../../../../../../electron/core/platform/file-state';
import { anchorFileName, caDigests } from '../../../../../../electron/core/trust/os-store/anchor-name';
import { planOsTrust } from '../../../../../../electron/core/trust/os-store/os-trust-plan';
import type { AnchorChange, OsTrustStore } from '../../../../../../electron/core/trust/os-store/store';
import type { TlsValidation } from '../../../../../../electron/core/trust/os-store/tls-validates';
import { type CertificateAuthority, createCa } from '../../../../../harness/certs';
import { makeTempDir, type TempDir } from '../../../../../harness/tmp';
import { rejectionOf } from '../../../../dockside-error';

// The OS store part of a change, end to end below the elevated boundary: planned from the files
// as found (root's record, the anchors), executed and journaled, verified, undone. The store is
// a fake whose "bundle" is rebuilt from the anchors directory on every refresh, as Debian's is.

let tmp: TempDir;
let caA: CertificateAuthority;
let caB: CertificateAuthority;

beforeAll(async () => {
  tmp = makeTempDir('os-store-change');
  caA = await createCa(tmp.path, { commonName: 'Dockside OS Store CA A' });
  mkdirSync(tmp.join('b'));
  caB = await createCa(tmp.join('b'), { commonName: 'Dockside OS Store CA B' });
});
afterAll(() => tmp.remove());

interface FakeStore extends OsTrustStore {
  refreshes: AnchorChange[][];
  bundle: Set<string>;
}

function fakeStore(anchorsDir: string, options: { keepRemoved?: boolean } = {}): FakeStore {
  const bundle = new Set<string>();
  const refreshes: AnchorChange[][] = [];
  return {
    kind: 'debian',
    anchorsDir,
    bundlePath: join(anchorsDir, '..', 'bundle.crt'),
    bundle,
    refreshes,
    tools: [{ tool: 'update-ca-certificates', package: 'ca-certificates' }],
    refreshCommands: () => [['update-ca-certificates']],
    refresh: (changes) => {
      refreshes.push([...changes]);
      if (!options.keepRemoved) bundle.clear();
      for (const name of existsSync(anchorsDir) ? readdirSync(anchorsDir) : []) bundle.add(caDigests(readFileSync(join(anchorsDir, name), 'utf8')).sha256);
      return Promise.resolve();
    },
    holds: (ca) => Promise.resolve(bundle.has(ca.sha256)),
  };
}

let run: string;
let store: FakeStore;
let recordPath: string;
let validation: TlsValidation;

beforeEach(() => {
  run = join(realpathSync(tmp.path), Math.random().toString(16).slice(2));
  mkdirSync(join(run, 'anchors'), { recursive: true });
  store = fakeStore(join(run, 'anchors'));
  recordPath = join(run, 'state', 'os-trust.json');
  validation = { kind: 'valid' };
});

const read = (path: string) => readFileState(path);
const plan = (id: string, steps: PlanStep[]): Plan => ({ version: 1, id, action: 'apply', reason: { code: 'plan.reason.confirmed', params: {} }, engine: { kind: 'none' }, steps });

function deps(): ExecutorDeps {
  return {
    engine: {} as EngineControl,
    target: { exec: () => Promise.reject(new Error('no engine here')) },
    stateDir: join(run, 'state'),
    allow: { files: [], certsDirs: [], osAnchorsDir: store.anchorsDir, osTrustRecord: recordPath },
    now: () => new Date('2026-12-07T22:00:00.000Z'),
    progress: () => undefined,
    sleep: () => Promise.resolve(),
    reloadVerifyMs: 0,
    restartTimeoutMs: 0,
    osTrust: { store, tools: { exec: () => Promise.reject(new Error('not used')), which: (tool) => `/usr/sbin/${tool}`, hooks: () => [] }, validates: () => Promise.resolve(validation) },
  };
}

async function apply(id: string, intent: Parameters<typeof planOsTrust>[2]) {
  const planned = await planOsTrust(store, recordPath, intent, read);
  return { planned, result: await executePlan(plan(id, planned.steps), deps()) };
}

const anchorOf = (ca: CertificateAuthority): string => join(store.anchorsDir, anchorFileName(caDigests(ca.pem).sha256));
const record = (): unknown => JSON.parse(readFileSync(recordPath, 'utf8'));

describe('trust add and remove in the OS store', () => {
  it('installs one anchor per CA, shared by two registries of that CA, and records both', async () => {
    const first = await apply('osstore-0001', { trust: [{ host: 'nexus.example:8443', caPem: caA.pem }], untrust: [] });
    expect(first.result.error).toBeUndefined();
    expect(first.result.outcome).toBe('applied');
    expect(first.planned.steps.map((step) => step.type + ('role' in step ? `:${step.role}` : ''))).toEqual(['write-file:os-ca', 'write-file:os-trust-record', 'refresh-os-trust', 'verify-os-trust']);
    expect(readFileSync(anchorOf(caA), 'utf8')).toBe(caA.pem);

    const second = await apply('osstore-0002', { trust: [{ host: 'nexus.example:8444', caPem: caA.pem }], untrust: [] });
    expect(second.result.outcome).toBe('applied');
    // The file is there already: only the record changes, and the store is not refreshed again.
    expect(second.planned.steps.map((step) => step.type)).toEqual(['write-file', 'verify-os-trust']);
    expect(store.refreshes).toHaveLength(1);
    const name = anchorFileName(caDigests(caA.pem).sha256);
    expect(record()).toEqual({ version: 1, anchors: { [name]: { sha256: caDigests(caA.pem).sha256, created: true, registries: ['nexus.example:8443', 'nexus.example:8444'] } } });
  });

  it('trust remove of one registry leaves the file while another registry still needs it; the last one removes it', async () => {
    await apply('osstore-0001', { trust: [{ host: 'a.example', caPem: caA.pem }, { host: 'b.example', caPem: caA.pem }], untrust: [] });
    const one = await apply('osstore-0002', { trust: [], untrust: ['a.example'] });
    expect(one.result.outcome).toBe('applied');
    expect(one.planned.warnings.map((warning) => warning.code)).toEqual(['tls.os-store.warning.still-needed']);
    expect(existsSync(anchorOf(caA))).toBe(true);
    expect(store.bundle.has(caDigests(caA.pem).sha256)).toBe(true);

    const last = await apply('osstore-0003', { trust: [], untrust: ['b.example'] });
    expect(last.result.outcome).toBe('applied');
    expect(last.planned.steps.map((step) => step.type)).toEqual(['remove-file', 'write-file', 'refresh-os-trust', 'verify-os-trust']);
    expect(existsSync(anchorOf(caA))).toBe(false);
    expect(store.bundle.size).toBe(0);
    expect(record()).toEqual({ version: 1, anchors: {} });
  });

  it('never removes an anchor Dockside did not create, and a registry never recorded is refused', async () => {
    writeFileSync(anchorOf(caB), caB.pem);
    const adopted = await apply('osstore-0001', { trust: [{ host: 'b.example', caPem: caB.pem }], untrust: [] });
    expect(adopted.planned.warnings.map((warning) => warning.code)).toEqual(['tls.os-store.warning.already-there']);
    const removed = await apply('osstore-0002', { trust: [], untrust: ['b.example'] });
    expect(removed.result.outcome).toBe('applied');
    expect(removed.planned.warnings.map((warning) => warning.code)).toEqual(['tls.os-store.warning.kept-not-ours']);
    expect(readFileSync(anchorOf(caB), 'utf8')).toBe(caB.pem);
    expect((await rejectionOf(planOsTrust(store, recordPath, { trust: [], untrust: ['never.example'] }, read))).code).toBe('os-store-not-trusted');
  });

  it('refuses a file of its name that holds another certificate, and a bundle of two', async () => {
    writeFileSync(anchorOf(caA), caB.pem);
    expect((await rejectionOf(planOsTrust(store, recordPath, { trust: [{ host: 'a.example', caPem: caA.pem }], untrust: [] }, read))).code).toBe('os-store-anchor-conflict');
    expect((await rejectionOf(planOsTrust(store, recordPath, { trust: [{ host: 'a.example', caPem: caA.pem + caB.pem }], untrust: [] }, read))).code).toBe('os-store-one-certificate');
  });

  it('a TLS connection that does not validate against the bundle rolls the install back: files as before, the store refreshed again (exit 3)', async () => {
    validation = { kind: 'refused', reason: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' };
    const { result } = await apply('osstore-0001', { trust: [{ host: 'a.example', caPem: caA.pem }], untrust: [] });
    expect(result.outcome).toBe('rolled-back');
    expect(result.error).toMatchObject({ code: 'verification-failed', key: 'tls.error.os-store.verify-failed' });
    expect(result.differences).toEqual([{ code: 'tls.error.os-store.not-validated', params: { registry: 'a.example', bundle: store.bundlePath, reason: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' } }]);
    expect(existsSync(anchorOf(caA))).toBe(false);
    expect(existsSync(recordPath)).toBe(false);
    expect(store.refreshes.map((changes) => changes.map((change) => [change.before !== null, change.after !== null]))).toEqual([[[false, true]], [[true, false]]]);
    expect(store.bundle.size).toBe(0);
    const { entries } = await readJournal(join(run, 'state'));
    expect(entries.map((entry) => [entry.phase, entry.outcome])).toEqual([['begin', undefined], ['end', 'rolled-back']]);
  });

  it('a registry that does not answer leaves the store check standing (installed, said as progress)', async () => {
    validation = { kind: 'unreachable', reason: 'ECONNREFUSED' };
    expect((await apply('osstore-0001', { trust: [{ host: 'a.example', caPem: caA.pem }], untrust: [] })).result.outcome).toBe('applied');
  });

  it('a store that still holds a removed CA (another copy) fails the removal, which is rolled back', async () => {
    await apply('osstore-0001', { trust: [{ host: 'a.example', caPem: caA.pem }], untrust: [] });
    const sticky = fakeStore(store.anchorsDir, { keepRemoved: true });
    sticky.bundle.add(caDigests(caA.pem).sha256);
    store = sticky;
    const { result } = await apply('osstore-0002', { trust: [], untrust: ['a.example'] });
    expect(result.outcome).toBe('rolled-back');
    expect(result.differences[0]?.code).toBe('tls.error.os-store.still-in-store');
    expect(readFileSync(anchorOf(caA), 'utf8')).toBe(caA.pem);
  });

  it('a store whose tool is not installed refuses before writing anything, naming the package', async () => {
    const planned = await planOsTrust(store, recordPath, { trust: [{ host: 'a.example', caPem: caA.pem }], untrust: [] }, read);
    const base = deps();
    const noTool = { ...base, osTrust: { ...base.osTrust!, tools: { ...base.osTrust!.tools, which: () => null } } };
    const result = await executePlan(plan('osstore-0001', planned.steps), noTool);
    expect(result).toMatchObject({ outcome: 'failed', error: { code: 'os-store-tool-missing', params: { tool: 'update-ca-certificates', package: 'ca-certificates' } } });
    expect(existsSync(anchorOf(caA))).toBe(false);
    expect(existsSync(recordPath)).toBe(false);
  });

  it('an executor without this store refuses the plan before writing anything', async () => {
    const planned = await planOsTrust(store, recordPath, { trust: [{ host: 'a.example', caPem: caA.pem }], untrust: [] }, read);
    const { osTrust: _unused, ...without } = deps();
    const result = await executePlan(plan('osstore-0001', planned.steps), without);
    expect(result).toMatchObject({ outcome: 'failed', error: { code: 'os-store-unavailable' } });
    expect(existsSync(anchorOf(caA))).toBe(false);
  });
});

describe('rollback of an OS store change', () => {
  it('removes the anchor an install created, puts the record back, refreshes and checks the store no longer holds it', async () => {
    await apply('osstore-0001', { trust: [{ host: 'a.example', caPem: caA.pem }], untrust: [] });
    const { entries } = await readJournal(join(run, 'state'));
    const rollback = await planRollback({ entries, id: 'osstore-0002', engine: { kind: 'none' }, active: null, startup: { mirrors: [], insecureRegistries: [] }, restart: false, osStore: store });
    expect(rollback.plan.steps.map((step) => step.type)).toEqual(['remove-file', 'remove-file', 'refresh-os-trust', 'verify-os-trust']);
    expect(rollback.plan.steps.at(-1)).toMatchObject({ type: 'verify-os-trust', trusted: false, host: null, sha256: caDigests(caA.pem).sha256 });
    const name = anchorFileName(caDigests(caA.pem).sha256);
    expect(rollback.expectedBefore).toEqual({ certs: {}, osAnchors: { [name]: expect.stringMatching(/^[0-9a-f]{64}$/) }, osTrustRecord: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const result = await executePlan({ ...rollback.plan, action: 'rollback' }, deps());
    expect(result.outcome).toBe('applied');
    expect(existsSync(anchorOf(caA))).toBe(false);
    expect(existsSync(recordPath)).toBe(false);
    expect(store.bundle.size).toBe(0);
  });
});
