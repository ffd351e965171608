import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../../dockside-error';
import { createSudoPromptElevator, PROMPT_NAME, type SudoPrompt, sudoPromptCommand } from '../../../../electron/main/sudo-prompt-elevator';
import { english } from '../../../harness/english';

const PLAN = Buffer.from('{"version":1,"id":"p"}').toString('base64');
const RUNTIME = '/opt/Dockside/dockside';
const SCRIPT = '/opt/Dockside/resources/app.asar/out/main/privileged.js';

/** A sudo-prompt that records what it was asked and answers as told. */
function fakeSudo(answer: Parameters<Parameters<SudoPrompt['exec']>[2]>): { sudo: SudoPrompt; calls: { command: string; options: unknown }[] } {
  const calls: { command: string; options: unknown }[] = [];
  return {
    calls,
    sudo: {
      exec: (command, options, callback) => {
        calls.push({ command, options });
        queueMicrotask(() => callback(...answer));
      },
    },
  };
}

describe('sudo-prompt command', () => {
  it('is built from the runtime as Node, the privileged script and the base64 plan only', () => {
    expect(sudoPromptCommand([RUNTIME, SCRIPT, PLAN], 'linux')).toEqual({ command: `ELECTRON_RUN_AS_NODE=1 "${RUNTIME}" "${SCRIPT}" ${PLAN}` });
    expect(sudoPromptCommand(['C:\\Program Files\\Dockside\\Dockside.exe', 'C:\\Program Files\\Dockside\\privileged.js', PLAN], 'win32')).toEqual({
      command: `"C:\\Program Files\\Dockside\\Dockside.exe" "C:\\Program Files\\Dockside\\privileged.js" ${PLAN}`,
      env: { ELECTRON_RUN_AS_NODE: '1' },
    });
  });

  it.each(['not base64!', '$(reboot)', 'eyJ9`id`', `${PLAN}\nid`, `${PLAN} --inspect`, ''])('refuses a plan that is not base64: %j', (plan) => {
    expect(() => sudoPromptCommand([RUNTIME, SCRIPT, plan], 'linux')).toThrow(expect.objectContaining({ code: 'invalid-elevation' }));
  });

  it('refuses a path a shell would interpret, and any extra argument', () => {
    for (const path of ['/tmp/$(id)/node', '/tmp/`id`/node', '/tmp/a"b/node', '/tmp/a\\b/node']) {
      expect(() => sudoPromptCommand([path, SCRIPT, PLAN], 'linux')).toThrow(expect.objectContaining({ code: 'invalid-elevation' }));
    }
    expect(() => sudoPromptCommand(['C:\\%TEMP%\\x.exe', SCRIPT, PLAN], 'win32')).toThrow(expect.objectContaining({ code: 'invalid-elevation' }));
    expect(() => sudoPromptCommand([RUNTIME, SCRIPT, PLAN, '--extra'], 'linux')).toThrow(expect.objectContaining({ code: 'invalid-elevation' }));
  });
});

describe('sudo-prompt elevator', () => {
  it('asks once under the app name and hands back each output line and the exit code', async () => {
    const { sudo, calls } = fakeSudo([undefined, '{"type":"progress","message":"a"}\n{"type":"result"}\n', '']);
    const lines: string[] = [];
    const exit = await createSudoPromptElevator(sudo, 'linux').run([RUNTIME, SCRIPT, PLAN], (line) => lines.push(line));
    expect(exit).toEqual({ code: 0, stderr: '' });
    expect(lines).toEqual(['{"type":"progress","message":"a"}', '{"type":"result"}']);
    expect(calls).toEqual([{ command: `ELECTRON_RUN_AS_NODE=1 "${RUNTIME}" "${SCRIPT}" ${PLAN}`, options: { name: PROMPT_NAME } }]);
  });

  it('maps a refused password prompt to elevation-cancelled, saying nothing was changed', async () => {
    const { sudo } = fakeSudo([new Error('User did not grant permission.'), undefined, undefined]);
    const run = createSudoPromptElevator(sudo, 'linux').run([RUNTIME, SCRIPT, PLAN], () => undefined);
    const error = await rejectionOf(run);
    expect(error).toMatchObject({ code: 'elevation-cancelled', key: 'plan.error.elevation-cancelled' });
    expect(english(error)).toContain('nothing was changed');
  });

  it('passes on the exit code of a privileged process that failed, with its output', async () => {
    const { sudo } = fakeSudo([Object.assign(new Error('Command failed'), { code: 3 }), '{"type":"result","outcome":"rolled-back"}\n', 'verify failed']);
    const lines: string[] = [];
    const exit = await createSudoPromptElevator(sudo, 'linux').run([RUNTIME, SCRIPT, PLAN], (line) => lines.push(line));
    expect(exit).toEqual({ code: 3, stderr: 'verify failed' });
    expect(lines).toHaveLength(1);
  });

  it('reports a prompt that could not be shown as elevation-failed', async () => {
    const { sudo } = fakeSudo([new Error('No polkit authentication agent found.'), undefined, undefined]);
    await expect(createSudoPromptElevator(sudo, 'linux').run([RUNTIME, SCRIPT, PLAN], () => undefined)).rejects.toMatchObject({ code: 'elevation-failed' });
  });

  it('never calls sudo-prompt with a plan that is not base64', async () => {
    const { sudo, calls } = fakeSudo([undefined, '', '']);
    await expect(createSudoPromptElevator(sudo, 'linux').run([RUNTIME, SCRIPT, '$(reboot)'], () => undefined)).rejects.toMatchObject({ code: 'invalid-elevation' });
    expect(calls).toEqual([]);
  });
});
