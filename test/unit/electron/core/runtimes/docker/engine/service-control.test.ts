import { describe, expect, it } from 'vitest';
import type { EngineSpec } from '../../../../../../../shared/engine';
import { createEngineControl } from '../../../../../../../electron/core/runtimes/docker/engine/control';
import type { Exec, ExecResult } from '../../../../../../../electron/core/platform/exec';
import { rejection } from '../daemon/said';

/** Records every command line; `answer` scripts the result (default: success, no output). */
function fakeExec(answer: (line: string) => Partial<ExecResult> = () => ({})): { exec: Exec; lines: string[] } {
  const lines: string[] = [];
  const exec: Exec = async (command, args) => {
    const line = [command, ...args].join(' ');
    lines.push(line);
    return { code: 0, stdout: '', stderr: '', timedOut: false, ...answer(line) };
  };
  return { exec, lines };
}

const noSleep = async (): Promise<void> => undefined;

describe('systemd engine control', () => {
  const spec: EngineSpec = { kind: 'systemd' };

  it('reloads with exactly `systemctl reload docker` (SIGHUP through the unit: containers stay up)', async () => {
    const { exec, lines } = fakeExec();
    await createEngineControl(spec, { exec, sleep: noSleep }).reload();
    expect(lines).toEqual(['systemctl reload docker']);
  });

  it('restarts with exactly `systemctl restart docker`', async () => {
    const { exec, lines } = fakeExec();
    await createEngineControl(spec, { exec, sleep: noSleep }).restart();
    expect(lines).toEqual(['systemctl restart docker']);
  });

  it('turns a failed reload into engine-reload-failed naming the command and systemctl\'s message', async () => {
    const { exec } = fakeExec(() => ({ code: 1, stderr: 'Failed to reload docker.service: Unit docker.service not found.\n' }));
    const error = await rejection(createEngineControl(spec, { exec, sleep: noSleep }).reload());
    expect(error.code).toBe('engine-reload-failed');
    expect(error.message).toContain('`systemctl reload docker`');
    expect(error.message).toContain('exit 1');
    expect(error.chinese).toContain('："Failed to reload docker.service: Unit docker.service not found."。');
    expect(error.message).toContain('Unit docker.service not found');
  });

  it('turns a failed restart into engine-restart-failed naming the command', async () => {
    const { exec } = fakeExec(() => ({ code: 1, stderr: 'Job for docker.service failed because the control process exited with error code.\n' }));
    const error = await rejection(createEngineControl(spec, { exec, sleep: noSleep }).restart());
    expect(error.code).toBe('engine-restart-failed');
    expect(error.message).toContain('`systemctl restart docker`');
    expect(error.message).toContain('control process exited');
  });

  it('reads dockerd\'s pid from `systemctl show --property=MainPID --value docker`', async () => {
    const { exec, lines } = fakeExec(() => ({ stdout: '4242\n' }));
    expect(await createEngineControl(spec, { exec, sleep: noSleep }).daemonPid()).toBe(4242);
    expect(lines).toEqual(['systemctl show --property=MainPID --value docker']);
  });

  it('has no pid when the unit is stopped (systemd prints MainPID 0)', async () => {
    const { exec } = fakeExec(() => ({ stdout: '0\n' }));
    expect(await createEngineControl(spec, { exec, sleep: noSleep }).daemonPid()).toBeUndefined();
  });

  it('waits until `docker version` answers again', async () => {
    let asked = 0;
    const { exec, lines } = fakeExec((line) => {
      if (!line.startsWith('docker version')) return {};
      asked++;
      return asked < 3 ? { code: 1, stderr: 'Cannot connect to the Docker daemon' } : { stdout: '20.10.24\n' };
    });
    await createEngineControl(spec, { exec, sleep: noSleep }).waitUntilReady(60_000);
    expect(lines.filter((line) => line.startsWith('docker version'))).toHaveLength(3);
  });

  it('gives up with engine-did-not-start when the engine does not answer in time', async () => {
    const { exec } = fakeExec((line) => (line.startsWith('docker version') ? { code: 1 } : {}));
    const error = await rejection(createEngineControl(spec, { exec, sleep: noSleep }).waitUntilReady(0));
    expect(error.code).toBe('engine-did-not-start');
  });
});

describe('rootless engine control', () => {
  const spec: EngineSpec = { kind: 'rootless' };

  it('drives the user\'s systemd', async () => {
    const { exec, lines } = fakeExec(() => ({ stdout: '777\n' }));
    const engine = createEngineControl(spec, { exec, sleep: noSleep });
    await engine.reload();
    await engine.restart();
    expect(await engine.daemonPid()).toBe(777);
    expect(lines).toEqual(['systemctl --user reload docker', 'systemctl --user restart docker', 'systemctl --user show --property=MainPID --value docker']);
  });
});

describe('Docker Desktop engine control', () => {
  it('restarts with `docker desktop restart` and knows no pid', async () => {
    const { exec, lines } = fakeExec();
    const engine = createEngineControl({ kind: 'desktop' }, { exec, sleep: noSleep });
    await engine.restart();
    expect(lines).toEqual(['docker desktop restart']);
    expect(await engine.daemonPid()).toBeUndefined();
  });
});

describe('OpenRC engine control', () => {
  it('reloads and restarts through rc-service', async () => {
    const { exec, lines } = fakeExec();
    const engine = createEngineControl({ kind: 'openrc' }, { exec, sleep: noSleep });
    await engine.reload();
    await engine.restart();
    expect(lines).toEqual(['rc-service docker reload', 'rc-service docker restart']);
  });
});

describe('no engine', () => {
  it('refuses to reload or restart with no-engine, running nothing', async () => {
    const { exec, lines } = fakeExec();
    const engine = createEngineControl({ kind: 'none' }, { exec, sleep: noSleep });
    expect((await rejection(engine.reload())).code).toBe('no-engine');
    expect((await rejection(engine.restart())).code).toBe('no-engine');
    expect(await engine.daemonPid()).toBeUndefined();
    expect(lines).toEqual([]);
  });
});
