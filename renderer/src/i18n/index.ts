import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { type Language, LANGUAGES, isLanguage } from '../../../shared/i18n/languages';
import { loadCatalog } from '../../../shared/i18n/load-catalog';
import { I18NEXT_OPTIONS } from '../../../shared/i18n/translate';

export { isLanguage, LANGUAGES, type Language };

/** The language the user reads now: change:apply sends it, so main asks its confirmation in it too. */
export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'en';
}

/** Switches the UI's language, loading that catalog first: only the active one is ever fetched. */
export async function setLanguage(language: Language): Promise<void> {
  if (!i18next.hasResourceBundle(language, 'translation')) {
    i18next.addResourceBundle(language, 'translation', await loadCatalog(language));
  }
  await i18next.changeLanguage(language);
}

/** Starts i18next in `language` (initialLanguage), with that language's catalog only. */
export async function initI18n(language: Language): Promise<void> {
  await i18next.use(initReactI18next).init({
    ...I18NEXT_OPTIONS,
    resources: { [language]: { translation: await loadCatalog(language) } },
    lng: language,
    fallbackLng: false,
  });
  document.documentElement.lang = i18next.language;
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
}

export { i18next };
