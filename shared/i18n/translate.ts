import type { MessageCode, MessageParams } from '../message';

/** Renders one catalog code in one language: the CLI's i18next instance, the renderer's `t`. */
export type Translate = (code: MessageCode, params?: MessageParams) => string;

/** Catalog keys are flat (`doctor.ca-unknown.title`): dots and colons are part of the key. */
export const I18NEXT_OPTIONS = {
  keySeparator: false,
  nsSeparator: false,
  interpolation: { escapeValue: false },
  returnNull: false,
} as const;
