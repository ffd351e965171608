import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// After `electron-vite build`: writes out/bin/docker-credential-dockside and out/bin/dockside, the
// launchers a built checkout puts on PATH (for Docker, and for the app's "commands on PATH"). Each
// runs its built entry with the Node that ran this script, by absolute paths, so Docker's PATH and
// environment do not matter. (The packaged app ships resources/launchers instead, which run the
// app's own Electron as Node.)
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const launchers = { 'docker-credential-dockside': 'credential-helper.cjs', dockside: 'cli.js' };

/** A POSIX shell single-quoted word: nothing inside is expanded; a quote is closed, escaped, reopened. */
const quote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;

for (const [name, entry] of Object.entries(launchers)) {
  const target = join(root, 'out', 'main', entry);
  if (!existsSync(target)) {
    console.error(`write-launchers: ${target} is missing; run \`npm run build\` first.`);
    process.exit(1);
  }
  const launcher = join(root, 'out', 'bin', name);
  mkdirSync(dirname(launcher), { recursive: true });
  writeFileSync(launcher, `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(target)} "$@"\n`);
  // writeFileSync's mode applies only to a new file: an existing launcher is set too.
  chmodSync(launcher, 0o755);
  console.log(`write-launchers: ${launcher}`);
}
