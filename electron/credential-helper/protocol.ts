import type { Keychain } from '../core/credentials/keychain';
import { stringFields } from '../core/credentials/string-fields';
import { DocksideError } from '../core/errors';
import { helperLine } from './english';

/**
 * Docker's credential-helper protocol (docker/docker-credential-helpers, credentials.go):
 * one action per run; the answer and every error go to stdout, because that is what the docker
 * CLI reads; exit 1 on error. The texts below are Docker's own; the docker CLI compares the
 * not-found one to tell a missing credential from a failure.
 */
const NOT_FOUND = 'credentials not found in native keychain'; // verbatim: docker compares it
const MISSING_SERVER_URL = 'no credentials server URL'; // verbatim: docker compares it
const MISSING_USERNAME = 'no credentials username'; // verbatim: docker compares it
const USAGE = 'Usage: docker-credential-dockside <store|get|erase|list|version>'; // verbatim: the helper's protocol output
// verbatim: the helper's protocol output, which Docker prints as is
const NOT_AN_OBJECT = 'store expects a JSON object {"ServerURL","Username","Secret"} on stdin';
// verbatim: the helper's protocol output, which Docker prints as is
const NOT_STRINGS = 'store expects a JSON object {"ServerURL","Username","Secret"} of strings on stdin';

const STORE_FIELDS = ['ServerURL', 'Username', 'Secret'] as const;

const MIB = 1024 * 1024;
/** More than any real input (a server URL, or a store's JSON with a long token): past it, the helper stops reading. */
export const MAX_STDIN_BYTES = MIB;

/**
 * What is wrong with the helper's input: its message is the helper's own protocol output (English,
 * as every Docker credential helper's), never a catalog sentence; `code` as a DocksideError's.
 */
export class HelperInputError extends Error {
  constructor(
    readonly code: 'helper-input-too-large' | 'invalid-helper-input',
    message: string,
  ) {
    super(message);
    this.name = 'HelperInputError';
  }
}

export interface HelperResult {
  stdout: string;
  code: number;
}

/**
 * All of stdin, up to `cap` bytes; past that, reading stops (leaving the `for await` destroys
 * the stream, so the rest is never buffered) and a HelperInputError says so, without quoting what
 * was read (a store's input holds the secret).
 */
export async function readStdin(stream: AsyncIterable<Buffer | string>, action: string, cap = MAX_STDIN_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > cap) {
      throw new HelperInputError(
        'helper-input-too-large',
        // verbatim: the helper's protocol output, which Docker prints as is
        `docker-credential-dockside ${action}: more than ${cap % MIB === 0 ? `${cap / MIB} MiB` : `${cap} bytes`} arrived on stdin, so it stopped reading. Docker sends a server URL or a {"ServerURL","Username","Secret"} object of a few KB: check what is piped in. Nothing was stored, read or erased`,
      );
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Whether the action reads stdin (list and version do not: a terminal must not wait for input). */
export function readsStdin(action: string | undefined): boolean {
  return action === 'store' || action === 'get' || action === 'erase';
}

export async function runHelper(action: string | undefined, stdin: string, keychain: Keychain, version: string): Promise<HelperResult> {
  try {
    switch (action) {
      case 'store':
        return await store(stdin, keychain);
      case 'get':
        return await get(stdin, keychain);
      case 'erase':
        return await erase(stdin, keychain);
      case 'list':
        return ok(json(Object.fromEntries((await keychain.list()).map((item) => [item.serverUrl, item.username]))));
      case 'version':
        return ok(`docker-credential-dockside (dockside) ${version}\n`);
      default:
        return fail(USAGE);
    }
  } catch (error) {
    // A keychain error in the helper's fixed English (no catalog here), never holding a secret;
    // anything else by its message only (Go prints err.Error() the same way).
    if (error instanceof DocksideError) return fail(helperLine(error));
    return fail(error instanceof Error ? error.message : String(error));
  }
}

async function store(stdin: string, keychain: Keychain): Promise<HelperResult> {
  const credentials = parseStoreInput(stdin);
  if (credentials.ServerURL === '') return fail(MISSING_SERVER_URL);
  if (credentials.Username === '') return fail(MISSING_USERNAME);
  await keychain.store({ serverUrl: credentials.ServerURL, username: credentials.Username, secret: credentials.Secret });
  return ok('');
}

async function get(stdin: string, keychain: Keychain): Promise<HelperResult> {
  const serverUrl = stdin.trim();
  if (serverUrl === '') return fail(MISSING_SERVER_URL);
  const found = await keychain.get(serverUrl);
  if (found === null) return fail(NOT_FOUND);
  // The URL as asked, like Go's helper, even if the item was found some other way.
  return ok(json({ ServerURL: serverUrl, Username: found.username, Secret: found.secret }));
}

async function erase(stdin: string, keychain: Keychain): Promise<HelperResult> {
  const serverUrl = stdin.trim();
  if (serverUrl === '') return fail(MISSING_SERVER_URL);
  return (await keychain.erase(serverUrl)) ? ok('') : fail(NOT_FOUND);
}

function parseStoreInput(stdin: string): Record<(typeof STORE_FIELDS)[number], string> {
  let value: unknown;
  try {
    value = JSON.parse(stdin);
  } catch {
    // JSON.parse's message would quote the input, secret included.
    throw new HelperInputError('invalid-helper-input', NOT_AN_OBJECT);
  }
  // Go decodes into a struct of strings: a missing field is "", any other type is an error.
  const fields = stringFields(value, STORE_FIELDS, true);
  if (fields === null) throw new HelperInputError('invalid-helper-input', NOT_STRINGS);
  return fields;
}

/** Like Go's json.Encoder: compact, one line, a newline after. */
function json(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

const ok = (stdout: string): HelperResult => ({ stdout, code: 0 });
// Go prints the error with Fprintln: the message and a newline.
export const fail = (message: string): HelperResult => ({ stdout: `${message}\n`, code: 1 });
