import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecOptions, ExecResult } from '../../../../../../electron/core/platform/exec';
import { caDigests } from '../../../../../../electron/core/trust/os-store/anchor-name';
import { bundleFingerprints } from '../../../../../../electron/core/trust/os-store/bundle';
import { darwinStore } from '../../../../../../electron/core/trust/os-store/darwin';
import { debianStore } from '../../../../../../electron/core/trust/os-store/debian';
import { detectOsStore } from '../../../../../../electron/core/trust/os-store/detect';
import { rhelStore } from '../../../../../../electron/core/trust/os-store/rhel';
import type { AnchorChange, OsStoreDeps } from '../../../../../../electron/core/trust/os-store/store';
import { win32Store } from '../../../../../../electron/core/trust/os-store/win32';
import { type CertificateAuthority, createCa } from '../../../../../harness/certs';
import { makeTempDir, type TempDir } from '../../../../../harness/tmp';
import { rejectionOf } from '../../../../dockside-error';

// Each platform's OS trust store against the command lines it runs and the outputs those
// commands print. Debian's outputs were recorded on this Debian 12 machine (fixtures/, real
// update-ca-certificates runs); RHEL's, macOS's and Windows' are the tools' documented outputs,
// as each test's name says: those platforms are not here to record.

const fixture = (name: string): string => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

interface Call {
  command: string;
  args: readonly string[];
  input?: string;
}

/** An injected command runner: records every call and answers from a script, in order. */
function recorder(answers: Partial<ExecResult>[], tools: Record<string, string>, hooks: string[] = []): OsStoreDeps & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    which: (tool) => tools[tool] ?? null,
    hooks: () => hooks,
    exec: (command: string, args: readonly string[], options?: ExecOptions) => {
      calls.push({ command, args, ...(options?.input === undefined ? {} : { input: options.input }) });
      const answer = answers.shift() ?? {};
      return Promise.resolve({ code: 0, stdout: '', stderr: '', timedOut: false, ...answer });
    },
  };
}

let tmp: TempDir;
let ca: CertificateAuthority;
let sha1: string;
const anchor = '/usr/local/share/ca-certificates/dockside-0123456789abcdef.crt';

beforeAll(async () => {
  tmp = makeTempDir('os-stores');
  ca = await createCa(tmp.path, { commonName: 'Dockside OS Store Unit CA' });
  sha1 = caDigests(ca.pem).sha1;
});
afterAll(() => tmp.remove());

const added = (path: string): AnchorChange[] => [{ path, before: null, after: ca.pem }];
const removed = (path: string): AnchorChange[] => [{ path, before: ca.pem, after: null }];

describe('Debian and Ubuntu (outputs recorded on this Debian 12 machine)', () => {
  const tools = { 'update-ca-certificates': '/usr/sbin/update-ca-certificates' };

  it('an install runs update-ca-certificates by its absolute path, no arguments, no hook of its own (recorded "1 added")', async () => {
    const deps = recorder([{ stdout: fixture('debian-update-ca-certificates-add.stdout'), stderr: fixture('debian-update-ca-certificates-add.stderr') }], tools, ['/etc/ca-certificates/update.d/jks-keystore']);
    await debianStore().refresh(added(anchor), deps);
    expect(deps.calls).toEqual([{ command: '/usr/sbin/update-ca-certificates', args: [] }]);
    expect(debianStore().refreshCommands(added(anchor))).toEqual([['update-ca-certificates']]);
  });

  it('a removal runs --fresh (recorded: plain update-ca-certificates says "0 added, 0 removed" and keeps the links), then tells each hook the removed .pem on stdin', async () => {
    expect(fixture('debian-update-ca-certificates-same.stdout')).toContain('0 added, 0 removed; done.');
    const deps = recorder([{ stdout: fixture('debian-update-ca-certificates-fresh.stdout'), stderr: fixture('debian-update-ca-certificates-fresh.stderr') }, {}], tools, ['/etc/ca-certificates/update.d/jks-keystore']);
    await debianStore().refresh(removed(anchor), deps);
    expect(deps.calls).toEqual([
      { command: '/usr/sbin/update-ca-certificates', args: ['--fresh'] },
      { command: '/etc/ca-certificates/update.d/jks-keystore', args: [], input: '-/etc/ssl/certs/dockside-0123456789abcdef.pem\n' },
    ]);
  });

  it('a failing update-ca-certificates is an error quoting its last words', async () => {
    const deps = recorder([{ code: 1, stderr: 'rehash: warning: skipping ca-certificates.crt\nE: /etc/ssl/certs is read-only' }], tools);
    const error = await rejectionOf(debianStore().refresh(added(anchor), deps));
    expect(error).toMatchObject({ code: 'os-store-command-failed', params: { command: 'update-ca-certificates', code: 1, output: 'rehash: warning: skipping ca-certificates.crt\nE: /etc/ssl/certs is read-only' } });
  });

  it('a missing update-ca-certificates names the package to install, and runs nothing', async () => {
    const deps = recorder([], {});
    expect(await rejectionOf(debianStore().refresh(added(anchor), deps))).toMatchObject({ code: 'os-store-tool-missing', params: { tool: 'update-ca-certificates', package: 'ca-certificates' } });
    expect(deps.calls).toEqual([]);
  });

  it('reads the bundle it verifies against as /etc/ssl/certs/ca-certificates.crt', () => {
    expect(debianStore()).toMatchObject({ kind: 'debian', anchorsDir: '/usr/local/share/ca-certificates', bundlePath: '/etc/ssl/certs/ca-certificates.crt' });
  });
});

describe('RHEL, CentOS and Fedora (documented outputs: update-ca-trust prints nothing on success)', () => {
  const tools = { 'update-ca-trust': '/usr/bin/update-ca-trust' };
  const path = '/etc/pki/ca-trust/source/anchors/dockside-0123456789abcdef.crt';

  it('install and removal both run update-ca-trust extract', async () => {
    const deps = recorder([{}, {}], tools);
    await rhelStore().refresh(added(path), deps);
    await rhelStore().refresh(removed(path), deps);
    expect(deps.calls).toEqual([
      { command: '/usr/bin/update-ca-trust', args: ['extract'] },
      { command: '/usr/bin/update-ca-trust', args: ['extract'] },
    ]);
    expect(rhelStore()).toMatchObject({ kind: 'rhel', anchorsDir: '/etc/pki/ca-trust/source/anchors', bundlePath: '/etc/pki/tls/certs/ca-bundle.crt' });
  });

  it('without update-ca-trust, says to install ca-certificates', async () => {
    expect(await rejectionOf(rhelStore().refresh(added(path), recorder([], {})))).toMatchObject({ code: 'os-store-tool-missing', params: { tool: 'update-ca-trust', package: 'ca-certificates' } });
  });
});

describe('macOS System keychain (documented outputs of security(1))', () => {
  const tools = { security: '/usr/bin/security' };
  const path = '/var/lib/dockside/os-store/dockside-0123456789abcdef.crt';

  it('adds as a trusted root from Dockside copy (add-trusted-cert prints nothing on success)', async () => {
    const deps = recorder([{}], tools);
    await darwinStore('/var/lib/dockside').refresh(added(path), deps);
    expect(deps.calls).toEqual([{ command: '/usr/bin/security', args: ['add-trusted-cert', '-d', '-r', 'trustRoot', '-k', '/Library/Keychains/System.keychain', path] }]);
  });

  it('removes by SHA-1 hash; an item already gone (documented exit 44, "could not be found in the keychain") is what the removal wanted', async () => {
    const deps = recorder([{ code: 44, stderr: 'security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.\n' }], tools);
    await darwinStore('/var/lib/dockside').refresh(removed(path), deps);
    expect(deps.calls).toEqual([{ command: '/usr/bin/security', args: ['delete-certificate', '-Z', sha1.toUpperCase(), '/Library/Keychains/System.keychain'] }]);
  });

  it('any other failure of security is an error', async () => {
    const deps = recorder([{ code: 1, stderr: 'SecTrustSettingsSetTrustSettings: The authorization was denied since no user interaction was possible.' }], tools);
    expect(await rejectionOf(darwinStore('/var/lib/dockside').refresh(added(path), deps))).toMatchObject({ code: 'os-store-command-failed' });
  });

  it('holds: find-certificate -a -Z lists the SHA-1 hash of each certificate (documented format)', async () => {
    const listing = `SHA-256 hash: ${'AB'.repeat(32)}\nSHA-1 hash: ${sha1.toUpperCase()}\nkeychain: "/Library/Keychains/System.keychain"\nversion: 512\nclass: 0x80001000\n`;
    const store = darwinStore('/var/lib/dockside');
    const held = recorder([{ stdout: listing }], tools);
    expect(await store.holds(caDigests(ca.pem), held)).toBe(true);
    expect(held.calls).toEqual([{ command: '/usr/bin/security', args: ['find-certificate', '-a', '-Z', '/Library/Keychains/System.keychain'] }]);
    expect(await store.holds(caDigests(ca.pem), recorder([{ stdout: `SHA-1 hash: ${'0'.repeat(40)}\n` }], tools))).toBe(false);
  });

  it('keeps its copies in the elevated state dir', () => {
    expect(darwinStore('/var/lib/dockside')).toMatchObject({ kind: 'darwin', anchorsDir: '/var/lib/dockside/os-store', bundlePath: null });
  });
});

describe('Windows Root store (documented outputs of certutil)', () => {
  const certutil = 'C:\\Windows\\System32\\certutil.exe';
  const tools = { certutil };
  const path = 'C:\\ProgramData\\Dockside\\os-store\\dockside-0123456789abcdef.crt';

  it('adds with -addstore Root (documented "CertUtil: -addstore command completed successfully.")', async () => {
    const stdout = 'Root "Trusted Root Certification Authorities"\r\nSignature matches Public Key\r\nCertificate "Dockside OS Store Unit CA" added to store.\r\nCertUtil: -addstore command completed successfully.\r\n';
    const deps = recorder([{ stdout }], tools);
    await win32Store('C:\\ProgramData\\Dockside').refresh(added(path), deps);
    expect(deps.calls).toEqual([{ command: certutil, args: ['-addstore', 'Root', path] }]);
  });

  it('removes by thumbprint; CRYPT_E_NOT_FOUND (documented) means already gone', async () => {
    const stdout = 'Root "Trusted Root Certification Authorities"\r\nCertUtil: -delstore command FAILED: 0x80092004 (-2146885628 CRYPT_E_NOT_FOUND)\r\nCertUtil: Cannot find object or property.\r\n';
    const deps = recorder([{ code: 2148081668, stdout }], tools);
    await win32Store('C:\\ProgramData\\Dockside').refresh(removed(path), deps);
    expect(deps.calls).toEqual([{ command: certutil, args: ['-delstore', 'Root', sha1] }]);
  });

  it('a denied -addstore (documented E_ACCESSDENIED) is an error', async () => {
    const stdout = 'CertUtil: -addstore command FAILED: 0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED)\r\nCertUtil: Access is denied.\r\n';
    expect(await rejectionOf(win32Store('C:\\ProgramData\\Dockside').refresh(added(path), recorder([{ code: 5, stdout }], tools)))).toMatchObject({
      code: 'os-store-command-failed',
      params: { output: expect.stringContaining('Access is denied.') },
    });
  });

  it('holds: certutil -store Root <thumbprint> exits 0 when it lists it, CRYPT_E_NOT_FOUND when not', async () => {
    const store = win32Store('C:\\ProgramData\\Dockside');
    const held = recorder([{ stdout: `Root "Trusted Root Certification Authorities"\r\nCert Hash(sha1): ${sha1}\r\nCertUtil: -store command completed successfully.\r\n` }], tools);
    expect(await store.holds(caDigests(ca.pem), held)).toBe(true);
    expect(held.calls).toEqual([{ command: certutil, args: ['-store', 'Root', sha1] }]);
    const missing = recorder([{ code: 2148081668, stdout: 'CertUtil: -store command FAILED: 0x80092004 (-2146885628 CRYPT_E_NOT_FOUND)\r\n' }], tools);
    expect(await store.holds(caDigests(ca.pem), missing)).toBe(false);
  });
});

describe('detectOsStore: from root-owned sources only', () => {
  const detect = (platform: NodeJS.Platform, osRelease: string | null, dirs: string[] = []) =>
    detectOsStore({ platform, stateDir: '/var/lib/dockside', readText: (path) => (path === '/etc/os-release' ? osRelease : null), isDirectory: (path) => dirs.includes(path) })?.kind ?? null;

  it('reads os-release ID and ID_LIKE, then which anchors directory exists', () => {
    expect(detect('linux', 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n')).toBe('debian');
    expect(detect('linux', 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n')).toBe('debian');
    expect(detect('linux', 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\n')).toBe('rhel');
    expect(detect('linux', 'ID=fedora\n')).toBe('rhel');
    expect(detect('linux', 'ID=alpine\n', ['/usr/local/share/ca-certificates'])).toBe('debian');
    expect(detect('linux', null, ['/etc/pki/ca-trust/source/anchors', '/usr/local/share/ca-certificates'])).toBe('rhel');
    expect(detect('linux', 'ID=arch\n')).toBeNull();
    expect(detect('darwin', null)).toBe('darwin');
    expect(detect('win32', null)).toBe('win32');
    expect(detect('freebsd', null)).toBeNull();
  });
});

describe('bundleFingerprints', () => {
  it('finds a certificate in a bundle by its DER SHA-256, whatever its line breaks', () => {
    const bundle = `# a comment\n${ca.pem}\n${ca.pem.replace(/\n/g, '\r\n')}`;
    expect([...bundleFingerprints(bundle)]).toEqual([caDigests(ca.pem).sha256]);
    expect(bundleFingerprints('').size).toBe(0);
  });
});
