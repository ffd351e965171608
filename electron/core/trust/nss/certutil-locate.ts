import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Message, msg } from '../../../../shared/message';

/** Homebrew's nss keg, where `brew install nss` puts certutil without always linking it (mkcert looks there too). */
const HOMEBREW_CERTUTIL = ['/opt/homebrew/opt/nss/bin/certutil', '/usr/local/opt/nss/bin/certutil'];

/**
 * NSS's certutil on PATH (and, on macOS, in Homebrew's nss keg), or null. Never on Windows:
 * certutil.exe there is Microsoft's, another program with the same name.
 */
export async function locateCertutil(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): Promise<string | null> {
  if (platform === 'win32') return null;
  const dirs = (env.PATH ?? '').split(':').filter((dir) => path.isAbsolute(dir));
  const candidates = [...dirs.map((dir) => path.join(dir, 'certutil')), ...(platform === 'darwin' ? HOMEBREW_CERTUTIL : [])];
  for (const candidate of candidates) {
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
  }
  return null;
}

/** The package that installs certutil, and the command that installs it, by the distribution's os-release ID (and ID_LIKE). */
const INSTALLERS: ReadonlyArray<{ ids: readonly string[]; command: string }> = [
  { ids: ['debian', 'ubuntu'], command: 'sudo apt install libnss3-tools' }, // verbatim: a command to type
  { ids: ['fedora', 'rhel', 'centos'], command: 'sudo dnf install nss-tools' }, // verbatim: a command to type
  { ids: ['suse', 'opensuse'], command: 'sudo zypper install mozilla-nss-tools' }, // verbatim: a command to type
  { ids: ['arch'], command: 'sudo pacman -S nss' }, // verbatim: a command to type
];

/** /etc/os-release's text, or null where there is none (macOS, Windows, a minimal container). */
export async function readOsRelease(): Promise<string | null> {
  return readFile('/etc/os-release', 'utf8').catch(() => null);
}

/**
 * What the plan says when certutil is missing: which command installs it here, or the package
 * names when the distribution is not one Dockside knows. Nothing fails for it.
 */
export function certutilMissing(platform: NodeJS.Platform, osRelease: string | null): Message {
  // verbatim: Homebrew's command
  if (platform === 'darwin') return msg('tls.nss.certutil-missing', { command: 'brew install nss' });
  const ids = osReleaseIds(osRelease ?? '');
  const installer = INSTALLERS.find((entry) => entry.ids.some((id) => ids.includes(id)));
  return installer ? msg('tls.nss.certutil-missing', { command: installer.command }) : msg('tls.nss.certutil-missing.unknown-distribution');
}

function osReleaseIds(text: string): string[] {
  const value = (key: string): string => new RegExp(`^${key}=("?)([^"\\n]*)\\1$`, 'm').exec(text)?.[2] ?? '';
  return [value('ID'), ...value('ID_LIKE').split(/\s+/)].filter(Boolean).map((id) => id.toLowerCase());
}
