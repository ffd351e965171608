import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// After `electron-vite build`: writes out/bin/docker-credential-dockside, the launcher a built
// checkout puts on PATH for Docker. It runs the built helper with the Node that ran this script,
// by absolute paths, so Docker's PATH and environment do not matter. (The packaged app ships
// resources/launchers instead, which run the app's own Electron as Node.)
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const helper = join(root, 'out', 'main', 'credential-helper.cjs');
const launcher = join(root, 'out', 'bin', 'docker-credential-dockside');

if (!existsSync(helper)) {
  console.error(`write-launchers: ${helper} is missing; run \`npm run build\` first.`);
  process.exit(1);
}

/** A POSIX shell single-quoted word: nothing inside is expanded; a quote is closed, escaped, reopened. */
const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;

mkdirSync(dirname(launcher), { recursive: true });
writeFileSync(launcher, `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(helper)} "$@"\n`);
// writeFileSync's mode applies only to a new file: an existing launcher is set too.
chmodSync(launcher, 0o755);
console.log(`write-launchers: ${launcher}`);
