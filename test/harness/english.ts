import { createTranslator } from '../../electron/core/i18n/translator';
import type { Message } from '../../shared/message';
import type { ErrorValue } from '../../shared/result';
import { en } from '../../shared/locales/en';
import { zhCN } from '../../shared/locales/zh-CN';

const toEnglish = createTranslator('en', en);
const toChinese = createTranslator('zh-CN', zhCN);

type Said = Pick<Message, 'code' | 'params'> | Pick<ErrorValue, 'key' | 'params'>;

const codeOf = (said: Said) => ('key' in said ? said.key : said.code);

/** A message or an error (a DocksideError, an ErrorValue) as an English reader sees it: tests assert on what users read. */
export function english(said: Said): string {
  return toEnglish(codeOf(said), said.params);
}

/** The same in Simplified Chinese. */
export function chinese(said: Said): string {
  return toChinese(codeOf(said), said.params);
}
