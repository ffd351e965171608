import { spawn } from 'node:child_process';

/**
 * Runs a shell command line in a real pseudo-terminal (util-linux `script`), answering each
 * prompt once it shows (a prompt that never shows is not answered), and returns everything the
 * terminal displayed, with the terminal's CRLF as LF.
 */
export function atTerminal(command: string, answers: Array<[prompt: string, answer: string]>, options: { env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let next = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no end in time; the terminal showed: ${JSON.stringify(screen)}`));
    }, options.timeoutMs);
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
      resolve(screen.replace(/\r\n/g, '\n'));
    });
  });
}

/** One shell word: `'…'` with any `'` inside escaped. */
export function shellWord(word: string): string {
  return `'${word.replace(/'/g, "'\\''")}'`;
}
