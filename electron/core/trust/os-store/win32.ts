import { join } from 'node:path';
import { caDigests } from './anchor-name';
import { runTool, toolFailed } from './run-tool';
import { type AnchorChange, type OsTrustStore, replaceCommands } from './store';

/** What certutil prints when the store has no certificate of that hash (CRYPT_E_NOT_FOUND). */
const NOT_FOUND = /CRYPT_E_NOT_FOUND|0x80092004/;

/**
 * Windows: the machine's Root store, as mkcert's truststore_windows.go: `certutil -addstore
 * Root <file>` from Dockside's copy, removal by the certificate's thumbprint (its SHA-1).
 */
export function win32Store(stateDir: string): OsTrustStore {
  const commands = (changes: readonly AnchorChange[]): string[][] =>
    replaceCommands(changes, { remove: (before) => ['-delstore', 'Root', caDigests(before).sha1], add: (path) => ['-addstore', 'Root', path] });
  return {
    kind: 'win32',
    anchorsDir: join(stateDir, 'os-store'),
    bundlePath: null,
    tools: [{ tool: 'certutil', package: 'certutil' }],
    refreshCommands: (changes) => commands(changes).map((args) => ['certutil', ...args]),
    refresh: async (changes, deps) => {
      for (const args of commands(changes)) {
        const result = await runTool(deps, 'certutil', args, 'certutil');
        if (result.code !== 0 && !(args[0] === '-delstore' && NOT_FOUND.test(result.stdout + result.stderr))) throw toolFailed(['certutil', ...args], result);
      }
    },
    holds: async (ca, deps) => {
      const result = await runTool(deps, 'certutil', ['-store', 'Root', ca.sha1], 'certutil');
      if (result.code === 0) return true;
      if (NOT_FOUND.test(result.stdout + result.stderr)) return false;
      throw toolFailed(['certutil', '-store', 'Root', ca.sha1], result);
    },
  };
}
