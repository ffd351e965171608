import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fpmTarget } from '../harness/electron-builder-config';
import { makeTempDir } from '../harness/tmp';

// electron-builder cannot build here (no Electron binary download), so its own schema check
// is the proof that the packaging config is valid.
const require = createRequire(import.meta.url);
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
};
const quietLogger = { isEnabled: false, add: () => undefined };
const tmp = makeTempDir('builder-config');
afterAll(() => tmp.remove());

/** Width and height of a PNG (its IHDR). */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

/** The sizes an .ico holds, from its directory (a width byte of 0 means 256), each image checked to be that size. */
function icoSizes(ico: Buffer): number[] {
  expect(ico.readUInt16LE(2)).toBe(1);
  return Array.from({ length: ico.readUInt16LE(4) }, (_, index) => {
    const entry = 6 + 16 * index;
    const size = ico[entry] === 0 ? 256 : (ico[entry] ?? 0);
    const image = ico.subarray(ico.readUInt32LE(entry + 12), ico.readUInt32LE(entry + 12) + ico.readUInt32LE(entry + 8));
    expect(pngSize(image)).toEqual([size, size]);
    return size;
  });
}

/** The PNG sizes an .icns holds, by its entries. */
function icnsSizes(icns: Buffer): number[] {
  expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
  const sizes: number[] = [];
  for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) sizes.push(pngSize(icns.subarray(at + 8, at + icns.readUInt32BE(at + 4)))[0]);
  return sizes;
}
/** What writes the Linux .desktop file of the deb, rpm and AppImage targets. */
const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper.js') as {
  LinuxTargetHelper: new (packager: unknown) => { computeDesktopEntry(options: unknown): Promise<string> };
};

describe('electron-builder.yml', () => {
  const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;

  it('passes electron-builder schema validation', async () => {
    await expect(validateConfiguration(config, quietLogger)).resolves.toBeUndefined();
  });

  it('targets deb, AppImage and rpm on Linux, dmg on macOS and NSIS on Windows', () => {
    expect(config).toMatchObject({
      linux: { target: ['deb', 'AppImage', 'rpm'] },
      mac: { target: ['dmg'] },
      win: { target: ['nsis'] },
    });
  });

  it('turns off the NODE_OPTIONS and --inspect fuses (root runs this Electron as Node) and keeps the elevated entry out of app.asar', () => {
    expect(config.electronFuses).toEqual({ runAsNode: true, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false });
    expect(config.asarUnpack).toEqual(['out/main/privileged.js']);
  });

  it('deb and rpm depend on electron-builder\'s own list plus the Secret Service library and pkexec (polkit)', () => {
    const FpmTarget = (require('app-builder-lib/out/targets/FpmTarget.js') as { default: { prototype: { getDefaultDepends(target: string): string[] } } }).default;
    const defaults = (target: string): string[] => FpmTarget.prototype.getDefaultDepends.call(null, target);
    const depends = (target: 'deb' | 'rpm'): string[] => (config[target] as { depends: string[] }).depends;
    expect(depends('deb')).toEqual(expect.arrayContaining([...defaults('deb'), 'libsecret-1-0', 'pkexec | policykit-1']));
    expect(depends('rpm')).toEqual(expect.arrayContaining([...defaults('rpm'), 'libsecret', 'polkit']));
  });

  it('names the package\'s homepage (fpm needs its URL) and gives the GUI its own executable name', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { homepage?: string };
    expect(pkg.homepage).toMatch(/^https:\/\//);
    expect(config.linux).toMatchObject({ executableName: 'dockside-desktop' });
  });

  it('registers the dockside:// scheme for profile links', () => {
    expect(config.protocols).toEqual([{ name: 'Dockside profile', schemes: ['dockside'] }]);
  });

  it('writes the scheme into the Linux .desktop file, with the link passed as an argument (%U)', async () => {
    // Only the parts of a LinuxPackager that the desktop entry reads, from this file's own config.
    const packager = {
      config,
      platformSpecificBuildOptions: config.linux,
      appInfo: { productName: 'Dockside', sanitizedProductName: 'Dockside', description: '' },
      executableName: 'dockside',
      info: { metadata: { desktopName: 'dockside.desktop' } },
      fileAssociations: [],
    };
    const entry = await new LinuxTargetHelper(packager).computeDesktopEntry(config.linux);
    expect(entry.split('\n')).toEqual(expect.arrayContaining(['MimeType=x-scheme-handler/dockside;', 'Exec=/opt/Dockside/dockside %U']));
  });

  it('deb and rpm pass the check electron-builder makes before running fpm (homepage, maintainer)', async () => {
    for (const target of ['deb', 'rpm'] as const) {
      await expect(fpmTarget(target).meta()).resolves.toEqual({ name: 'dockside', maintainer: 'Dockside <dev@dockside.invalid>', url: 'https://dockside.invalid/', vendor: 'Dockside <dev@dockside.invalid>' });
    }
    // The same check refuses a package.json without a homepage (it is the check that failed before issue 20).
    const { homepage: _homepage, ...withoutHomepage } = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, unknown>;
    await expect(fpmTarget('deb', config, withoutHomepage).meta()).rejects.toThrow(/Please specify project homepage/);
  });

  it('deb and rpm run our after-install/after-remove scripts, which electron-builder renders with every ${...} defined', async () => {
    for (const target of ['deb', 'rpm'] as const) {
      expect(config[target]).toMatchObject({ afterInstall: 'resources/build/linux/after-install.tpl', afterRemove: 'resources/build/linux/after-remove.tpl' });
      const scripts = await fpmTarget(target).scripts(tmp.path);
      const install = readFileSync(scripts.afterInstall, 'utf8');
      expect(install).toContain('target="/opt/Dockside/resources/launchers/$command"');
      // electron-builder's own template, kept: the GUI's link, chrome-sandbox, the AppArmor profile.
      expect(install).toContain("update-alternatives --install '/usr/bin/dockside-desktop' 'dockside-desktop' '/opt/Dockside/dockside-desktop' 100");
      expect(install).toContain('chmod 4755 "$DPKG_ROOT/opt/Dockside/chrome-sandbox"');
      expect(install).toContain('APPARMOR_PROFILE_TARGET="$DPKG_ROOT/etc/apparmor.d/dockside-desktop"');
      expect(readFileSync(scripts.afterRemove, 'utf8')).toContain("update-alternatives --remove 'dockside-desktop' '/opt/Dockside/dockside-desktop'");
      for (const script of [scripts.afterInstall, scripts.afterRemove]) execFileSync('bash', ['-n', script]);
    }
  });

  it('has the icon each target needs: a PNG of at least 512 (Linux, AppImage), an .ico with 256 (NSIS), an .icns with 512 and 1024 (dmg)', () => {
    expect(config.linux).toMatchObject({ icon: 'resources/build/icon.png' });
    expect(config.win).toMatchObject({ icon: 'resources/build/icon.ico' });
    expect(config.mac).toMatchObject({ icon: 'resources/build/icon.icns' });
    const [width, height] = pngSize(readFileSync('resources/build/icon.png'));
    expect(width).toBe(height);
    expect(width).toBeGreaterThanOrEqual(512);
    expect(icoSizes(readFileSync('resources/build/icon.ico'))).toEqual(expect.arrayContaining([16, 32, 48, 256]));
    expect(icnsSizes(readFileSync('resources/build/icon.icns'))).toEqual(expect.arrayContaining([512, 1024]));
  });

  it('has icons electron-builder\'s own icon step takes for each target, none the default Electron icon', async () => {
    // PlatformPackager.resolveIcon's conversion: 'set' for deb/rpm/AppImage, 'icns' for the dmg, 'ico' for NSIS.
    const { convertIcon } = require('app-builder-lib/out/util/iconConverter.js') as {
      convertIcon(options: { sources: string[]; fallbackSources: string[]; roots: string[]; format: string; outDir: string }): Promise<{ icons: { file: string; size: number }[]; isFallback: boolean; error?: string }>;
    };
    const convert = (format: string, source: unknown) => convertIcon({ sources: [String(source)], fallbackSources: [], roots: ['resources/build', '.'], format, outDir: tmp.join(`icon-${format}`) });
    await expect(convert('set', (config.linux as { icon: string }).icon)).resolves.toEqual({ icons: [{ file: 'resources/build/icon.png', size: 1024 }], isFallback: false });
    await expect(convert('icns', (config.mac as { icon: string }).icon)).resolves.toMatchObject({ icons: [{ file: 'resources/build/icon.icns' }], isFallback: false });
    await expect(convert('ico', (config.win as { icon: string }).icon)).resolves.toEqual({ icons: [{ file: 'resources/build/icon.ico', size: 256 }], isFallback: false });
  });

  const makensis = ['/usr/bin/makensis', '/usr/local/bin/makensis'].find((path) => existsSync(path));
  it('includes resources/build/installer.nsh in the NSIS installer, whose macros compile (makensis)', () => {
    expect(config.nsis).toMatchObject({ include: 'resources/build/installer.nsh' });
    const include = readFileSync('resources/build/installer.nsh', 'utf8');
    expect(include).toMatch(/!macro customInstall\b/);
    expect(include).toMatch(/!macro customUnInstall\b/);
    // Path is read unexpanded and written as REG_EXPAND_SZ by PowerShell, never held in an NSIS string.
    expect(include).toContain('DoNotExpandEnvironmentNames');
    expect(include).toContain('RegistryValueKind]::ExpandString');
    expect(include).not.toMatch(/ReadRegStr|WriteRegExpandStr|EnVar::/);
    expect(makensis, 'makensis (apt-get install nsis)').toBeDefined();
    const script = tmp.join('installer-test.nsi');
    writeFileSync(
      script,
      [
        `!include "${process.cwd()}/resources/build/installer.nsh"`,
        'Name "installer-test"',
        `OutFile "${tmp.join('installer-test.exe')}"`,
        'RequestExecutionLevel user',
        'Section "install"',
        '  !insertmacro customInstall',
        '  WriteUninstaller "$INSTDIR\\uninstall.exe"',
        'SectionEnd',
        'Section "uninstall"',
        '  !insertmacro customUnInstall',
        'SectionEnd',
        '',
      ].join('\n'),
    );
    const log = execFileSync(makensis ?? 'makensis', ['-V4', script], { encoding: 'utf8' });
    const commands = log.split('\n').filter((line) => line.startsWith('Plugin command: ExecToLog '));
    expect(commands).toHaveLength(2);
    // Each command line fits an NSIS string (NSIS_MAX_STRLEN 1024), $SYSDIR (C:\Windows\System32) expanded.
    for (const command of commands) {
      const expanded = command.slice('Plugin command: ExecToLog '.length).replace('$SYSDIR', 'C:\\Windows\\System32').replaceAll('$$', '$');
      expect(expanded.length).toBeLessThan(1024);
    }
    expect(existsSync(tmp.join('installer-test.exe'))).toBe(true);
  });

  it('rejects an invalid option (the validation is real)', async () => {
    await expect(validateConfiguration({ ...config, notAnOption: true }, quietLogger)).rejects.toThrow(/notAnOption/);
  });
});
