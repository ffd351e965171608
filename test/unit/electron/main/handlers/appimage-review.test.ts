import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveMachine } from '../../../../../electron/core/machine';
import type { Elevator } from '../../../../../electron/core/plan/elevator';
import { refusingElevationInAppImage } from '../../../../../electron/main/appimage-elevation';
import { dispatch } from '../../../../../electron/main/handlers/dispatch';
import { createHandlers } from '../../../../../electron/main/handlers/index';
import type { Handlers } from '../../../../../electron/main/handlers/types';
import { lazyMachine } from '../../../../../electron/main/handlers/machine';
import { createPendingLink } from '../../../../../electron/main/pending-link';
import { english } from '../../../../harness/english';

// Under an AppImage, a change that needs the password prompt: the review already says it will be
// refused and what to do instead, and apply refuses before anything is elevated.

const APPIMAGE = '/home/dev/Applications/Dockside-1.0.0.AppImage';
const DAEMON_JSON = '{\n  "debug": false\n}\n';

let dir: string;
let handlers: Handlers;
let elevated: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dockside-appimage-review-'));
  writeFileSync(join(dir, 'daemon.json'), DAEMON_JSON);
  elevated = 0;
  const run: Elevator['run'] = () => {
    elevated += 1;
    return Promise.reject(new Error('nothing is elevated under an AppImage'));
  };
  const direct: Elevator = { name: 'direct', run };
  const prompt: Elevator = { name: 'pkexec', run };
  const never = (): never => {
    throw new Error('not used here');
  };
  handlers = createHandlers({
    app: { name: 'Dockside', version: '0.0.0', platform: 'linux', arch: 'x64' },
    machine: lazyMachine(() => resolveMachine({ engine: 'none', daemonJson: join(dir, 'daemon.json'), certsDir: join(dir, 'certs.d'), dockerConfig: join(dir, 'docker') }, {})),
    catalogPath: '',
    emit: () => undefined,
    change: {
      privileged: { runtime: '', script: '' },
      // As main composes it: the plan would need the password prompt (a rootful engine's daemon.json).
      elevatorFor: refusingElevationInAppImage(() => prompt, direct, APPIMAGE),
      newId: () => 'plan-appimage-0001',
      confirm: () => Promise.resolve(true),
      systemLanguages: () => ['en-US'],
    },
    profileLink: createPendingLink(),
    userCommands: never,
  });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('a change needing elevation under an AppImage', () => {
  it('is planned with a warning that says why it cannot be applied here and what to run instead', async () => {
    const plan = await dispatch(handlers, 'change:plan', { kind: 'mirrors-use', urls: ['https://mirror.example.com'] });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    const said = plan.value.warnings.map(english).join('\n');
    expect(said).toContain(APPIMAGE);
    expect(said).toContain('deb or rpm');
    expect(said).toContain('sudo dockside mirrors use');
  });

  it('is refused at apply with appimage-elevation, nothing elevated and daemon.json unchanged', async () => {
    const plan = await dispatch(handlers, 'change:plan', { kind: 'mirrors-use', urls: ['https://mirror.example.com'] });
    if (!plan.ok || plan.value.planId === null) throw new Error('expected a plan');
    const applied = await dispatch(handlers, 'change:apply', { planId: plan.value.planId });
    expect(applied.ok).toBe(false);
    if (applied.ok) return;
    expect(applied.error.code).toBe('appimage-elevation');
    expect(elevated).toBe(0);
    expect(readFileSync(join(dir, 'daemon.json'), 'utf8')).toBe(DAEMON_JSON);
  });
});
