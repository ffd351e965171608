import { readFileSync } from 'node:fs';
import { osKeychain } from '../core/credentials/keychain';
import { fail, type HelperResult, readsStdin, readStdin, runHelper } from './protocol';

// `docker-credential-dockside`: the program Docker runs for a registry whose credHelpers entry
// says "dockside". Nothing is logged: stdout carries the answer (a secret, for `get`) and
// nothing else is written anywhere.

/** package.json is two levels up both from the source file and from out/main/credential-helper.cjs (in app.asar too). */
function packageVersion(): string {
  const parsed = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof parsed.version === 'string' ? parsed.version : 'unknown';
}

/** The action's answer; stdin capped (MAX_STDIN_BYTES): an endless input is an error, not a process that grows without end. */
async function answer(action: string | undefined): Promise<HelperResult> {
  let stdin = '';
  if (action !== undefined && readsStdin(action)) {
    try {
      stdin = await readStdin(process.stdin, action);
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
  }
  // package.json is read for `version` only: nothing but the keychain may stand between Docker and a pull.
  return runHelper(action, stdin, osKeychain(), action === 'version' ? packageVersion() : '');
}

// Like Go's helpers: exactly one argument, else the usage text.
void answer(process.argv.length === 3 ? process.argv[2] : undefined).then((result) => {
  process.stdout.write(result.stdout);
  process.exitCode = result.code;
});
