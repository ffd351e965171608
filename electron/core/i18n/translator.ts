import i18next, { type i18n } from 'i18next';
import type { Language } from '../../../shared/i18n/languages';
import { I18NEXT_OPTIONS, type Translate } from '../../../shared/i18n/translate';
import type { Catalog } from '../../../shared/message';

/** A translator over one loaded catalog, synchronous: the CLI renders every sentence with it. */
export function createTranslator(language: Language, catalog: Catalog): Translate {
  const instance: i18n = i18next.createInstance();
  void instance.init({ ...I18NEXT_OPTIONS, lng: language, resources: { [language]: { translation: catalog } }, initAsync: false });
  return (code, params = {}) => instance.t(code, params);
}
