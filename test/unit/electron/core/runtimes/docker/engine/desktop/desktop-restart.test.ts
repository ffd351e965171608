import { describe, expect, it } from 'vitest';
import { detectDesktopRestart, restartDockerDesktop } from '../../../../../../../../electron/core/runtimes/docker/engine/desktop/desktop-restart';
import type { Message } from '../../../../../../../../shared/message';
import { english } from '../../../../../../../harness/english';
import { answer, documented, recordedCli, scripted } from './answers';

const HELP = 'docker desktop restart --help';
const ENGINE_VERSION = 'docker version --format {{.Server.Version}}';

function asking(reply: boolean): { ask: (question: Message) => Promise<boolean>; asked: string[] } {
  const asked: string[] = [];
  return { asked, ask: async (question) => (asked.push(english(question)), reply) };
}

describe('docker desktop restart absent (recorded: docker CLI 28.2.2 without Docker Desktop)', () => {
  it('`--help` prints the root usage with exit 0: no restart, no question, the instruction to restart by hand', async () => {
    const { exec, lines } = scripted([() => answer(recordedCli, 'absent: restart --help')]);
    const { ask, asked } = asking(true);
    const outcome = await restartDockerDesktop({ exec }, ask);
    expect(lines).toEqual([HELP]);
    expect(asked).toEqual([]);
    expect(outcome.state).toBe('manual');
    expect(english(outcome.message)).toBe(
      'Restart Docker Desktop yourself (its menu: Restart) so that its engine reads the CA: this docker CLI has no `docker desktop restart`, which comes with Docker Desktop 4.37 and later.',
    );
  });

  it('reads the CLI\'s unknown-command words too: "docker: unknown command: docker desktop" (recorded, 28.2.2)', async () => {
    const { exec } = scripted([() => answer(recordedCli, 'absent: restart')]);
    expect(await detectDesktopRestart({ exec })).toEqual({ available: false, reason: 'no-desktop-cli', detail: '' });
    expect(answer(recordedCli, 'absent: restart').stderr).toBe("docker: unknown command: docker desktop\n\nRun 'docker --help' for more information\n");
  });

  it('and "docker: \'desktop\' is not a docker command." of docker CLIs before 28 (documented: docker/cli source)', async () => {
    const { exec } = scripted([() => answer(documented, 'absent before docker 28: restart')]);
    expect(await detectDesktopRestart({ exec })).toEqual({ available: false, reason: 'no-desktop-cli', detail: '' });
  });

  it('no docker CLI at all (exit 127): the same instruction', async () => {
    const { exec } = scripted([() => ({ code: 127, stdout: '', stderr: 'docker: command not found', timedOut: false })]);
    expect(await detectDesktopRestart({ exec })).toMatchObject({ available: false, reason: 'no-docker' });
    const again = scripted([() => ({ code: 127, stdout: '', stderr: 'docker: command not found', timedOut: false })]);
    expect((await restartDockerDesktop({ exec: again.exec }, asking(true).ask)).state).toBe('manual');
  });
});

describe('docker desktop restart present (documented: docs.docker.com, Docker Desktop 4.37+)', () => {
  it('asks first, then runs exactly `docker desktop restart` and waits for the engine', async () => {
    const { exec, lines } = scripted([
      () => answer(documented, 'present: restart --help'),
      () => ({ code: 0, stdout: '', stderr: '', timedOut: false }),
      () => ({ code: 0, stdout: '28.0.1\n', stderr: '', timedOut: false }),
    ]);
    const { ask, asked } = asking(true);
    const outcome = await restartDockerDesktop({ exec }, ask);
    expect(lines).toEqual([HELP, 'docker desktop restart', ENGINE_VERSION]);
    expect(asked).toEqual(['Restart Docker Desktop now so that its engine reads the CA? Running containers stop; those with a restart policy start again with it.']);
    expect(outcome.state).toBe('restarted');
    expect(english(outcome.message)).toBe('Docker Desktop restarted and its engine answers again.');
  });

  it('the user says no: nothing restarted, the instruction to do it by hand', async () => {
    const { exec, lines } = scripted([() => answer(documented, 'present: restart --help')]);
    const outcome = await restartDockerDesktop({ exec }, asking(false).ask);
    expect(lines).toEqual([HELP]);
    expect(outcome.state).toBe('declined');
    expect(english(outcome.message)).toContain('Docker Desktop was not restarted. Restart it yourself');
  });

  it('a failed restart says what docker said and how to restart by hand', async () => {
    const { exec } = scripted([
      () => answer(documented, 'present: restart --help'),
      () => ({ code: 1, stdout: '', stderr: 'Error: Docker Desktop is not running\n', timedOut: false }),
    ]);
    const outcome = await restartDockerDesktop({ exec }, asking(true).ask);
    expect(outcome.state).toBe('failed');
    expect(english(outcome.message)).toBe(
      '`docker desktop restart` failed: "Error: Docker Desktop is not running". Restart Docker Desktop yourself (its menu: Restart) so that its engine reads the CA.',
    );
  });

  it('detects it from the plugin\'s own usage line', async () => {
    const { exec } = scripted([() => answer(documented, 'present: restart --help')]);
    expect(await detectDesktopRestart({ exec })).toEqual({ available: true });
  });
});
