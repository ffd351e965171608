import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage, LANGUAGES, setLanguage } from './i18n/index';
import { saveLanguage } from './i18n/saved-language';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="language">
      <label htmlFor={id}>{t('language.label')}</label>
      <select id={id} value={i18n.language} onChange={(event) => {
          const language = event.target.value;
          if (!isLanguage(language)) return;
          // The user's choice outlives the session: the next start opens in it, whatever the OS prefers.
          saveLanguage(language);
          void setLanguage(language);
        }}>
        {LANGUAGES.map((language) => (
          <option key={language.code} value={language.code} lang={language.code}>
            {language.label}
          </option>
        ))}
      </select>
    </div>
  );
}
