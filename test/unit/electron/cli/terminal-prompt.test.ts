import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'ask-at-terminal.ts');

/**
 * Runs the fixture in a real pseudo-terminal (util-linux `script`), answering each prompt once it
 * shows, and returns everything the terminal displayed.
 */
function atTerminal(answers: Array<[prompt: string, answer: string]>): Promise<string> {
  return new Promise((resolve, reject) => {
    const command = `${process.execPath} --import tsx ${FIXTURE}`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let next = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no answer in time; the terminal showed: ${JSON.stringify(screen)}`));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString('utf8');
      const pending = answers[next];
      if (pending && screen.includes(pending[0])) {
        next += 1;
        child.stdin.write(`${pending[1]}\r`);
      }
    });
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(screen);
    });
  });
}

describe('asking at a terminal (a real pseudo-terminal)', () => {
  it('shows the user name as typed and never the password, and reads both', async () => {
    const screen = await atTerminal([
      ['User name: ', 'dev'],
      ['Password: ', 'S3cret-typed!'],
    ]);
    expect(screen).toContain('READ user=dev password=S3cret-typed!');
    const beforeResult = screen.slice(0, screen.indexOf('READ'));
    expect(beforeResult).toContain('dev');
    expect(beforeResult).not.toContain('S3cret');
  });
});
