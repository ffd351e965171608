import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// electron-builder cannot build here (no Electron binary download), so its own schema check
// is the proof that the packaging config is valid.
const require = createRequire(import.meta.url);
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
};
const quietLogger = { isEnabled: false, add: () => undefined };
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

  it('rejects an invalid option (the validation is real)', async () => {
    await expect(validateConfiguration({ ...config, notAnOption: true }, quietLogger)).rejects.toThrow(/notAnOption/);
  });
});
