import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorJsonSchema } from '../../shared/cli';
import { type CertificateAuthority, createCa } from '../harness/certs';
import { dockside } from '../harness/dockside';
import { makeTempDir, type TempDir } from '../harness/tmp';

// Public registries are never weakened by a typo or a profile (issue 17 item 7): the CLI refuses
// to mark one insecure or to give it a CA unless the user types --allow-public-registry, and a
// profile cannot ask for either. No engine (kind none), daemon.json and certs.d in a temp dir;
// nothing here reaches the internet (there is none): each refusal comes before any connection.

let dir: TempDir;
let env: NodeJS.ProcessEnv;
let ca: CertificateAuthority;
const ORIGINAL = '{\n  "log-level": "warn"\n}\n';

beforeAll(async () => {
  dir = makeTempDir('public-registry');
  mkdirSync(dir.join('certs.d'));
  mkdirSync(dir.join('ca'));
  writeFileSync(dir.join('daemon.json'), ORIGINAL);
  ca = await createCa(dir.join('ca'), { commonName: 'Public Registry Test CA' });
  env = { ...process.env, DOCKSIDE_ENGINE: 'none', DOCKSIDE_DAEMON_JSON: dir.join('daemon.json'), DOCKSIDE_CERTS_DIR: dir.join('certs.d'), DOCKSIDE_STATE_DIR: dir.join('state') };
});
afterAll(() => dir.remove());

const errorOf = (stderr: string) => ErrorJsonSchema.parse(JSON.parse(stderr.trim().split('\n').at(-1) ?? '')).error;

describe('the CLI refuses to weaken a public registry unless told', () => {
  it.each([
    ['trust add ghcr.io', ['trust', 'add', 'ghcr.io', '--ca-file', 'CA', '--yes', '--json']],
    ['trust add of a Docker Hub name with a port and capitals', ['trust', 'add', 'Registry-1.Docker.IO:443', '--ca-file', 'CA', '--yes', '--json']],
    ['trust add of an Artifact Registry host', ['trust', 'add', 'europe-docker.pkg.dev', '--ca-file', 'CA', '--yes', '--json']],
    ['mirrors use --insecure of an http:// docker.io mirror', ['mirrors', 'use', 'http://docker.io', '--insecure', '--yes', '--json']],
  ])('%s: public-registry, exit 1, nothing written', async (_name, args) => {
    const result = await dockside(args.map((arg) => (arg === 'CA' ? ca.certPath : arg)), env);
    expect(result.code, result.stderr).toBe(1);
    const error = errorOf(result.stderr);
    expect(error.code).toBe('public-registry');
    expect(error.message).toContain('--allow-public-registry');
    expect(readFileSync(dir.join('daemon.json'), 'utf8')).toBe(ORIGINAL);
    expect(existsSync(dir.join('state'))).toBe(false);
  });

  it('with --allow-public-registry, the CA the user gave is installed (the registry is unreachable here, so only the file decides)', async () => {
    const result = await dockside(['trust', 'add', 'ghcr.io', '--ca-file', ca.certPath, '--fingerprint', ca.fingerprintSha256, '--allow-public-registry', '--yes', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(dir.join('certs.d', 'ghcr.io', 'ca.crt'), 'utf8')).toBe(ca.pem);
    const removed = await dockside(['trust', 'remove', 'ghcr.io', '--yes', '--json'], env);
    expect(removed.code, removed.stderr).toBe(0);
    expect(existsSync(dir.join('certs.d', 'ghcr.io'))).toBe(false);
  });
});

describe('a profile cannot weaken a public registry', () => {
  it.each([
    ['quay.io marked insecure', { host: 'quay.io', insecure: true }],
    ['ghcr.io pinned to a CA', { host: 'ghcr.io', caFingerprint: `sha256:${'ab'.repeat(32)}` }],
  ])('%s: profile check and apply refuse with public-registry before contacting anything, and write nothing', async (name, registry) => {
    const file = dir.join(`${name.replaceAll(' ', '-')}.json`);
    writeFileSync(file, JSON.stringify({ version: 1, name: 'public', registries: [registry], mirrors: [] }));
    for (const args of [['profile', 'check', file, '--json'], ['profile', 'apply', file, '--yes', '--json', '--allow-public-registry']]) {
      const result = await dockside(args, { ...env, DOCKSIDE_STATE_DIR: dir.join('state-profile') }, { input: '' });
      expect(result.code, result.stderr).not.toBe(0);
      if (args.includes('--allow-public-registry')) {
        // The flag is not one of profile apply's: a profile's weakening cannot be let through.
        expect(errorOf(result.stderr).code).toBe('usage');
        continue;
      }
      const error = errorOf(result.stderr);
      expect(error.code).toBe('public-registry');
      expect(error.message).toContain('registries[0]');
    }
    expect(readFileSync(dir.join('daemon.json'), 'utf8')).toBe(ORIGINAL);
    expect(existsSync(dir.join('state-profile'))).toBe(false);
  });
});
