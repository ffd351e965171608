import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineControl } from '../../../../../electron/core/runtimes/docker/engine/control';
import { applyRequest } from '../../../../../electron/core/plan/privileged-request';
import { execProgram } from '../../../../../electron/core/platform/exec';
import { sha256Hex } from '../../../../../electron/core/platform/sha256';
import { derivePlan } from '../../../../../electron/core/privileged/derive-plan';
import type { ElevatedMachine } from '../../../../../electron/core/privileged/elevated-machine';
import { type CertificateAuthority, createCa } from '../../../../harness/certs';
import { makeTempDir, type TempDir } from '../../../../harness/tmp';

// Issue 18 item 2 on the elevated side: a request for what the files already say derives no
// plan (no backup, no journal, no engine step), whatever the formatting of the file.

const ONE_LINE = '{"data-root":"/data/docker","registry-mirrors":["http://old.example:5000"],"insecure-registries":["http://reg.example:5000/"]}\n';

let tmp: TempDir;
let machine: ElevatedMachine;
let ca: CertificateAuthority;

beforeAll(async () => {
  tmp = makeTempDir('derive-plan-unchanged');
  const dir = realpathSync(tmp.path);
  mkdirSync(`${dir}/certs.d/reg.example:5000`, { recursive: true });
  writeFileSync(`${dir}/daemon.json`, ONE_LINE);
  ca = await createCa(dir, { commonName: 'Unchanged Test CA' });
  writeFileSync(`${dir}/certs.d/reg.example:5000/ca.crt`, ca.pem);
  const engine = { kind: 'none' as const };
  machine = {
    engine,
    engineControl: createEngineControl(engine, { exec: execProgram }),
    target: { exec: execProgram, dockerHost: `unix://${dir}/no.sock` },
    daemonJsonPath: `${dir}/daemon.json`,
    certsDir: `${dir}/certs.d`,
    stateDir: `${dir}/state`,
    journalDirs: [`${dir}/state`],
    keepBackups: 10,
    elevated: true,
  };
});
afterAll(() => tmp.remove());

describe('derivePlan for an unchanged request', () => {
  it('derives no plan for the mirrors and insecure registries daemon.json already has, written another way', async () => {
    const request = applyRequest('unchanged-0001', {}, {
      mirrors: ['http://old.example:5000/'],
      insecureRegistries: ['reg.example:5000'],
      expectedBefore: { daemonJson: sha256Hex(ONE_LINE), certs: {} },
    });
    expect((await derivePlan(machine, request)).plan).toBeNull();
  });

  it('derives no plan for the CA the registry already has', async () => {
    const request = applyRequest('unchanged-0002', {}, { trust: [{ host: 'reg.example:5000', caPem: ca.pem }], expectedBefore: { certs: { 'reg.example:5000': sha256Hex(ca.pem) } } });
    expect((await derivePlan(machine, request)).plan).toBeNull();
  });
});
