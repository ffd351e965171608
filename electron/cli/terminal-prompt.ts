import { Writable } from 'node:stream';
import { createInterface } from 'node:readline/promises';

/** One line typed at the terminal; the question goes to stderr, so stdout stays the result. */
export async function askLine(question: string): Promise<string> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await prompt.question(question)).trim();
  } finally {
    prompt.close();
  }
}

/** A secret typed at the terminal, not echoed (as `docker login` and sudo ask). */
export async function askSecret(question: string): Promise<string> {
  // readline echoes what it reads to its output: this one swallows it. The interface (which puts
  // the terminal in raw mode, so the terminal does not echo either) exists before the question shows.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const prompt = createInterface({ input: process.stdin, output: silent, terminal: true });
  process.stderr.write(question);
  try {
    return await prompt.question('');
  } finally {
    prompt.close();
    process.stderr.write('\n');
  }
}
