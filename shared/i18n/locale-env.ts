import { catalogFor, isLanguage, type Language } from './languages';

type LocaleEnv = Partial<Record<'LANGUAGE' | 'LC_ALL' | 'LC_MESSAGES' | 'LANG', string>>;

/**
 * The language a command speaks, as gettext picks it: `--lang`, else the first of LANGUAGE's
 * colon list with a catalog (ignored when the locale is C or POSIX, as gettext does), else the
 * first set of LC_ALL, LC_MESSAGES, LANG, else English.
 */
export function languageFromEnv(option: string | undefined, env: LocaleEnv): Language {
  if (isLanguage(option)) return option;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  const fromLocale = locale === '' ? null : catalogFor(locale);
  const cLocale = locale === '' || /^(c|posix)([.@]|$)/i.test(locale);
  if (!cLocale) {
    for (const tag of (env.LANGUAGE ?? '').split(':')) {
      const language = tag === '' ? null : catalogFor(tag);
      if (language) return language;
    }
  }
  return fromLocale ?? 'en';
}
