import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Machine, resolveMachine } from '../../../../../electron/core/machine';
import { createHandlers } from '../../../../../electron/main/handlers/index';
import type { HandlerDeps, Handlers } from '../../../../../electron/main/handlers/types';
import { dispatch } from '../../../../../electron/main/handlers/dispatch';
import { lazyMachine } from '../../../../../electron/main/handlers/machine';
import { createPendingLink } from '../../../../../electron/main/pending-link';
import { StatusJsonSchema } from '../../../../../shared/cli';
import { IPC_CHANNELS, type IpcChannel } from '../../../../../shared/ipc-channels';
import { english } from '../../../../harness/english';

const appSource = { name: 'Dockside', version: '1.2.3', platform: 'linux', arch: 'x64' };
const noMachine = (): Promise<Machine> => Promise.reject(new Error('this test resolves no machine'));
const noChange: HandlerDeps['change'] = {
  privileged: { runtime: '', script: '' },
  elevatorFor: () => {
    throw new Error('this test applies no change');
  },
  newId: () => 'plan-0001',
  confirm: () => Promise.reject(new Error('this test confirms no change')),
  systemLanguages: () => ['en-US'],
};
const noUserCommands = (): never => {
  throw new Error('this test reads no PATH');
};
const deps = (overrides: Partial<HandlerDeps> = {}): HandlerDeps => ({
  app: appSource,
  machine: noMachine,
  catalogPath: '',
  emit: () => undefined,
  change: noChange,
  profileLink: createPendingLink(),
  userCommands: noUserCommands,
  ...overrides,
});

/** Handlers that must never run: every request below is refused by its schema first. */
function untouchable(): { handlers: Handlers; calls: IpcChannel[] } {
  const calls: IpcChannel[] = [];
  const handlers = Object.fromEntries(
    IPC_CHANNELS.map((channel) => [
      channel,
      () => {
        calls.push(channel);
        throw new Error(`the ${channel} handler ran`);
      },
    ]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

describe('IPC dispatch', () => {
  it('returns the handler value as an ok result', async () => {
    const result = await dispatch(createHandlers(deps()), 'app:info', {});
    expect(result).toEqual({ ok: true, value: { name: 'Dockside', version: '1.2.3', platform: 'linux', arch: 'x64', languages: ['en-US'] } });
  });

  it('refuses a request that does not match the channel schema, naming the field', async () => {
    const result = await dispatch(createHandlers(deps()), 'app:info', { unexpected: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-request');
    expect(english(result.error)).toContain('app:info');
    expect(english(result.error)).toContain('unexpected');
  });

  it('refuses a channel outside the contract (names come from another process)', async () => {
    const result = await dispatch(createHandlers(deps()), 'app:delete-everything' as IpcChannel, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it('turns a thrown error into an error value and keeps its code', async () => {
    const failing: Handlers = {
      ...createHandlers(deps()),
      'app:info': async () => {
        throw Object.assign(new Error('keychain is locked'), { code: 'keychain-locked' });
      },
    };
    expect(await dispatch(failing, 'app:info', {})).toEqual({ ok: false, error: { code: 'keychain-locked', key: 'common.error.internal', params: { detail: 'keychain is locked' } } });
  });

  it('reports an unsupported platform instead of passing it on', async () => {
    const result = await dispatch(createHandlers(deps({ app: { ...appSource, platform: 'plan9' } })), 'app:info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('IPC dispatch: every channel validates its request before its handler runs', () => {
  // [channel, a request its schema refuses, the field the refusal must name]
  const refused: [IpcChannel, unknown, string][] = [
    ['status:get', { engine: 'systemd' }, 'engine'],
    ['trust:inspect', {}, 'registry'],
    ['trust:inspect', { registry: '' }, 'registry'],
    ['trust:inspect', { registry: 'nexus.example:8443', caFile: '/tmp/ca.pem' }, 'caFile'],
    // A CA file's text is read by the renderer and capped as the elevated request caps it; a path never crosses.
    ['trust:inspect', { registry: 'nexus.example:8443', caPem: 'x'.repeat(64 * 1024 + 1) }, 'caPem'],
    ['trust:inspect', { registry: 'nexus.example:8443', caUrl: '' }, 'caUrl'],
    ['trust:list', { certsDir: '/tmp' }, 'certsDir'],
    ['creds:list', { all: true }, 'all'],
    ['login', { registry: 'nexus.example:8443', password: 'x' }, 'username'],
    ['login', { registry: 42, username: 'dev', password: 'x' }, 'registry'],
    ['login', { registry: 'nexus.example:8443', username: 'dev' }, 'password'],
    ['nexus:discover', { username: 'dev', password: 'x' }, 'url'],
    ['nexus:discover', { url: 'https://nexus.example', username: 'dev' }, 'password'],
    ['nexus:discover', { url: 'https://nexus.example', password: 'x' }, 'username'],
    ['mirrors:probe', {}, 'urls'],
    ['mirrors:probe', { urls: 'https://mirror.example' }, 'urls'],
    ['mirrors:probe', { urls: [''] }, 'urls.0'],
    ['mirrors:probe', { urls: [], timeoutMs: 99 }, 'timeoutMs'],
    ['mirrors:probe', { urls: [], timeoutMs: 600_001 }, 'timeoutMs'],
    ['mirrors:probe', { urls: [], timeoutMs: 1000.5 }, 'timeoutMs'],
    ['mirrors:probe', { urls: [], nexus: 7 }, 'nexus'],
    ['mirrors:probe', { urls: [], image: '' }, 'image'],
    ['doctor:run', { target: 3 }, 'target'],
    ['doctor:run', { image: ['busybox'] }, 'image'],
    ['doctor:run', { target: 'nexus.example:8443', fix: true }, 'fix'],
    ['change:plan', {}, 'kind'],
    ['change:plan', { kind: 'install-anything' }, 'kind'],
    ['change:plan', { kind: 'trust-add' }, 'registry'],
    ['change:plan', { kind: 'trust-add', registry: 'nexus.example:8443', fingerprint: 5 }, 'fingerprint'],
    ['change:plan', { kind: 'trust-add', registry: 'nexus.example:8443', caPath: '/etc/shadow' }, 'caPath'],
    ['change:plan', { kind: 'trust-remove', registry: '' }, 'registry'],
    ['change:plan', { kind: 'mirrors-use', urls: [] }, 'urls'],
    ['change:plan', { kind: 'mirrors-use', urls: ['https://mirror.example'], insecure: 'yes' }, 'insecure'],
    ['change:plan', { kind: 'mirrors-use', urls: ['https://mirror.example'], restart: true }, 'restart'],
    ['change:plan', { kind: 'mirrors-use', urls: ['http://docker.io'], insecure: true, allowPublicRegistry: 'yes' }, 'allowPublicRegistry'],
    ['change:plan', { kind: 'trust-add', registry: 'ghcr.io', allowPublicRegistry: 1 }, 'allowPublicRegistry'],
    ['change:plan', { kind: 'trust-remove', registry: 'ghcr.io', allowPublicRegistry: true }, 'allowPublicRegistry'],
    ['change:plan', { kind: 'mirrors-clear', urls: [] }, 'urls'],
    ['change:plan', { kind: 'rollback', plan: 'eyJ2ZXJzaW9uIjoxfQ==' }, 'plan'],
    ['change:apply', {}, 'planId'],
    ['change:apply', { planId: '' }, 'planId'],
    ['change:apply', { planId: 'plan-0001', plan: { steps: [] } }, 'plan'],
    // The renderer cannot answer main's confirmation for the user, nor word it, nor pick an unknown language.
    ['change:apply', { planId: 'plan-0001', confirmed: true }, 'confirmed'],
    ['change:apply', { planId: 'plan-0001', detail: 'Nothing important' }, 'detail'],
    ['change:apply', { planId: 'plan-0001', language: 'fr' }, 'language'],
    ['creds:migrate', {}, 'dryRun'],
    ['creds:migrate', { dryRun: 'no' }, 'dryRun'],
    ['logout', {}, 'registry'],
    ['logout', { registry: 'nexus.example:8443', all: true }, 'all'],
    ['change:plan', { kind: 'setup', registries: [{ registry: 'nexus.example:8443', signIn: { username: 'dev' } }] }, 'registries.0.signIn.password'],
    ['change:plan', { kind: 'setup', registries: [{ registry: 'nexus.example:8443', caPath: '/etc/shadow' }] }, 'registries.0'],
    ['change:plan', { kind: 'setup', registries: [], mirrors: { urls: [] } }, 'mirrors.urls'],
    ['change:plan', { kind: 'setup', registries: [], plan: { steps: [] } }, 'plan'],
    ['login:check', { registry: 'nexus.example:8443', username: 'dev' }, 'password'],
    ['login:check', { registry: 'nexus.example:8443', username: 'dev', password: 'pw', store: 'plaintext' }, 'store'],
    ['history:list', { limit: 3 }, 'limit'],
    ['profile:load', { path: '/etc/passwd' }, '(request)'],
    ['profile:load', { url: '' }, 'url'],
    ['profile:pending', { url: 'https://nexus.example/team.json' }, 'url'],
    ['profile:pending', { take: true }, 'take'],
    ['change:plan', { kind: 'setup', registries: [{ registry: 'http-registry.example:5000', insecure: 'yes' }] }, 'registries.0.insecure'],
    ['change:plan', { kind: 'setup', registries: [{ registry: 'nexus.example:8443', fingerprint: `sha256:${'AB'.repeat(32)}`, osStore: 'yes' }] }, 'registries.0.osStore'],
    ['login:check', { registry: 'nexus.example:8443', username: 'dev', password: 'pw', caPem: '' }, 'caPem'],
    // The wizard's profile mode (issue 18): the profile as profile:load returned it, the mirrors kept, a full account per registry.
    ['profile:survey', { profile: { source: 'team.json', profile: { version: 1, name: 'Team', registries: [] } } }, 'profile.profile.registries'],
    ['profile:survey', { url: 'https://nexus.example/team.json' }, 'url'],
    // path:* take nothing from the renderer: the directory and the profile are main's choice.
    ['path:status', { dir: '/usr/local/bin' }, 'dir'],
    ['path:install', { dir: '/usr/local/bin' }, 'dir'],
    ['path:remove', { profile: '/etc/profile' }, 'profile'],
    ['change:plan', { kind: 'profile', profile: { source: 'team.json', profile: { version: 1, name: 'Team', registries: [{ host: 'nexus.example:8443' }] } }, mirrors: [], signIns: [{ registry: 'nexus.example:8443', username: 'dev' }] }, 'signIns.0.password'],
    ['change:plan', { kind: 'profile', profile: { source: 'team.json', profile: { version: 1, name: 'Team', registries: [{ host: 'nexus.example:8443' }] } }, mirrors: [], signIns: [], allowPublicRegistry: true }, 'allowPublicRegistry'],
  ];

  it('covers every channel but app:info (tested above)', () => {
    expect(new Set(refused.map(([channel]) => channel))).toEqual(new Set(IPC_CHANNELS.filter((channel) => channel !== 'app:info')));
  });

  it.each(refused)('%s refuses %j naming %s', async (channel, request, field) => {
    const { handlers, calls } = untouchable();
    const result = await dispatch(handlers, channel, request);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-request');
    const said = english(result.error);
    expect(said).toContain(channel);
    // A wrong field is named by its path; a field the schema does not know, as the unrecognized key; a missing half of a sign-in, by name.
    expect([`${field}: `, `Unrecognized key: "${field}"`, `lacks ${field}:`].some((naming) => said.includes(naming))).toBe(true);
    expect(calls).toEqual([]);
  });

  it('never puts the login or Nexus password into an invalid-request message', async () => {
    const secret = 'S3cr3t-Pa55w0rd-do-not-echo';
    const requests: [IpcChannel, unknown][] = [
      ['login', { registry: 'nexus.example:8443', password: secret }],
      ['login', { registry: '', username: 'dev', password: secret }],
      ['login', { registry: 'nexus.example:8443', username: 'dev', password: secret, remember: true }],
      ['login', { registry: 'nexus.example:8443', username: 7, password: secret }],
      ['login', { registry: 'nexus.example:8443', username: 'dev', password: [secret] }],
      ['login', { registry: 'nexus.example:8443', username: 'dev', password: { value: secret } }],
      ['nexus:discover', { url: 'https://nexus.example', password: secret }],
      ['nexus:discover', { url: '', username: 'dev', password: secret }],
    ];
    for (const [channel, request] of requests) {
      const { handlers, calls } = untouchable();
      const result = await dispatch(handlers, channel, request);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
      expect(JSON.stringify(result)).not.toContain(secret);
      expect(calls).toEqual([]);
    }
  });
});

describe('profile:pending through dispatch', () => {
  it('answers the link main received once, then null until another arrives', async () => {
    const profileLink = createPendingLink();
    const handlers = createHandlers(deps({ profileLink }));
    expect(await dispatch(handlers, 'profile:pending', {})).toEqual({ ok: true, value: { url: null } });
    profileLink.set('https://nexus.example/first.json');
    profileLink.set('https://nexus.example/team.json');
    expect(await dispatch(handlers, 'profile:pending', {})).toEqual({ ok: true, value: { url: 'https://nexus.example/team.json' } });
    expect(await dispatch(handlers, 'profile:pending', {})).toEqual({ ok: true, value: { url: null } });
  });
});

describe('change:plan setup: a profile’s plain-HTTP registry passes the schema', () => {
  it('accepts insecure on a registry and hands it to the handler', async () => {
    let seen: unknown;
    const handlers: Handlers = {
      ...untouchable().handlers,
      'change:plan': async (request) => {
        seen = request;
        return { planId: null, reason: null, diff: '', steps: [], changes: [], warnings: [] };
      },
    };
    const request = { kind: 'setup', registries: [{ registry: 'nexus.example:8443', fingerprint: `sha256:${'AB'.repeat(32)}` }, { registry: 'nexus.example:5000', insecure: true }] };
    expect(await dispatch(handlers, 'change:plan', request)).toMatchObject({ ok: true });
    expect(seen).toEqual(request);
  });
});

describe('change:plan allowPublicRegistry: the user’s own single changes take it, a setup never does (issue 17 item 7)', () => {
  /** A change:plan handler that records what reached it. */
  function recording(): { handlers: Handlers; seen: unknown[] } {
    const seen: unknown[] = [];
    const handlers: Handlers = {
      ...untouchable().handlers,
      'change:plan': async (request) => {
        seen.push(request);
        return { planId: null, reason: null, diff: '', steps: [], changes: [], warnings: [] };
      },
    };
    return { handlers, seen };
  }

  it.each([
    ['trust-add', { kind: 'trust-add', registry: 'ghcr.io', allowPublicRegistry: true }],
    ['mirrors-use', { kind: 'mirrors-use', urls: ['http://docker.io'], insecure: true, allowPublicRegistry: true }],
    ['trust-add, not allowed', { kind: 'trust-add', registry: 'ghcr.io', allowPublicRegistry: false }],
  ])('%s passes the schema and reaches the handler as sent', async (_name, request) => {
    const { handlers, seen } = recording();
    expect(await dispatch(handlers, 'change:plan', request)).toMatchObject({ ok: true });
    expect(seen).toEqual([request]);
  });

  const pin = `sha256:${'AB'.repeat(32)}`;
  // A setup is what a profile becomes: wherever the key is put, the schema refuses it before any handler runs.
  it.each([
    ['beside kind', { kind: 'setup', registries: [{ registry: 'ghcr.io', fingerprint: pin }], allowPublicRegistry: true }, 'allowPublicRegistry'],
    ['beside kind, false', { kind: 'setup', registries: [], mirrors: { urls: ['http://docker.io'], insecure: true }, allowPublicRegistry: false }, 'allowPublicRegistry'],
    ['on a registry given a CA', { kind: 'setup', registries: [{ registry: 'ghcr.io', fingerprint: pin, allowPublicRegistry: true }] }, 'allowPublicRegistry'],
    ['on a plain-HTTP registry', { kind: 'setup', registries: [{ registry: 'quay.io', insecure: true, allowPublicRegistry: true }] }, 'allowPublicRegistry'],
    ['on the mirrors', { kind: 'setup', registries: [], mirrors: { urls: ['http://docker.io'], insecure: true, allowPublicRegistry: true } }, 'allowPublicRegistry'],
  ])('setup refuses allowPublicRegistry %s: invalid-request naming the key, the handler never runs', async (_name, request, key) => {
    const { handlers, seen } = recording();
    const result = await dispatch(handlers, 'change:plan', request);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    if (result.ok) return;
    expect(english(result.error)).toContain('change:plan: ');
    expect(english(result.error)).toContain(`Unrecognized key: "${key}"`);
    expect(seen).toEqual([]);
  });
});

describe('status:get through dispatch on a machine with no engine', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dockside-ipc-status-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('answers with a document that passes StatusJsonSchema', async () => {
    // A socket nobody listens on: whatever runs on this machine, this engine is not running.
    const env = { ...process.env, DOCKER_HOST: `unix://${join(dir, 'no-docker.sock')}` };
    const machine = lazyMachine(() =>
      resolveMachine({ engine: 'none', daemonJson: join(dir, 'daemon.json'), certsDir: join(dir, 'certs.d'), dockerConfig: join(dir, 'docker') }, env),
    );
    const result = await dispatch(createHandlers(deps({ machine })), 'status:get', {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const status = StatusJsonSchema.parse(result.value);
    expect(status.engine).toMatchObject({ kind: 'none', running: false, version: null });
    expect(status.daemonJson).toEqual({ path: join(dir, 'daemon.json'), exists: false, settings: null, error: null });
    expect(status.certsDir).toBe(join(dir, 'certs.d'));
    expect(status.trustedRegistries).toEqual([]);
    expect(status.active).toBeNull();
  });
});

describe('lazyMachine', () => {
  it('resolves once, and again only after a failure', async () => {
    let calls = 0;
    const outcomes = [new Error('docker info timed out'), 'ok'];
    const machine = lazyMachine(async () => {
      calls += 1;
      const outcome = outcomes.shift();
      if (outcome instanceof Error) throw outcome;
      return { certsDir: '/etc/docker/certs.d' } as Machine;
    });
    await expect(machine()).rejects.toThrow('docker info timed out');
    const [first, second] = await Promise.all([machine(), machine()]);
    expect(first).toBe(second);
    expect(await machine()).toBe(first);
    expect(calls).toBe(2);
  });
});
