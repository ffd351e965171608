import { join } from 'node:path';
import { caDigests } from './anchor-name';
import { runTool, runToolOk, toolFailed } from './run-tool';
import { type AnchorChange, type OsStoreDeps, type OsTrustStore, replaceCommands } from './store';

export const SYSTEM_KEYCHAIN = '/Library/Keychains/System.keychain';
/** `security delete-certificate` when the keychain holds no such certificate (errSecItemNotFound, documented as exit 44). */
const NOT_FOUND_EXIT = 44;

/**
 * macOS: the System keychain, as mkcert's truststore_darwin.go: a CA is added from Dockside's
 * copy as a trusted root (`add-trusted-cert -d -r trustRoot`) and removed by its SHA-1 hash
 * (`delete-certificate -Z`), which is how the keychain names a certificate.
 */
export function darwinStore(stateDir: string): OsTrustStore {
  const commands = (changes: readonly AnchorChange[]): string[][] =>
    replaceCommands(changes, {
      remove: (before) => ['delete-certificate', '-Z', caDigests(before).sha1.toUpperCase(), SYSTEM_KEYCHAIN],
      add: (path) => ['add-trusted-cert', '-d', '-r', 'trustRoot', '-k', SYSTEM_KEYCHAIN, path],
    });
  return {
    kind: 'darwin',
    anchorsDir: join(stateDir, 'os-store'),
    bundlePath: null,
    tools: [{ tool: 'security', package: 'security' }],
    refreshCommands: (changes) => commands(changes).map((args) => ['security', ...args]),
    refresh: async (changes, deps) => {
      for (const args of commands(changes)) {
        const result = await runTool(deps, 'security', args, 'security');
        // Already gone from the keychain (removed by hand): what the removal wanted.
        if (result.code === NOT_FOUND_EXIT && args[0] === 'delete-certificate') continue;
        if (result.code !== 0) throw toolFailed(['security', ...args], result);
      }
    },
    holds: async (ca, deps: OsStoreDeps) => {
      const { stdout } = await runToolOk(deps, 'security', ['find-certificate', '-a', '-Z', SYSTEM_KEYCHAIN], 'security');
      return stdout.includes(`SHA-1 hash: ${ca.sha1.toUpperCase()}`);
    },
  };
}
