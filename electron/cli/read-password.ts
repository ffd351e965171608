import { DocksideError } from '../core/errors';

/** All of stdin, less the one line ending `echo pw |` adds, as docker login reads it. */
export async function readPassword(stdin: NodeJS.ReadableStream, command: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (password === '') throw new DocksideError('usage', 'creds.error.empty-password', { command });
  return password;
}
