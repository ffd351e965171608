import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// The elevated entry as ONE self-contained file (DESIGN §2): it imports nothing but Node's
// built-ins, so the check it makes of its own file and of the runtime before it runs as root
// covers every line of code that runs; no chunk or node_modules file is loaded behind it.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'out', 'main', 'privileged.js');

await build({
  entryPoints: [join(root, 'electron', 'privileged', 'index.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  // jsonc-parser's "main" is a UMD build whose requires esbuild cannot follow; its ES module build bundles cleanly.
  mainFields: ['module', 'main'],
  format: 'esm',
  target: 'node20',
  // Bundled CommonJS dependencies call require for Node's built-ins.
  banner: { js: "import { createRequire as __docksideRequire } from 'node:module';\nconst require = __docksideRequire(import.meta.url);" },
  // Parsed on every elevation: a smaller file starts sooner.
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
console.log(`build-privileged: ${outfile}`);
