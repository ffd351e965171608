import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Layering (DESIGN §2), enforced here because TypeScript alone cannot forbid an import:
//   renderer -> shared; electron/main, preload -> shared, core; core -> shared only;
//   cli, credential-helper, privileged -> core, shared; shared -> zod only.
const nodeBuiltins = [...builtinModules.filter((m) => !m.startsWith('_')), ...builtinModules.map((m) => `node:${m}`)];

const restrict = (message, ...regexes) => regexes.map((regex) => ({ regex, message }));

const noElectron = { name: 'electron', message: 'electron/core must run under plain Node: pass an adapter in from electron/main instead.' };
const noRawIpc = {
  name: 'electron',
  importNames: ['ipcMain', 'ipcRenderer'],
  message: 'Use the typed IPC: registerIpc (electron/main/ipc.ts) or the preload API. Raw ipcMain/ipcRenderer live only there.',
};
// A file of shared/ is never a layer, whatever it is called (shared/cli.ts holds the CLI's --json schemas).
const intoLayers = (layers, message) => restrict(message, `^(?!(\\.\\.?/)+shared/[\\w.-]+$).*?(^|/)\\.\\.?/(.*/)?(${layers.join('|')})(/|$)`);

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      // The named `z` is zod's whole namespace object, which no bundler can shake: the privileged
      // entry would carry all of zod (its 40 locales, JSON Schema), parsed at every elevation.
      'no-restricted-syntax': [
        'error',
        { selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']", message: "Import zod as `import * as z from 'zod'`." },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: ['electron/*'], message: noElectron.message },
            ...intoLayers(['main', 'preload', 'cli', 'credential-helper', 'privileged', 'renderer'], 'electron/core may import only shared/ and itself.'),
          ],
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    ignores: ['electron/main/ipc.ts', 'electron/preload/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noRawIpc],
          patterns: intoLayers(['renderer', 'cli', 'credential-helper', 'privileged'], 'electron/main and preload may import only shared/ and electron/core.'),
        },
      ],
    },
  },
  {
    files: ['electron/main/ipc.ts', 'electron/preload/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: intoLayers(['renderer', 'cli', 'credential-helper', 'privileged'], 'electron/main and preload may import only shared/ and electron/core.') },
      ],
    },
  },
  {
    files: ['electron/cli/**/*.ts', 'electron/credential-helper/**/*.ts', 'electron/privileged/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The CLI, the credential helper and the privileged entry run under plain Node.' }],
          patterns: intoLayers(['main', 'preload', 'renderer'], 'The CLI, the credential helper and the privileged entry may import only electron/core and shared/.'),
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks to the app only through window.dockside (shared/ipc.ts).' },
            ...nodeBuiltins.map((name) => ({ name, message: 'The renderer runs sandboxed in a browser: no Node modules.' })),
          ],
          patterns: [
            ...restrict('The renderer runs sandboxed in a browser: no Node modules.', '^node:'),
            ...intoLayers(['electron'], 'The renderer may import only shared/ and browser libraries.'),
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'shared/ is imported by the renderer too: no Node modules.' })),
          patterns: [
            ...restrict('shared/ imports nothing but zod and itself.', '^node:', '^(?![./])(?!zod$)'),
            ...intoLayers(['electron', 'renderer'], 'shared/ imports nothing but zod and itself.'),
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{ts,js,mjs}', '*.config.{ts,js}'],
    languageOptions: { globals: globals.node },
  },
);
