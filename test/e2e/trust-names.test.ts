import { X509Certificate } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorJsonSchema } from '../../shared/cli';
import { TrustChangeJsonSchema } from '../../shared/trust';
import { createEngineControl } from '../../electron/core/runtimes/docker/engine/control';
import { DocksideError } from '../../electron/core/errors';
import { executePlan } from '../../electron/core/plan/executor';
import { execProgram } from '../../electron/core/platform/exec';
import { readFileState } from '../../electron/core/platform/file-state';
import { toPem } from '../../electron/core/trust/certificate-info';
import { registryPaths } from '../../electron/core/trust/inspect-registry';
import { parseRegistryName } from '../../electron/core/trust/registry-name';
import { planTrustAdd } from '../../electron/core/trust/trust-plan';
import { type CertificateAuthority, createCa } from '../harness/certs';
import { dockside } from '../harness/dockside';
import { makeTempDir, type TempDir } from '../harness/tmp';
import { generateRegistryNames } from '../unit/registry-names';

// Issue 4, "Done when" 4: registry names generated to be hostile (dot segments, separators,
// control and look-alike characters, bad ports, percent-encoding) go through the same planning and
// privileged executor as `dockside trust add`, with the executor's allow-list set to the certs
// dir. Every name is refused or lands directly below the certs dir; nothing is written elsewhere.

let root: TempDir;
let certsDir: string;
let stateDir: string;
let ca: CertificateAuthority;
const SENTINEL = 'outside.txt';

/** Every file and directory below the temp root, relative to it. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((path) => path + (lstatSync(join(dir, path)).isDirectory() ? sep : ''));
}

/** Anything below certs.d that is not `<one registry dir>/` or `<one registry dir>/ca.crt`. */
function strayPaths(): string[] {
  return tree(certsDir).filter((path) => {
    const parts = path.split(sep).filter(Boolean);
    if (parts.length === 1) return !path.endsWith(sep);
    return !(parts.length === 2 && parts[1] === 'ca.crt');
  });
}

beforeAll(async () => {
  root = makeTempDir('trust-names');
  certsDir = root.join('certs.d');
  stateDir = root.join('state');
  ca = await createCa(root.path, { commonName: 'Hostile Names CA' });
  writeFileSync(root.join(SENTINEL), 'must stay as it is');
});

afterAll(() => root.remove());

describe('trust add with generated hostile registry names', () => {
  it('refuses each name, or writes exactly <certs.d>/<name>/ca.crt and nothing anywhere else (1,500 names)', async () => {
    const names = generateRegistryNames(1500);
    expect(names.size).toBeGreaterThanOrEqual(1000);
    const before = new Set(tree(root.path));
    const engine = createEngineControl({ kind: 'none' }, { exec: execProgram });
    const deps = {
      engine,
      target: { exec: execProgram },
      stateDir,
      allow: { files: [], certsDirs: [certsDir] },
      now: () => new Date(),
      progress: () => undefined,
      sleep: async () => undefined,
      reloadVerifyMs: 0,
      restartTimeoutMs: 0,
    };
    const x509 = new X509Certificate(ca.pem);
    const dirs = new Set<string>();
    let refused = 0;
    const failures: string[] = [];
    for (const name of names) {
      let paths;
      try {
        paths = registryPaths(certsDir, name);
      } catch (error) {
        if (error instanceof DocksideError && error.code === 'invalid-registry-name') refused++;
        else failures.push(`${JSON.stringify(name)} threw ${String(error)}`);
        continue;
      }
      const planned = planTrustAdd({ id: `names-${dirs.size}-${refused}`.padEnd(8, '0'), engine: engine.spec, registry: paths.name.dirName, caPath: paths.caPath, current: await readFileState(paths.caPath), caPem: toPem(x509) });
      if (planned.plan) {
        const result = await executePlan(planned.plan, deps);
        if (result.outcome !== 'applied') failures.push(`${JSON.stringify(name)}: ${result.outcome} ${result.error?.message}`);
      }
      dirs.add(paths.registryDir);
    }
    console.log(`${names.size} names: ${dirs.size} registry directories written, ${refused} names refused`);
    expect(failures).toEqual([]);
    expect(refused).toBeGreaterThan(500);
    expect(dirs.size).toBeGreaterThan(100);

    expect(strayPaths()).toEqual([]);
    expect(readdirSync(certsDir).sort()).toEqual([...dirs].map((dir) => relative(certsDir, dir)).sort());
    for (const dir of dirs) expect(readFileSync(join(dir, 'ca.crt'), 'utf8')).toBe(ca.pem);
    // Outside certs.d: only the journal is new, and what was there is untouched.
    const added = tree(root.path).filter((path) => !before.has(path) && !path.startsWith(`certs.d${sep}`));
    expect(added.sort()).toEqual(['state/', 'state/journal.jsonl'].map((path) => path.replace(/\//g, sep)));
    expect(readFileSync(root.join(SENTINEL), 'utf8')).toBe('must stay as it is');
  });

  it('through the dockside CLI: refused names exit 2 and write nothing; accepted ones install under the certs dir (a sample of 40)', async () => {
    const cliCerts = root.join('cli-certs.d');
    const cliState = root.join('cli-state');
    // argv cannot carry NUL, so those names are left to the test above.
    const sample = [...generateRegistryNames(400, 0xc11)].filter((name) => !name.includes('\0')).map((name) => {
      try {
        return { name, kind: parseRegistryName(name).kind };
      } catch {
        return { name, kind: 'refused' as const };
      }
    });
    // Accepted names are DNS names here: they resolve to nothing (NXDOMAIN at once), so the CLI installs from --ca-file.
    const chosen = [...sample.filter((s) => s.kind === 'refused').slice(0, 30), ...sample.filter((s) => s.kind === 'dns').slice(0, 10)];
    expect(chosen).toHaveLength(40);
    const before = new Set(tree(root.path));
    const env = { ...process.env, DOCKSIDE_STATE_DIR: cliState };
    const outcomes: string[] = [];
    for (let i = 0; i < chosen.length; i += 8) {
      await Promise.all(
        chosen.slice(i, i + 8).map(async ({ name, kind }) => {
          const result = await dockside(['trust', 'add', name, '--ca-file', ca.certPath, '--fingerprint', ca.fingerprintSha256, '--certs-dir', cliCerts, '--engine', 'none', '--yes', '--json'], env);
          if (kind === 'refused') {
            if (result.code !== 2 || ErrorJsonSchema.parse(JSON.parse(result.stderr)).error.code !== 'invalid-registry-name') outcomes.push(`${JSON.stringify(name)}: exit ${result.code} ${result.stderr}`);
          } else if (result.code !== 0 || TrustChangeJsonSchema.parse(JSON.parse(result.stdout)).outcome === 'failed') {
            outcomes.push(`${JSON.stringify(name)}: exit ${result.code} ${result.stderr}`);
          }
        }),
      );
    }
    expect(outcomes).toEqual([]);
    const accepted = new Set(chosen.filter((s) => s.kind === 'dns').map((s) => parseRegistryName(s.name).dirName));
    expect(readdirSync(cliCerts).sort()).toEqual([...accepted].sort());
    for (const dir of accepted) expect(readdirSync(join(cliCerts, dir))).toEqual(['ca.crt']);
    const added = tree(root.path).filter((path) => !before.has(path) && !path.startsWith(`cli-certs.d${sep}`));
    expect(added.sort()).toEqual(['cli-state/', 'cli-state/change.lock', 'cli-state/journal.jsonl'].map((path) => path.replace(/\//g, sep)));
  });
});
