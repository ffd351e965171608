import type { Language } from '../../../shared/i18n/languages';

const KEY = 'dockside.language';

/**
 * The language the user chose in the app, kept in this origin's localStorage: only a language
 * code is stored, and initialLanguage accepts nothing but a known one. Storage may be off (a
 * locked-down profile): then the choice lasts this session only.
 */
export function savedLanguage(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveLanguage(language: Language): void {
  try {
    localStorage.setItem(KEY, language);
  } catch {
    // Storage is off: the choice holds until the app closes.
  }
}
