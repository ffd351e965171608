import { readFileSync } from 'node:fs';
import { osKeychain } from '../core/credentials/keychain';
import { readsStdin, runHelper } from './protocol';

// `docker-credential-dockside`: the program Docker runs for a registry whose credHelpers entry
// says "dockside". Nothing is logged: stdout carries the answer (a secret, for `get`) and
// nothing else is written anywhere.

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** package.json is two levels up both from the source file and from out/main/credential-helper.js (in app.asar too). */
function packageVersion(): string {
  const parsed = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : 'unknown';
}

// Like Go's helpers: exactly one argument, else the usage text.
const action = process.argv.length === 3 ? process.argv[2] : undefined;
const stdin = readsStdin(action) ? await readAll(process.stdin) : '';
// package.json is read for `version` only: nothing but the keychain may stand between Docker and a pull.
const result = await runHelper(action, stdin, osKeychain(), action === 'version' ? packageVersion() : '');
process.stdout.write(result.stdout);
process.exitCode = result.code;
