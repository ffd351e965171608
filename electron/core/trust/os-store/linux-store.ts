import type { OsStoreKind } from '../../../../shared/plan';
import { bundleFingerprints, readBundle } from './bundle';
import { runToolOk } from './run-tool';
import type { AnchorChange, OsTrustStore } from './store';

/** A Linux store: anchors in a directory its tool reads, one bundle file rebuilt from them. */
export function linuxStore(spec: { kind: OsStoreKind; anchorsDir: string; bundlePath: string; tool: string; args: (changes: readonly AnchorChange[]) => string[]; package: string }): OsTrustStore {
  return {
    kind: spec.kind,
    anchorsDir: spec.anchorsDir,
    bundlePath: spec.bundlePath,
    tools: [{ tool: spec.tool, package: spec.package }],
    refreshCommands: (changes) => [[spec.tool, ...spec.args(changes)]],
    refresh: async (changes, deps) => {
      await runToolOk(deps, spec.tool, spec.args(changes), spec.package);
    },
    holds: async (ca) => bundleFingerprints(await readBundle(spec.bundlePath)).has(ca.sha256),
  };
}
