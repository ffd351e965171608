import { describe, expect, it } from 'vitest';
import { type ApplyRequest, PRIVILEGED_REQUEST_VERSION, type PrivilegedRequest } from '../../../../../shared/privileged';
import { applyRequest, decodeRequest, encodeRequest, mergeApplyRequests } from '../../../../../electron/core/plan/privileged-request';
import { thrownBy } from '../../../dockside-error';

const request: ApplyRequest = applyRequest('change-20240124-0001', {}, {
  mirrors: ['http://nexus.example:8001/'],
  insecureRegistries: ['nexus.example:8001'],
  expectedBefore: { daemonJson: 'a'.repeat(64), certs: {} },
});

const encodeJson = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
const decodeError = (encoded: string | undefined) => thrownBy(() => decodeRequest(encoded));

describe('encodeRequest / decodeRequest', () => {
  it('round-trips a request through one base64 argv word', () => {
    const encoded = encodeRequest(request);
    expect(encoded).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(decodeRequest(encoded)).toEqual(request);
  });

  it('round-trips a rollback and non-ASCII text', () => {
    const rollback: PrivilegedRequest = {
      version: PRIVILEGED_REQUEST_VERSION,
      id: 'rollback-0001',
      action: 'rollback',
      runtime: 'docker',
      journalId: 'change-20240124-0001',
      engineAction: 'restart',
      expectedBefore: { daemonJson: null, certs: { 'nexus.example:8443': 'b'.repeat(64) } },
      target: { daemonJson: '/etc/docker/镜像.json' },
    };
    expect(decodeRequest(encodeRequest(rollback))).toEqual(rollback);
  });
});

describe('decodeRequest refuses what is not a request, naming fields but never echoing values', () => {
  it('no argument, or one that is not base64, or not JSON', () => {
    for (const encoded of [undefined, '', 'not base64!', `${encodeRequest(request)} --extra`, Buffer.from('{"version":2,').toString('base64')]) {
      expect(decodeError(encoded).code).toBe('invalid-request');
    }
  });

  it('a plan of effects (the old version 1 with steps and paths)', () => {
    const plan = {
      version: 1,
      id: 'plan-20240124-0001',
      action: 'apply',
      reason: 'x',
      engine: { kind: 'pidfile', pidfile: '/home/u/dockerd.pid' },
      steps: [{ type: 'write-file', role: 'daemon-json', path: '/etc/sudoers.d/x', content: 'u ALL=(ALL) NOPASSWD: ALL', mode: 0o666, beforeSha256: null }],
    };
    const error = decodeError(encodeJson(plan));
    expect(error.code).toBe('invalid-request');
    expect(error.message).not.toContain('NOPASSWD');
    expect(error.message).not.toContain('sudoers');
  });

  it('an unknown key anywhere: a daemon.json key, an engine, a mode', () => {
    for (const extra of [{ hosts: ['tcp://127.0.0.1:2375'] }, { 'data-root': '/home/u' }, { engine: { kind: 'pidfile', pidfile: '/tmp/p' } }, { mode: 0o666 }]) {
      const error = decodeError(encodeJson({ ...request, ...extra }));
      expect(error.code).toBe('invalid-request');
      expect(error.message).not.toContain('2375');
    }
    expect(decodeError(encodeJson({ ...request, trust: [{ host: 'a.example', caPem: 'x', mode: 0o666 }] })).code).toBe('invalid-request');
    expect(decodeError(encodeJson({ ...request, target: { pidfile: '/tmp/p' } })).code).toBe('invalid-request');
  });

  it('a bad id (it names the journal entry and backups)', () => {
    expect(decodeError(encodeJson({ ...request, id: '../../etc' })).code).toBe('invalid-request');
  });

  it('more than 96 KiB', () => {
    const big = { ...request, trust: Array.from({ length: 2 }, (_, i) => ({ host: `r${i}.example`, caPem: 'x'.repeat(60 * 1024) })) };
    expect(decodeError(encodeJson(big)).code).toBe('request-too-large');
    expect(thrownBy(() => encodeRequest(big)).code).toBe('request-too-large');
  });
});

describe('mergeApplyRequests', () => {
  it('one request for a setup: the CAs, the last lists, every digest, restart when one asks', () => {
    const trust = applyRequest('t-00000001', {}, { trust: [{ host: 'a.example', caPem: 'PEM' }], expectedBefore: { certs: { 'a.example': null } } });
    const merged = mergeApplyRequests('setup-0001', { engine: 'systemd' }, [trust, { ...request, engineAction: 'restart' }]);
    expect(merged).toEqual({
      ...request,
      id: 'setup-0001',
      target: { engine: 'systemd' },
      trust: [{ host: 'a.example', caPem: 'PEM' }],
      engineAction: 'restart',
      expectedBefore: { daemonJson: 'a'.repeat(64), certs: { 'a.example': null } },
    });
    expect(mergeApplyRequests('setup-0002', {}, [])).toBeNull();
  });
});
