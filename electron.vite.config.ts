import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './electron/main/csp';

// The built page carries the strict CSP; the dev server (inline HMR preamble) runs without it.
const contentSecurityPolicy: Plugin = {
  name: 'dockside-csp',
  apply: 'build',
  transformIndexHtml: () => [
    { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
  ],
};

// Custom roots (DESIGN §2): the Electron side lives under electron/, the web side under renderer/.
// The message catalog is ~200 KB of JSON per language: as JSON.parse it loads in a quarter of
// the time the same object literal takes (V8 parses JSON faster than JS), which every CLI start
// pays. Vite's json.stringify does not reach rolldown's JSON handling, so the files load as JS here.
const catalogAsJsonParse: Plugin = {
  name: 'dockside-catalog-json-parse',
  enforce: 'pre',
  load(id) {
    if (!/[\\/]shared[\\/]locales[\\/][^\\/]+[\\/][^\\/]+\.json$/.test(id)) return null;
    const table: unknown = JSON.parse(readFileSync(id, 'utf8'));
    return { code: `export default JSON.parse(${JSON.stringify(JSON.stringify(table))});`, moduleType: 'js' } as { code: string };
  },
};

export default defineConfig({
  main: {
    plugins: [catalogAsJsonParse],
    build: {
      outDir: 'out/main',
      // Only package.json's dependencies (the native keychain addon, sudo-prompt) stay outside;
      // zod, jsonc-parser, ipaddr.js and undici are devDependencies, bundled and shaken: loaded
      // from node_modules, zod alone is ~150 files that every CLI start would read.
      minify: true,
      rollupOptions: {
        // The CLI ships beside main and shares its chunks; it runs under plain Node. The
        // privileged entry and the credential helper are built apart, each one file
        // (scripts/build-standalone.ts).
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          cli: resolve(__dirname, 'electron/cli/index.ts'),
        },
        output: { banner: (chunk) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : '') },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only a few built-ins: bundle everything, emit CommonJS.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react(), contentSecurityPolicy, catalogAsJsonParse],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      minify: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'renderer/index.html') },
      },
    },
  },
});
