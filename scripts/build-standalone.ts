import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

// The two entries Node runs on its own, each as ONE bundled, minified file (parsed at every start):
// - out/main/privileged.js, the elevated entry (DESIGN §2): it imports nothing but Node's
//   built-ins, so the check it makes of its own file and of the runtime before it runs as root
//   covers every line of code that runs; no chunk or node_modules file is loaded behind it.
// - out/main/credential-helper.cjs, what Docker starts for every credential it needs: CommonJS,
//   so Node starts it without its ES module loader; only the keychain's native addon stays
//   outside, required when a secret is first touched.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  // jsonc-parser's "main" is a UMD build whose requires esbuild cannot follow; its ES module build bundles cleanly.
  mainFields: ['module', 'main'],
  target: 'node20',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
};

const privileged = join(root, 'out', 'main', 'privileged.js');
await build({
  ...common,
  entryPoints: [join(root, 'electron', 'privileged', 'index.ts')],
  outfile: privileged,
  format: 'esm',
  // Bundled CommonJS dependencies call require for Node's built-ins.
  banner: { js: "import { createRequire as __docksideRequire } from 'node:module';\nconst require = __docksideRequire(import.meta.url);" },
});
console.log(`build-standalone: ${privileged}`);

const helper = join(root, 'out', 'main', 'credential-helper.cjs');
await build({
  ...common,
  entryPoints: [join(root, 'electron', 'credential-helper', 'index.ts')],
  outfile: helper,
  format: 'cjs',
  external: ['@napi-rs/keyring'],
  // The source finds package.json and the addon from import.meta.url, which CommonJS lacks.
  define: { 'import.meta.url': '__docksideModuleUrl' },
  // The shebang: npm's `bin` links it as docker-credential-dockside.
  banner: { js: "#!/usr/bin/env node\nconst __docksideModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
console.log(`build-standalone: ${helper}`);
