import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Runs every bench/*.bench.ts (or the ones named on the command line). Each prints ratios
// measured within its own run: absolute times on these machines are noise.
const dir = import.meta.dirname;
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)));
if (files.length === 0) {
  console.error(`no benchmark matches ${wanted.join(' ') || '*.bench.ts'} in bench/`);
  process.exit(2);
}
for (const file of files) {
  console.log(`\n# ${file}`);
  const bench = (await import(pathToFileURL(join(dir, file)).href)) as { run(): Promise<void> };
  await bench.run();
}
