import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { atTerminal } from '../../../harness/terminal';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'ask-at-terminal.ts');

/** The fixture in a real pseudo-terminal, answering each prompt once it shows. */
function askFixture(answers: Array<[prompt: string, answer: string]>): Promise<string> {
  return atTerminal(`${process.execPath} --import tsx ${FIXTURE}`, answers, { timeoutMs: 20_000 });
}

describe('asking at a terminal (a real pseudo-terminal)', () => {
  it('shows the user name as typed and never the password, and reads both', async () => {
    const screen = await askFixture([
      ['User name: ', 'dev'],
      ['Password: ', 'S3cret-typed!'],
    ]);
    expect(screen).toContain('READ user=dev password=S3cret-typed!');
    const beforeResult = screen.slice(0, screen.indexOf('READ'));
    expect(beforeResult).toContain('dev');
    expect(beforeResult).not.toContain('S3cret');
  });
});
