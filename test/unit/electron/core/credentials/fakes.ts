import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Keychain, StoredCredential } from '../../../../../electron/core/credentials/keychain';
import type { CredentialDeps } from '../../../../../electron/core/credentials/secret-store';
import { execProgram } from '../../../../../electron/core/platform/exec';

/**
 * Test doubles shared by the credential tests: an in-memory Keychain (Dockside's own store) and
 * real `docker-credential-*` helpers written as tiny shell scripts into a temp dir put on PATH.
 */

/** A Keychain over a Map, with a log of every call (server URLs only: never the secret). */
export interface MemoryKeychain extends Keychain {
  readonly items: Map<string, StoredCredential>;
  readonly calls: string[];
}

export function memoryKeychain(initial: StoredCredential[] = []): MemoryKeychain {
  const items = new Map(initial.map((item) => [item.serverUrl, { ...item }]));
  const calls: string[] = [];
  return {
    items,
    calls,
    async get(serverUrl) {
      calls.push(`get ${serverUrl}`);
      const item = items.get(serverUrl);
      return item ? { ...item } : null;
    },
    async store(credential) {
      calls.push(`store ${credential.serverUrl}`);
      items.set(credential.serverUrl, { ...credential });
    },
    async erase(serverUrl) {
      calls.push(`erase ${serverUrl}`);
      return items.delete(serverUrl);
    },
    async list() {
      calls.push('list');
      return [...items.values()].map(({ serverUrl, username }) => ({ serverUrl, username }));
    },
  };
}

/**
 * Writes an executable `docker-credential-<name>` shell script into `dir`. The scripts run with
 * a PATH of the test's temp dirs only (so a helper installed on this machine is never found),
 * hence their own PATH for sed, cat and friends.
 */
export function writeHelper(dir: string, name: string, body: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `docker-credential-${name}`);
  writeFileSync(path, `#!/bin/sh\nPATH=/usr/bin:/bin\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/**
 * A working helper as docker-credential-helpers behave: store/get/erase/list against files in
 * its own dir (`store/`), "credentials not found in native keychain" with exit 1 for an unknown
 * server. Every call appends its argv to `argv.log` and its environment to `env.log`, so a test
 * can prove the secret never travelled there.
 */
export function writeFileStoreHelper(dir: string, name: string): string {
  return writeHelper(
    dir,
    name,
    String.raw`dir=$(dirname "$0")
printf '%s\n' "$*" >> "$dir/argv.log"
env >> "$dir/env.log"
input=$(cat)
mkdir -p "$dir/store"
field() { printf '%s' "$1" | sed -n "s/.*\"$2\":\"\([^\"]*\)\".*/\1/p"; }
key() { printf '%s' "$1" | tr '/:' '__'; }
not_found() { echo 'credentials not found in native keychain'; exit 1; }
case "$1" in
  store)
    server=$(field "$input" ServerURL)
    [ -n "$server" ] || { echo 'no server URL in the input'; exit 1; }
    printf '%s' "$input" > "$dir/store/$(key "$server")"
    ;;
  get)
    file="$dir/store/$(key "$input")"
    [ -f "$file" ] || not_found
    cat "$file"
    ;;
  erase)
    file="$dir/store/$(key "$input")"
    [ -f "$file" ] || not_found
    rm "$file"
    ;;
  list)
    sep=''
    printf '{'
    for file in "$dir"/store/*; do
      [ -f "$file" ] || continue
      content=$(cat "$file")
      printf '%s"%s":"%s"' "$sep" "$(field "$content" ServerURL)" "$(field "$content" Username)"
      sep=','
    done
    printf '}\n'
    ;;
  *)
    echo "unknown action $1"; exit 1
    ;;
esac`,
  );
}

/** A helper that fails every action with `message` on stdout (as helpers report errors) and exit 3. */
export function writeFailingHelper(dir: string, name: string, message: string): string {
  return writeHelper(dir, name, `cat > /dev/null\necho '${message}'\nexit 3`);
}

/** CredentialDeps for a test: PATH is exactly `pathDirs`, nothing of this machine's. */
export function credentialDeps(configDir: string, pathDirs: string[], keychain: Keychain, helperDir: string | null = null): CredentialDeps {
  return { configDir, exec: execProgram, env: { PATH: pathDirs.join(':') }, keychain, helperDir };
}

/**
 * A config.json in `dir` that a test writes and reads back. Written 2-space indented, not in the
 * tab-indented form Dockside writes, so a file left untouched stays byte-identical.
 */
export function configFile(dir: string): { path: string; write(config: unknown): string; read(): unknown } {
  const path = join(dir, 'config.json');
  return {
    path,
    write(config) {
      mkdirSync(dir, { recursive: true });
      const text = `${JSON.stringify(config, null, 2)}\n`;
      writeFileSync(path, text);
      return text;
    },
    read: () => JSON.parse(readFileSync(path, 'utf8')),
  };
}
