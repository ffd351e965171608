import i18next, { type i18n } from 'i18next';
import type { Catalog, Message, MessageCode, MessageParams } from '../message';
import type { Language } from './languages';

export type Translate = (code: MessageCode, params?: MessageParams) => string;

/** Catalog keys are flat (`doctor.ca-unknown.title`): dots and colons are part of the key. */
export const I18NEXT_OPTIONS = {
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  returnNull: false,
} as const;

/** A translator over one loaded catalog, synchronous: the CLI renders with it. */
export function createTranslator(language: Language, catalog: Catalog): Translate {
  const instance: i18n = i18next.createInstance();
  void instance.init({ ...I18NEXT_OPTIONS, lng: language, resources: { [language]: { translation: catalog } }, initAsync: false });
  return (code, params = {}) => instance.t(code, params);
}

/** A Message in the translator's language. */
export function renderMessage(t: Translate, message: Pick<Message, 'code' | 'params'>): string {
  return t(message.code, message.params);
}
