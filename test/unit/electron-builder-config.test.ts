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

  it('rejects an invalid option (the validation is real)', async () => {
    await expect(validateConfiguration({ ...config, notAnOption: true }, quietLogger)).rejects.toThrow(/notAnOption/);
  });
});
