import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { englishLiterals } from '../harness/english-literals';
import { chineseCharacters, englishSentences } from '../harness/prose';

// Issue 19, item 7: the one message catalog (shared/locales) is whole in both languages, every
// code in it is used, placeholders agree, and no English sentence is left in the code (electron/,
// shared/, the renderer) outside it (protocol texts Docker compares are marked `// verbatim`).

const ROOT = join(import.meta.dirname, '..', '..');
const LOCALES = join(ROOT, 'shared', 'locales');
const LANGUAGES = ['en', 'zh-CN'] as const;
const PLURAL = /_(zero|one|two|few|many|other)$/;
/** The plural forms each language's catalog must give (CLDR): English one/other, Chinese other. */
const PLURAL_FORMS = { en: ['one', 'other'], 'zh-CN': ['other'] } as const;

type Table = Record<string, string>;

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'locales' ? [] : files(path, pattern);
    return pattern.test(name) ? [path] : [];
  });
}

/** Each language's namespace files: `<namespace>.json` → its table. */
function namespaces(language: string): Map<string, Table> {
  const dir = join(LOCALES, language);
  return new Map(readdirSync(dir).map((name) => [basename(name, '.json'), JSON.parse(readFileSync(join(dir, name), 'utf8')) as Table]));
}

const tables = Object.fromEntries(LANGUAGES.map((language) => [language, namespaces(language)])) as Record<(typeof LANGUAGES)[number], Map<string, Table>>;
const merged = (language: (typeof LANGUAGES)[number]): Table => Object.assign({}, ...tables[language].values()) as Table;
const base = (key: string) => key.replace(PLURAL, '');
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)].map((match) => match[1]).sort();

describe('the message catalog', () => {
  it('has the same namespace files in both languages, each key prefixed by its namespace and in one file only', () => {
    expect([...tables['zh-CN'].keys()].sort()).toEqual([...tables.en.keys()].sort());
    const engineNamespaces = [...tables.en.keys()].filter((name) => name !== 'ui');
    for (const language of LANGUAGES) {
      const seen = new Map<string, string>();
      for (const [namespace, table] of tables[language]) {
        for (const key of Object.keys(table)) {
          if (namespace === 'ui') expect(engineNamespaces.some((name) => key.startsWith(`${name}.`)), `${language}/ui.json ${key} uses an engine namespace`).toBe(false);
          else expect(key.startsWith(`${namespace}.`), `${language}/${namespace}.json holds ${key}`).toBe(true);
          expect(seen.get(key), `${key} is in ${language}/${seen.get(key)}.json and ${namespace}.json`).toBeUndefined();
          seen.set(key, namespace);
        }
      }
    }
  });

  it('has every code in both languages, with the plural forms each needs', () => {
    const codes = (table: Table) => [...new Set(Object.keys(table).map(base))].sort();
    const en = merged('en');
    const zh = merged('zh-CN');
    expect(codes(zh)).toEqual(codes(en));
    for (const language of LANGUAGES) {
      const table = merged(language);
      for (const code of new Set(Object.keys(table).filter((key) => PLURAL.test(key)).map(base))) {
        const forms = Object.keys(table).filter((key) => base(key) === code && PLURAL.test(key)).map((key) => key.slice(code.length + 1)).sort();
        expect(forms, `${language} ${code}`).toEqual([...PLURAL_FORMS[language]].sort());
        expect(code in table, `${language} ${code} is both plain and plural`).toBe(false);
      }
    }
    for (const [key, text] of Object.entries({ ...en, ...zh })) expect(text.trim(), key).not.toBe('');
  });

  it('gives each code the same placeholders in both languages', () => {
    const byCode = (table: Table) => {
      const out = new Map<string, Set<string>>();
      for (const [key, text] of Object.entries(table)) {
        const set = out.get(base(key)) ?? new Set<string>();
        for (const name of placeholders(text)) if (name !== undefined && name !== 'count') set.add(name);
        out.set(base(key), set);
      }
      return out;
    };
    const en = byCode(merged('en'));
    const zh = byCode(merged('zh-CN'));
    const mismatched = [...en].filter(([code, names]) => [...names].sort().join() !== [...(zh.get(code) ?? [])].sort().join()).map(([code, names]) => `${code}: en {${[...names].join(', ')}} zh-CN {${[...(zh.get(code) ?? [])].join(', ')}}`);
    expect(mismatched).toEqual([]);
  });

  it('says nothing in English in the Chinese table (quoted originals, commands, paths aside), and no Chinese in the English one', () => {
    const english = Object.entries(merged('zh-CN')).flatMap(([key, text]) => englishSentences(text.replace(/\{\{[^}]*\}\}/g, '\u3000')).map((sentence) => `${key}: ${sentence}`));
    expect(english).toEqual([]);
    const chinese = Object.entries(merged('en')).filter(([, text]) => chineseCharacters(text).length > 0).map(([key]) => key);
    expect(chinese).toEqual([]);
  });

  it('uses every code: each appears in the code base as a literal, or matches a template the code builds it with', () => {
    const sources = [
      ...files(join(ROOT, 'electron'), /\.ts$/),
      ...files(join(ROOT, 'renderer', 'src'), /\.tsx?$/),
      ...files(join(ROOT, 'shared'), /\.ts$/),
      ...files(join(ROOT, 'resources'), /\.json$/),
    ];
    const text = sources.map((path) => readFileSync(path, 'utf8')).join('\n');
    // A code built in a template (`doctor.x.explanation${a ? '.b' : ''}`, typed `as const`) counts as
    // used when the template, its ${...} parts read as wildcards, matches it.
    const templates = [...text.matchAll(/`([a-z][\w.-]*(?:\$\{[^`}]*\}[\w.-]*)+)`/g)].map(
      (match) => new RegExp(`^${(match[1] ?? '').split(/\$\{[^}]*\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`),
    );
    // A template too nested for that (a template inside its ${...}) counts by its prefix.
    const prefixes = [...text.matchAll(/`([a-z][\w.-]*[.-])\$\{/g)].map((match) => match[1] ?? '');
    const unused = [...new Set(Object.keys(merged('en')).map(base))].filter((code) => {
      if (text.includes(`'${code}'`) || text.includes(`"${code}"`) || text.includes(`\`${code}\``)) return false;
      return !templates.some((template) => template.test(code)) && !prefixes.some((prefix) => code.startsWith(prefix) && prefix.split('.').length > 2);
    });
    expect(unused).toEqual([]);
  });

  it('leaves no English sentence in electron/ (the engine, the CLI, main, the helper), shared/ or the renderer outside it, apart from literals marked `// verbatim`', () => {
    const sources = [...files(join(ROOT, 'electron'), /\.ts$/), ...files(join(ROOT, 'shared'), /\.ts$/), ...files(join(ROOT, 'renderer', 'src'), /\.tsx?$/)];
    const found = sources.flatMap((path) => englishLiterals(path).map((hit) => `${relative(ROOT, path)}:${hit.line} ${JSON.stringify(hit.text).slice(0, 120)}`));
    expect(found).toEqual([]);
  });

  it('is not in the credential helper: docker-credential-dockside starts without loading it', async () => {
    const result = await build({
      entryPoints: [join(ROOT, 'electron', 'credential-helper', 'index.ts')],
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      metafile: true,
      external: ['@napi-rs/keyring'],
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes('credential-helper'))).toBe(true);
    expect(inputs.filter((path) => path.includes('shared/locales') || path.includes('shared/i18n') || path.includes('i18next'))).toEqual([]);
  });
});
