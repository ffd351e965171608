/** The languages with a catalog. zh-TW/zh-HK read zh-CN until a Traditional catalog exists. */
export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
] as const;

export type Language = (typeof LANGUAGES)[number]['code'];

export const LANGUAGE_CODES = LANGUAGES.map((language) => language.code) as [Language, ...Language[]];

/**
 * The catalog a locale or language tag reads, or null when none has one: `zh`, `zh_CN.UTF-8`,
 * `zh-Hans`, `zh_SG`, `zh_TW`, `zh-HK` → zh-CN; `en*`, `C`, `POSIX` → en.
 */
export function catalogFor(tag: string): Language | null {
  const name = tag.split(/[.@]/)[0]?.trim().toLowerCase().replace(/_/g, '-') ?? '';
  if (name === 'c' || name === 'posix') return 'en';
  const primary = name.split('-')[0];
  if (primary === 'zh') return 'zh-CN';
  if (primary === 'en') return 'en';
  return null;
}

/** The first of a preference list (the OS's, the browser's) with a catalog; else English. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const language = catalogFor(tag);
    if (language) return language;
  }
  return 'en';
}

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((language) => language.code === value);
}
