import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';

// electron-builder.yml and package.json as electron-builder's Linux packager sees them, for
// calling app-builder-lib's own code on them (it cannot build a deb or rpm here: no fpm download).
const REPO = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

export const builderConfig = parse(readFileSync(join(REPO, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
export const packageJson = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Record<string, unknown>;

interface FpmSelf {
  packager: unknown;
  options: Record<string, unknown>;
}
interface FpmPrototype {
  computeFpmMetaInfoOptions(this: FpmSelf): Promise<{ name: string; maintainer: string; url: string; vendor: string }>;
  createScripts(this: FpmSelf): Promise<{ afterInstall: string; afterRemove: string; appArmor: string }>;
}
const FpmTarget = (require('app-builder-lib/out/targets/FpmTarget.js') as { default: { prototype: FpmPrototype } }).default;
const { AppInfo } = require('app-builder-lib/out/appInfo.js') as { AppInfo: new (info: unknown, buildVersion: null, platformOptions: unknown) => unknown };

/**
 * electron-builder's deb or rpm target (FpmTarget) with only the parts of a LinuxPackager its
 * checks and script rendering read: `meta()` is its build-time refusal (homepage, maintainer),
 * `scripts(dir)` renders the after-install/after-remove/AppArmor templates into `dir` with its
 * own ${...} replacement (writeConfigFile), as `electron-builder --linux deb|rpm` does.
 */
export function fpmTarget(target: 'deb' | 'rpm', config: Record<string, unknown> = builderConfig, metadata: Record<string, unknown> = packageJson) {
  const linux = config.linux as Record<string, unknown>;
  const info = { metadata, config, devMetadata: metadata, repositoryInfo: Promise.resolve(null) };
  const appInfo = new AppInfo(info, null, linux);
  const self = (dir: string): FpmSelf => {
    let count = 0;
    const tempDirManager = { getTempFile: ({ suffix }: { suffix: string }) => Promise.resolve(join(dir, `${count++}-${suffix}`)) };
    return {
      packager: { appInfo, info: { ...info, tempDirManager }, executableName: linux.executableName, platformSpecificBuildOptions: linux, projectDir: REPO },
      options: { ...linux, ...(config[target] as Record<string, unknown>) },
    };
  };
  return {
    meta: () => FpmTarget.prototype.computeFpmMetaInfoOptions.call(self('')),
    scripts: (dir: string) => FpmTarget.prototype.createScripts.call(self(dir)),
  };
}
