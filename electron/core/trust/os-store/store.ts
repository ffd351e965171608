import type { OsStoreKind } from '../../../../shared/plan';
import type { Exec } from '../../platform/exec';
import type { TlsValidator } from './tls-validates';

/** One anchor file of the OS store as a change leaves it: the PEM before and after (null: no file). */
export interface AnchorChange {
  path: string;
  before: string | null;
  after: string | null;
}

/** What a store's commands need: how to run a program (argv, never a shell) and where root finds it. */
export interface OsStoreDeps {
  exec: Exec;
  /** The absolute path of a tool in root's fixed directories; null when it is not installed. */
  which: (tool: string) => string | null;
  /** The programs run-parts would run from a root-owned hooks directory, as absolute paths, in order. */
  hooks: (dir: string) => string[];
}

/**
 * The OS trust store of one platform (DESIGN §2, after mkcert's truststore_*.go): Dockside's
 * copy of each CA is a file `dockside-<sha256 prefix>.crt` in `anchorsDir`, and `refresh` makes
 * the store reflect the files a change wrote or removed.
 */
export interface OsTrustStore {
  kind: OsStoreKind;
  /** Linux: the directory the store's own tool reads; macOS and Windows: Dockside's copies, which the commands add. */
  anchorsDir: string;
  /** The file every program reads the store from (Linux); null where the store is not a file. */
  bundlePath: string | null;
  /** The tools its commands run, with the package that brings each: checked before any file is written. */
  tools: readonly { tool: string; package: string }[];
  /** The commands a refresh runs, as a preview shows them (tool names, not root's paths). */
  refreshCommands(changes: readonly AnchorChange[]): string[][];
  refresh(changes: readonly AnchorChange[], deps: OsStoreDeps): Promise<void>;
  /** Whether the store holds this certificate now (its DER's SHA-256 and SHA-1, lowercase hex). */
  holds(ca: { sha256: string; sha1: string }, deps: OsStoreDeps): Promise<boolean>;
}

/** What the executor needs of the OS store: the store, its tools, and the TLS check an install must pass. */
export interface OsTrustDeps {
  store: OsTrustStore;
  tools: OsStoreDeps;
  validates: TlsValidator;
}

/**
 * The commands of a store that holds certificates rather than files (macOS, Windows): for each
 * anchor a change replaces, remove the certificate it held, then add the file it holds now.
 */
export function replaceCommands(changes: readonly AnchorChange[], commands: { remove: (beforePem: string) => string[]; add: (path: string) => string[] }): string[][] {
  return changes.flatMap((change) => {
    if (change.before === change.after) return [];
    return [...(change.before === null ? [] : [commands.remove(change.before)]), ...(change.after === null ? [] : [commands.add(change.path)])];
  });
}
