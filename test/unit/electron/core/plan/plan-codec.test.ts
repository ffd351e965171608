import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../../../shared/plan';
import { DocksideError } from '../../../../../electron/core/errors';
import { decodePlan, encodePlan } from '../../../../../electron/core/plan/plan-codec';
import { thrownBy } from '../../../dockside-error';

const plan: Plan = {
  version: 1,
  id: 'plan-20240124-0001',
  action: 'apply',
  reason: 'Dockside needs administrator rights to write /etc/docker/daemon.json and to reload the Docker engine.',
  engine: { kind: 'systemd', dockerHost: 'unix:///var/run/docker.sock' },
  steps: [
    {
      type: 'write-file',
      role: 'daemon-json',
      path: '/etc/docker/daemon.json',
      content: '{\n  "registry-mirrors": ["http://nexus.example:8001"],\n  "data-root": "/data/docker"\n}\n',
      mode: 0o644,
      beforeSha256: 'a'.repeat(64),
    },
    { type: 'reload-engine' },
    { type: 'verify', expected: { mirrors: ['http://nexus.example:8001/'], insecureRegistries: ['nexus.example:8001'] } },
  ],
};

const encodeJson = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');

const decodeError = (encoded: string | undefined): DocksideError => thrownBy(() => decodePlan(encoded));

describe('encodePlan / decodePlan', () => {
  it('round-trips a plan through one base64 argv word', () => {
    const encoded = encodePlan(plan);
    expect(encoded).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(decodePlan(encoded)).toEqual(plan);
  });

  it('round-trips non-ASCII content (UTF-8) and a pidfile engine', () => {
    const unicode: Plan = {
      ...plan,
      engine: { kind: 'pidfile', pidfile: '/run/dockside-test/docker.pid' },
      steps: [{ type: 'write-file', role: 'daemon-json', path: '/etc/docker/daemon.json', content: '{"labels":["镜像=nexus"]}\n', mode: 0o600, beforeSha256: null }],
    };
    expect(decodePlan(encodePlan(unicode))).toEqual(unicode);
  });

  it('refuses to encode a plan that does not match the schema', () => {
    expect(() => encodePlan({ ...plan, id: 'x' })).toThrow();
  });
});

describe('decodePlan refuses what is not a valid plan', () => {
  it('no argument, or one that is not base64', () => {
    expect(decodeError(undefined).code).toBe('invalid-plan');
    expect(decodeError('').code).toBe('invalid-plan');
    expect(decodeError('not base64!').code).toBe('invalid-plan');
    expect(decodeError(`${encodePlan(plan)} --extra`).code).toBe('invalid-plan');
  });

  it('base64 of something that is not JSON', () => {
    expect(decodeError(Buffer.from('{"version":1,', 'utf8').toString('base64')).code).toBe('invalid-plan');
  });

  it('a bad id (it names the journal entry and backups)', () => {
    expect(decodeError(encodeJson({ ...plan, id: '../../etc' })).code).toBe('invalid-plan');
    expect(decodeError(encodeJson({ ...plan, id: 'short' })).code).toBe('invalid-plan');
  });

  it('an unknown step type', () => {
    const error = decodeError(encodeJson({ ...plan, steps: [...plan.steps, { type: 'run-command', command: 'rm -rf /' }] }));
    expect(error.code).toBe('invalid-plan');
    expect(error.message).toContain('steps.3');
  });

  it('an extra property, on the plan or on a step', () => {
    expect(decodeError(encodeJson({ ...plan, password: 'secret' })).code).toBe('invalid-plan');
    const [write, ...rest] = plan.steps;
    expect(decodeError(encodeJson({ ...plan, steps: [{ ...write, owner: 0 }, ...rest] })).code).toBe('invalid-plan');
  });

  it('a pidfile engine without its pidfile, or a pidfile on another kind', () => {
    expect(decodeError(encodeJson({ ...plan, engine: { kind: 'pidfile' } })).code).toBe('invalid-plan');
    expect(decodeError(encodeJson({ ...plan, engine: { kind: 'systemd', pidfile: '/run/docker.pid' } })).code).toBe('invalid-plan');
  });

  it('a plan without steps, or a mode beyond 0o777', () => {
    expect(decodeError(encodeJson({ ...plan, steps: [] })).code).toBe('invalid-plan');
    const [write, ...rest] = plan.steps;
    expect(decodeError(encodeJson({ ...plan, steps: [{ ...write, mode: 0o4755 }, ...rest] })).code).toBe('invalid-plan');
  });
});

describe('encodePlan size limit', () => {
  const withContent = (bytes: number): Plan => ({
    ...plan,
    steps: [{ type: 'write-file', role: 'daemon-json', path: '/etc/docker/daemon.json', content: 'x'.repeat(bytes), mode: 0o644, beforeSha256: null }],
  });

  it('refuses a plan over 128 KiB encoded (Linux MAX_ARG_STRLEN) with plan-too-large', () => {
    let thrown: unknown;
    try {
      encodePlan(withContent(100 * 1024));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DocksideError);
    expect((thrown as DocksideError).code).toBe('plan-too-large');
  });

  it('accepts a large daemon.json that still fits', () => {
    const encoded = encodePlan(withContent(90 * 1024));
    expect(encoded.length).toBeLessThan(128 * 1024);
    expect(decodePlan(encoded)).toEqual(withContent(90 * 1024));
  });
});
