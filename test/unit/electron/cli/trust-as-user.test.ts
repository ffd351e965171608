import { X509Certificate } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliContext } from '../../../../electron/cli/context';
import { createOutput } from '../../../../electron/cli/output';
import { applyTrustAsUser, engineStillRefuses, planTrustAsUser, removeTrustAsUser } from '../../../../electron/cli/trust-as-user';
import type { Exec } from '../../../../electron/core/platform/exec';
import { en } from '../../../../shared/locales/en';
import { createCa } from '../../../harness/certs';
import { makeTempDir, type TempDir } from '../../../harness/tmp';
import { answer, documented, recordedCli, recordedEngine, scripted } from '../core/runtimes/docker/engine/desktop/answers';

// The CLI's user-side part of trust add against Docker Desktop, replaying recorded (docker CLI
// 28.2.2, a real dockerd) and documented (Docker Desktop 4.37+'s `docker desktop restart`) answers.

const REGISTRY = 'nexus.example:8443';
const HELP = 'docker desktop restart --help';
const PULL = `docker pull --quiet ${REGISTRY}/dockside-tls-check@sha256:${'0'.repeat(64)}`;

let dir: TempDir;
let ca: X509Certificate;

beforeAll(async () => {
  dir = makeTempDir('trust-as-user');
  ca = new X509Certificate((await createCa(dir.path, { commonName: 'Dockside As-User Test CA' })).pem);
});
afterAll(() => dir.remove());

function desktopContext(exec: Exec, options: { yes: boolean; certsDir?: string }): { ctx: CliContext; printed: string[] } {
  const printed: string[] = [];
  const stream = { write: (text: string) => (printed.push(text), true) };
  const out = createOutput(false, 'en', en, { stdout: stream, stderr: stream } as unknown as Parameters<typeof createOutput>[3]);
  const ctx = { engine: { kind: 'desktop' }, target: { exec }, exec, out, yes: options.yes, interactive: false, certsDir: options.certsDir ?? dir.join('certs.d') } as unknown as CliContext;
  return { ctx, printed };
}

describe('trust add as the user with Docker Desktop (Linux: no user store)', () => {
  it('--yes: restarts Desktop with `docker desktop restart`, then checks TLS through the engine (documented restart, recorded engine answer)', async () => {
    const { exec, lines, left } = scripted([
      () => answer(documented, 'present: restart --help'),
      () => ({ code: 0, stdout: '', stderr: '', timedOut: false }),
      () => ({ code: 0, stdout: '28.0.1\n', stderr: '', timedOut: false }),
      () => answer(recordedEngine, 'trusted: the CA is in certs.d, the registry has no such manifest', { '<registry>': REGISTRY }),
    ]);
    const { ctx, printed } = desktopContext(exec, { yes: true });
    const plan = await planTrustAsUser(ctx, ca, { osStore: false, desktop: true });
    expect(plan).toMatchObject({ nss: null, userStore: null, desktop: true });
    const done = await applyTrustAsUser(ctx, ca, plan, REGISTRY);
    expect(lines).toEqual([HELP, 'docker desktop restart', 'docker version --format {{.Server.Version}}', PULL]);
    expect(left()).toBe(0);
    expect(done.map(({ store, state }) => `${store}:${state}`)).toEqual(['desktop-restart:restarted', 'engine-tls:trusted']);
    expect(engineStillRefuses(done)).toBe(false);
    expect(printed.join('')).toContain(`The Docker engine reached ${REGISTRY} over TLS and trusts its certificate.`);
  });

  it('no --yes and no terminal: Desktop is not restarted, the user is told to restart it, and no TLS check is claimed', async () => {
    const { exec, lines } = scripted([() => answer(documented, 'present: restart --help')]);
    const { ctx, printed } = desktopContext(exec, { yes: false });
    const done = await applyTrustAsUser(ctx, ca, await planTrustAsUser(ctx, ca, { osStore: false, desktop: true }), REGISTRY);
    expect(lines).toEqual([HELP]);
    expect(done.map(({ store, state }) => `${store}:${state}`)).toEqual(['desktop-restart:declined']);
    expect(printed.join('')).toContain('Docker Desktop was not restarted. Restart it yourself');
  });

  it('a CLI without `docker desktop` (recorded, 28.2.2): the instruction to restart by hand', async () => {
    const { exec } = scripted([() => answer(recordedCli, 'absent: restart --help')]);
    const { ctx } = desktopContext(exec, { yes: true });
    const done = await applyTrustAsUser(ctx, ca, await planTrustAsUser(ctx, ca, { osStore: false, desktop: true }), REGISTRY);
    expect(done.map(({ store, state }) => `${store}:${state}`)).toEqual(['desktop-restart:manual']);
  });

  it('the engine still refuses the CA after the restart (recorded x509 answer): that is a failure', async () => {
    const { exec } = scripted([
      () => answer(documented, 'present: restart --help'),
      () => ({ code: 0, stdout: '', stderr: '', timedOut: false }),
      () => ({ code: 0, stdout: '28.0.1\n', stderr: '', timedOut: false }),
      () => answer(recordedEngine, 'untrusted: the engine does not know the CA', { '<registry>': REGISTRY }),
    ]);
    const { ctx } = desktopContext(exec, { yes: true });
    const done = await applyTrustAsUser(ctx, ca, await planTrustAsUser(ctx, ca, { osStore: false, desktop: true }), REGISTRY);
    expect(engineStillRefuses(done)).toBe(true);
  });
});

describe('trust remove as the user', () => {
  it('keeps the CA in the user stores while another registry\'s ca.crt still holds it, and runs nothing', async () => {
    const certsDir = dir.join('shared-certs.d');
    mkdirSync(join(certsDir, 'other.example'), { recursive: true });
    writeFileSync(join(certsDir, 'other.example', 'ca.crt'), ca.toString());
    const { exec, lines } = scripted([]);
    const { ctx, printed } = desktopContext(exec, { yes: true, certsDir });
    const done = await removeTrustAsUser(ctx, ca, { osStore: true, registry: REGISTRY });
    expect(lines).toEqual([]);
    expect(done.map(({ store, state }) => `${store}:${state}`)).toEqual(['nss:kept-needed']);
    expect(printed.join('')).toContain("The CA stays in your browsers' and your own certificate stores: other.example still uses it.");
  });
});
