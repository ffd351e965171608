import { isLanguage, type Language, pickLanguage } from '../../../shared/i18n/languages';

/**
 * The app's language at start: the user's saved choice (LanguageSwitch), else the first of the
 * OS's preferred languages with a catalog (main's app.getPreferredSystemLanguages()), else English.
 */
export function initialLanguage(saved: string | null, systemLanguages: readonly string[]): Language {
  return isLanguage(saved) ? saved : pickLanguage(systemLanguages);
}
