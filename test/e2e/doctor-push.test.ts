import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/doctor';
import { PROBE_BLOB_DIGEST } from '../../electron/core/doctor/evidence/push-probe';
import { NGINX_FIX } from '../../electron/core/doctor/findings/split-pull-lacks-hosted';
import { type CertificateAuthority, createCa, issueCert } from '../harness/certs';
import { createCleanups } from '../harness/cleanup';
import { type DoctorRun, doctorWithoutEngine } from '../harness/doctor-run';
import { type NginxSplit, startNginxSplit } from '../harness/nginx';
import { type Registry, startRegistry } from '../harness/registry';
import { startTokenServer, type TokenServer } from '../harness/token-server';
import { makeTempDir, type TempDir, uniqueSuffix } from '../harness/tmp';
import { chinese, english } from '../harness/english';

// Issue 18, the doctor's push path with real parts: nginx fronts splitting GET/HEAD from the
// writes over two real docker-registry instances (a "hosted" one taking pushes, a "group" one
// serving pulls), and a token-auth Distribution whose token service grants one user push but
// not delete. Each case runs gatherEvidence and runDoctor(evidence, DETECTORS) as
// `dockside doctor <front>/<repository> --json` does.

const suffix = uniqueSuffix();
const PASSWORD = `Push-${suffix}-pw!`;
const cleanups = createCleanups();
let dir: TempDir;
let certsDir: string;
let ca: CertificateAuthority;

async function doctor(registry: string, repository: string, username: string): Promise<DoctorRun> {
  const run = await doctorWithoutEngine({ dir: dir.path, certsDir, registry, repository, credentials: { username, password: PASSWORD } });
  expect(JSON.stringify(run)).not.toContain(PASSWORD);
  return run;
}

function ids(run: DoctorRun): string[] {
  return run.result.findings.map((finding) => finding.id);
}

/** The error findings but the engine's: no dockerd runs for these cases (engine-not-running is expected). */
function registryErrors(run: DoctorRun): string[] {
  return run.result.findings.filter((finding) => finding.severity === 'error' && finding.id !== 'engine-not-running').map((finding) => finding.id);
}

function only(run: DoctorRun, id: string): Finding {
  const found = run.result.findings.filter((finding) => finding.id === id);
  expect(found, JSON.stringify({ findings: ids(run), push: run.evidence.registry?.push }, null, 2)).toHaveLength(1);
  return found[0] as Finding;
}

beforeAll(async () => {
  dir = makeTempDir('doctor-push');
  cleanups.add(() => dir.remove());
  certsDir = dir.join('certs.d');
  mkdirSync(certsDir);
  ca = await createCa(dir.path, { commonName: `Doctor Push Test CA ${suffix}` });
});

afterAll(() => cleanups.run());

describe('split-pull-lacks-hosted: nginx GET/HEAD to a "group", PUT/POST/PATCH/DELETE to a "hosted" docker-registry', () => {
  let hosted: Registry;
  let group: Registry;
  let member: Registry;
  let broken: NginxSplit;
  let headFixed: NginxSplit;
  let withMember: NginxSplit;

  /** An nginx front on 127.0.0.1 whose CA is in the temp certs.d, as `dockside trust add` leaves it. */
  async function front(pullUpstream: string, headBlobsToPush = false): Promise<NginxSplit> {
    const cert = await issueCert(ca, dir.path, { commonName: 'front', ipAddresses: ['127.0.0.1'] });
    const nginx = cleanups.track(
      await startNginxSplit({ listen: { host: '127.0.0.1' }, tls: { certPath: cert.chainPath, keyPath: cert.keyPath }, pullUpstream, pushUpstream: hosted.hostPort, headBlobsToPush }),
    );
    mkdirSync(join(certsDir, nginx.hostPort));
    writeFileSync(join(certsDir, nginx.hostPort, 'ca.crt'), ca.pem);
    return nginx;
  }

  beforeAll(async () => {
    hosted = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } }));
    // A group that does not contain the hosted repository: its own, empty storage.
    group = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' }, readOnly: true }));
    // A group that does: read-only over the hosted registry's storage.
    member = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' }, readOnly: true, storageDir: hosted.dataDir }));
    broken = await front(group.hostPort);
    headFixed = await front(group.hostPort, true);
    withMember = await front(member.hostPort);
  });

  it('errs when the blob the front stored is not seen by the HEAD after it (Docker: "unknown blob"), naming the Nexus and nginx fixes', async () => {
    const run = await doctor(broken.hostPort, 'team/broken', 'dev');
    const blob = run.evidence.registry?.push?.blob;
    expect(blob?.stored.map((exchange) => `${exchange.method} ${exchange.status}`)).toEqual(['POST 202', 'PUT 201']);
    expect(blob?.after).toMatchObject({ method: 'HEAD', status: 404 });
    const finding = only(run, 'split-pull-lacks-hosted');
    expect(finding.severity).toBe('error');
    expect(english(finding.explanation)).toContain('"unknown blob"');
    expect(english(finding.fix.text)).toContain(NGINX_FIX);
    expect(chinese(finding.fix.text)).toContain('Members');
    // What nginx did: the upload went to the hosted registry, the HEAD after it to the group.
    const blobPath = `/v2/team/broken/blobs/${PROBE_BLOB_DIGEST}`;
    const served = broken.requests().filter((request) => request.uri === blobPath || request.uri.startsWith('/v2/team/broken/blobs/uploads/'));
    expect(served.filter((request) => request.method === 'PUT').map((request) => request.upstreamAddr)).toEqual([hosted.hostPort]);
    expect(served.filter((request) => request.method === 'HEAD').map((request) => `${request.upstreamAddr} ${request.status}`)).toEqual([`${group.hostPort} 404`, `${group.hostPort} 404`]);
    // Push permission itself is fine: no push refusal is reported.
    expect(ids(run)).not.toContain('push-to-group');
    expect(ids(run)).not.toContain('push-to-proxy');
  });

  it('finds nothing once nginx sends HEAD of blobs to the hosted side (the fix it names)', async () => {
    const run = await doctor(headFixed.hostPort, 'team/headfix', 'dev');
    expect(run.evidence.registry?.push?.blob?.stored.at(-1)).toMatchObject({ method: 'PUT', status: 201 });
    expect(run.evidence.registry?.push?.blob?.after).toMatchObject({ method: 'HEAD', status: 200 });
    expect(ids(run)).not.toContain('split-pull-lacks-hosted');
    expect(headFixed.requests().filter((request) => request.method === 'HEAD').map((request) => request.upstreamAddr)).toEqual([hosted.hostPort, hosted.hostPort]);
  });

  it('finds nothing when the group contains the hosted repository (reads its storage), and stores nothing more on a second run', async () => {
    const run = await doctor(withMember.hostPort, 'team/member', 'dev');
    expect(run.evidence.registry?.push?.blob?.stored.at(-1)).toMatchObject({ method: 'PUT', status: 201 });
    expect(run.evidence.registry?.push?.blob?.after).toMatchObject({ method: 'HEAD', status: 200 });
    expect(ids(run)).not.toContain('split-pull-lacks-hosted');

    const again = await doctor(withMember.hostPort, 'team/member', 'dev');
    expect(again.evidence.registry?.push?.blob).toMatchObject({ before: { status: 200 }, stored: [], after: null });
    expect(ids(again)).not.toContain('split-pull-lacks-hosted');
  });
});

describe('push-cancel-refused: the probe cancelling its upload on a token-auth Distribution', () => {
  const service = `doctor-push-${suffix}`;
  const issuer = 'doctor-push-issuer';
  let tokens: TokenServer;
  let registry: Registry;

  beforeAll(async () => {
    const signer = await issueCert(ca, dir.path, { commonName: 'doctor-push token signer', noSan: true });
    tokens = cleanups.track(
      await startTokenServer({ signer, users: { pusher: PASSWORD, admin: PASSWORD }, allowedActions: { pusher: ['pull', 'push'] }, anonymousPull: [], issuer, service }),
    );
    registry = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' }, token: { realm: tokens.realm, service, issuer, rootCertBundlePath: ca.certPath } }));
  });

  it('with a token lacking delete: the cancel is refused, reported as "can push, could not cancel", and push is still judged possible', async () => {
    const run = await doctor(registry.hostPort, 'team/app', 'pusher');
    const asked = tokens.requests.filter((request) => request.user === 'pusher');
    expect(asked.map((request) => request.query.scope)).toEqual([['repository:team/app:pull,push,delete']]);
    expect(asked[0]?.granted).toEqual([{ type: 'repository', name: 'team/app', actions: ['pull', 'push'] }]);
    const push = run.evidence.registry?.push;
    expect(push?.start).toMatchObject({ method: 'PUT', status: 400 });
    expect(push?.start.body).toContain('MANIFEST_INVALID');
    expect(push?.upload).toMatchObject({ open: { method: 'POST', status: 202 }, cancel: { method: 'DELETE', status: 401 } });
    expect(push?.upload?.cancel?.headers['www-authenticate']).toContain('insufficient_scope');
    const finding = only(run, 'push-cancel-refused');
    expect(finding.severity).toBe('info');
    expect(english(finding.title)).toBe(`You can push to ${registry.hostPort}/team/app; the doctor could not cancel its test upload`);
    expect(chinese(finding.title)).toContain('你可以推送到');
    expect(registryErrors(run)).toEqual([]);
    // The blob round trip still runs with push alone (direct: HEAD and PUT reach the same registry).
    expect(push?.blob?.after ?? push?.blob?.before).toMatchObject({ method: 'HEAD', status: 200 });
  });

  it('with delete granted: the cancel succeeds (204) and nothing is reported about it', async () => {
    const run = await doctor(registry.hostPort, 'team/other', 'admin');
    expect(tokens.requests.filter((request) => request.user === 'admin').at(-1)?.granted).toEqual([{ type: 'repository', name: 'team/other', actions: ['pull', 'push', 'delete'] }]);
    expect(run.evidence.registry?.push?.upload).toMatchObject({ open: { status: 202 }, cancel: { method: 'DELETE', status: 204 } });
    expect(ids(run)).not.toContain('push-cancel-refused');
    expect(registryErrors(run)).toEqual([]);
  });
});
