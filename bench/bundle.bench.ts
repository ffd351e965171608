import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LANGUAGE_CODES } from '../shared/i18n/languages';
import { en } from '../shared/locales/en';
import { zhCN } from '../shared/locales/zh-CN';

// What the renderer makes the window load before it can draw (issue 19 item 8: at most 120 KB
// gzip): the entry `<script type="module" src>` of out/renderer/index.html plus every
// `<link rel="modulepreload">` it names, each gzipped on its own as a server would send it, at
// zlib's default level 6 (servers compressing on the fly use 1..6; level 9 would report a
// figure about 0.2% smaller on this bundle). KB = 1000 bytes, the stricter reading of the limit.
// Reads the current build (`npm run -s build`); builds first when there is none.
const LIMIT_KB = 120;
const ROOT = resolve(import.meta.dirname, '..');
const INDEX = join(ROOT, 'out', 'renderer', 'index.html');

/** The src of each module script and the href of each modulepreload link, in page order. */
export function initialScripts(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.matchAll(/<(script|link)\b([^>]*)>/gi)) {
    const attrs = attributes(tag[2] ?? '');
    const name = tag[1]?.toLowerCase();
    if (name === 'script' && attrs.get('type') === 'module' && attrs.get('src')) found.push(attrs.get('src') ?? '');
    if (name === 'link' && attrs.get('rel')?.split(/\s+/).includes('modulepreload') && attrs.get('href')) found.push(attrs.get('href') ?? '');
  }
  return [...new Set(found)];
}

function attributes(text: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const match of text.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    attrs.set((match[1] ?? '').toLowerCase(), match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attrs;
}

const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} KB`;
const gzipped = (bytes: Buffer): number => gzipSync(bytes, { level: 6 }).length;

const CATALOGS = { en, 'zh-CN': zhCN } as const;

/**
 * The sentences of a catalog found in the given code: a table bundled into the initial JS
 * shows up here. Long sentences only, which no other module would spell out.
 */
export function catalogSentencesIn(code: string, catalog: Record<string, string>): number {
  return Object.values(catalog).filter((text) => text.length >= 40 && code.includes(text)).length;
}

/** Each language's catalog chunk (shared/locales/<lang>.ts, loaded with import()): its file, raw and gzip size. */
function languageChunks(assetsDir: string): { language: string; file: string; raw: number; gzip: number }[] {
  const files = readdirSync(assetsDir);
  return LANGUAGE_CODES.map((language) => {
    const file = files.find((name) => name.startsWith(`${language}-`) && name.endsWith('.js') && /^[A-Za-z0-9_-]{8}$/.test(name.slice(language.length + 1, -3)));
    if (file === undefined) throw new Error(`out/renderer/assets has no chunk of its own for the ${language} catalog: it is bundled into another`);
    const bytes = readFileSync(join(assetsDir, file));
    return { language, file, raw: bytes.length, gzip: gzipped(bytes) };
  });
}

export async function run(): Promise<void> {
  if (!existsSync(INDEX)) {
    console.log('out/renderer/index.html is missing: running `npm run -s build` first');
    execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const html = readFileSync(INDEX, 'utf8');
  const scripts = initialScripts(html);
  if (scripts.length === 0) throw new Error(`${relative(ROOT, INDEX)} names no <script type="module" src>: is it a renderer build?`);

  const pageDir = dirname(INDEX);
  let raw = 0;
  let gzip = 0;
  let initialCode = '';
  for (const src of scripts) {
    // The page runs under file:// with script-src 'self': every script must be a file of the build.
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(src)) throw new Error(`${relative(ROOT, INDEX)} loads ${src} from outside the build`);
    const file = resolve(pageDir, src.split(/[?#]/)[0] ?? src);
    if (!file.startsWith(pageDir + sep)) throw new Error(`${src} points outside out/renderer`);
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipped(bytes);
    initialCode += bytes.toString('utf8');
  }
  const over = gzip > LIMIT_KB * 1000;
  console.log(
    `renderer initial JS: ${scripts.length} file${scripts.length === 1 ? '' : 's'}, ${kb(raw)} raw, ${kb(gzip)} gzip (zlib level 6; limit ${LIMIT_KB} KB gzip): ${over ? 'OVER' : 'ok'}`,
  );
  const initialNames = new Set(scripts.map((src) => src.split('/').pop()));
  const bundled: string[] = [];
  for (const chunk of languageChunks(join(pageDir, 'assets'))) {
    const inEntry = catalogSentencesIn(initialCode, CATALOGS[chunk.language as keyof typeof CATALOGS]);
    const initial = initialNames.has(chunk.file) || inEntry > 0;
    if (initial) bundled.push(chunk.language);
    console.log(`  ${chunk.language} catalog: ${chunk.file}, ${kb(chunk.raw)} raw, ${kb(chunk.gzip)} gzip, loaded ${initial ? 'AT START (in the initial JS)' : 'only when it is the language'}`);
  }
  if (over) throw new Error(`The renderer's initial JavaScript is ${kb(gzip)} gzip, over the ${LIMIT_KB} KB limit: split a screen out with import(), or drop a dependency.`);
  if (bundled.length > 0) throw new Error(`The ${bundled.join(', ')} catalog is part of the initial JavaScript: load it with loadCatalog (import()), never statically.`);
}
