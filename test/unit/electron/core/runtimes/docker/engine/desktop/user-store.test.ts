import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { installInUserStore, planUserStore, removeFromUserStore, undoUserStore, userStoreDepsForUser, verifyUserStore } from '../../../../../../../../electron/core/runtimes/docker/engine/desktop/user-store';
import type { ExecResult } from '../../../../../../../../electron/core/platform/exec';
import { english } from '../../../../../../../harness/english';
import { ca, caPem } from '../../../../trust/nss/recorded-certutil';
import { answer, documented, scripted } from './answers';

const SHA1 = ca.fingerprint.replace(/:/g, '');
const KEYCHAIN = '/Users/me/Library/Keychains/login.keychain-db';
const mac = { platform: 'darwin' as const, home: '/Users/me' };
const CERTUTIL = 'D:\\Windows\\System32\\certutil.exe';
const windows = { platform: 'win32' as const, home: 'C:\\Users\\me', systemRoot: 'D:\\Windows' };

const macFill = { '<keychain>': KEYCHAIN, '<SHA1>': SHA1, '<SHA256>': ca.fingerprint256.replace(/:/g, '') };
const macAnswer = (name: string) => () => answer(documented, name, macFill);
const winAnswer = (name: string, sha1 = SHA1.toLowerCase()) => () => answer(documented, name, { '<sha1>': sha1, '<serial>': ca.serialNumber.toLowerCase() });

/** The file a command was given: it must hold the CA's PEM while the command runs. */
function fileArgument(seen: { path?: string }): (command: string, args: readonly string[]) => ExecResult {
  return (_command, args) => {
    seen.path = args[args.length - 1];
    expect(readFileSync(seen.path!, 'utf8')).toBe(caPem);
    return answer(documented, args.includes('-addstore') ? 'Windows: -addstore' : 'macOS: add-trusted-cert');
  };
}

describe('macOS login keychain (documented `security` outputs; no macOS here)', () => {
  it('plans the login keychain as the user', () => {
    expect(english(planUserStore(ca, { exec: scripted([]).exec, ...mac })!)).toBe(
      `Add the CA to your login keychain (${KEYCHAIN}) as trusted for websites (as you: macOS asks for your password)`,
    );
  });

  it('installs with `security add-trusted-cert -r trustRoot -k <login keychain> <file>` and verifies by its SHA-1 with find-certificate -Z', async () => {
    const seen: { path?: string } = {};
    const { exec, lines } = scripted([macAnswer('macOS: find-certificate, not there'), fileArgument(seen), macAnswer('macOS: find-certificate, there')]);
    const result = await installInUserStore(ca, { exec, ...mac });
    expect(lines).toEqual([
      `security find-certificate -a -Z ${KEYCHAIN}`,
      `security add-trusted-cert -r trustRoot -k ${KEYCHAIN} ${seen.path}`,
      `security find-certificate -a -Z ${KEYCHAIN}`,
    ]);
    expect(existsSync(seen.path!)).toBe(false);
    expect(result.state).toBe('added');
    expect(english(result.message)).toBe(`Your login keychain (${KEYCHAIN}) now holds the CA, trusted for websites.`);
  });

  it('already there: nothing added, and undo leaves it', async () => {
    const { exec, lines } = scripted([macAnswer('macOS: find-certificate, there')]);
    const result = await installInUserStore(ca, { exec, ...mac });
    expect(result.state).toBe('present');
    expect(await undoUserStore(ca, result, { exec, ...mac })).toBeNull();
    expect(lines).toHaveLength(1);
  });

  it('the password dialog cancelled: declined, nothing else run', async () => {
    const { exec, left } = scripted([macAnswer('macOS: find-certificate, not there'), macAnswer('macOS: add-trusted-cert, password dialog cancelled')]);
    const result = await installInUserStore(ca, { exec, ...mac });
    expect(result.state).toBe('declined');
    expect(english(result.message)).toContain('Run the command again and confirm with your password.');
    expect(left()).toBe(0);
  });

  it('removes with `security delete-certificate -Z <sha1> -t <login keychain>`, then checks it is gone', async () => {
    const { exec, lines } = scripted([macAnswer('macOS: find-certificate, there'), macAnswer('macOS: delete-certificate'), macAnswer('macOS: find-certificate, not there')]);
    const result = await removeFromUserStore(ca, { exec, ...mac });
    expect(lines[1]).toBe(`security delete-certificate -Z ${SHA1} -t ${KEYCHAIN}`);
    expect(result.state).toBe('removed');
    const absent = scripted([macAnswer('macOS: find-certificate, not there')]);
    expect((await removeFromUserStore(ca, { exec: absent.exec, ...mac })).state).toBe('absent');
    expect(absent.lines).toHaveLength(1);
  });

  it('undo of an install that added it removes it', async () => {
    const { exec, lines } = scripted([macAnswer('macOS: find-certificate, there'), macAnswer('macOS: delete-certificate'), macAnswer('macOS: find-certificate, not there')]);
    const undone = await undoUserStore(ca, { state: 'added', message: { code: 'engine.desktop.user-store.added.login-keychain', params: {} } }, { exec, ...mac });
    expect(undone?.state).toBe('removed');
    expect(lines).toHaveLength(3);
  });
});

describe('Windows current-user Root store (documented certutil.exe outputs; no Windows here)', () => {
  it('installs with Microsoft\'s certutil.exe by full path: `-user -addstore Root <file>`, verified with `-user -store Root <thumbprint>`', async () => {
    const seen: { path?: string } = {};
    const { exec, lines } = scripted([winAnswer('Windows: -store, not there'), fileArgument(seen), winAnswer('Windows: -store, there')]);
    const result = await installInUserStore(ca, { exec, ...windows });
    expect(lines).toEqual([`${CERTUTIL} -user -store Root ${SHA1}`, `${CERTUTIL} -user -addstore Root ${seen.path}`, `${CERTUTIL} -user -store Root ${SHA1}`]);
    expect(existsSync(seen.path!)).toBe(false);
    expect(result.state).toBe('added');
    expect(english(result.message)).toBe('Your Windows Trusted Root Certification Authorities store now holds the CA.');
  });

  it('finds certutil.exe under %SystemRoot% of the environment, not on PATH (where an NSS certutil may be)', () => {
    const deps = userStoreDepsForUser({ SystemRoot: 'E:\\Win', PATH: '/usr/bin' }, scripted([]).exec, 'win32');
    expect(english(planUserStore(ca, deps)!)).toContain('Windows Trusted Root Certification Authorities');
    expect(deps.systemRoot).toBe('E:\\Win');
  });

  it('reads the thumbprint in either of certutil\'s spellings (spaced bytes, older Windows)', async () => {
    const spaced = SHA1.toLowerCase().replace(/(..)(?!$)/g, '$1 ');
    const { exec } = scripted([winAnswer('Windows: -store, there', spaced)]);
    expect((await verifyUserStore(ca, { exec, ...windows })).state).toBe('present');
  });

  it('the security warning answered No: declined', async () => {
    const { exec } = scripted([winAnswer('Windows: -store, not there'), winAnswer('Windows: -addstore, security warning answered No')]);
    const result = await installInUserStore(ca, { exec, ...windows });
    expect(result.state).toBe('declined');
    expect(english(result.message)).toContain("answer Yes in Windows' security warning");
  });

  it('removes with `-user -delstore Root <thumbprint>`, then checks it is gone', async () => {
    const { exec, lines } = scripted([winAnswer('Windows: -store, there'), winAnswer('Windows: -delstore'), winAnswer('Windows: -store, not there')]);
    const result = await removeFromUserStore(ca, { exec, ...windows });
    expect(lines[1]).toBe(`${CERTUTIL} -user -delstore Root ${SHA1}`);
    expect(result.state).toBe('removed');
  });
});

describe('Linux', () => {
  it('has no user store Docker Desktop reads: nothing planned, nothing run', async () => {
    const { exec, lines } = scripted([]);
    expect(planUserStore(ca, { exec, platform: 'linux', home: '/home/me' })).toBeNull();
    expect((await installInUserStore(ca, { exec, platform: 'linux', home: '/home/me' })).state).toBe('unsupported');
    expect(lines).toEqual([]);
  });
});
