import { describe, expect, it } from 'vitest';
import { catalogFor, isLanguage, LANGUAGE_CODES, pickLanguage } from '../../../shared/i18n/languages';
import { initialLanguage } from '../../../renderer/src/i18n/initial-language';

describe('catalogFor', () => {
  it('maps every Chinese tag or locale to zh-CN, Traditional ones included until a Traditional catalog exists', () => {
    for (const tag of ['zh', 'zh-CN', 'zh_CN.UTF-8', 'zh-Hans', 'zh-Hans-CN', 'zh_SG', 'zh-TW', 'zh_HK', 'zh-Hant-TW', 'ZH-cn']) expect(catalogFor(tag), tag).toBe('zh-CN');
  });

  it('maps English, C and POSIX to en, and a language without a catalog to null', () => {
    for (const tag of ['en', 'en-US', 'en_GB.UTF-8', 'C', 'POSIX', 'C.UTF-8']) expect(catalogFor(tag), tag).toBe('en');
    for (const tag of ['fr-FR', 'de', 'ja_JP.UTF-8', '', 'zhx']) expect(catalogFor(tag), tag).toBeNull();
  });
});

describe('pickLanguage (the OS or browser preference list)', () => {
  it('takes the first entry with a catalog, else English', () => {
    expect(pickLanguage(['zh-CN'])).toBe('zh-CN');
    expect(pickLanguage(['zh-TW', 'en-US'])).toBe('zh-CN');
    expect(pickLanguage(['en-GB', 'zh-CN'])).toBe('en');
    expect(pickLanguage(['de-DE', 'zh'])).toBe('zh-CN');
    expect(pickLanguage(['fr-FR', 'ja-JP'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });

  it('knows exactly en and zh-CN', () => {
    expect(LANGUAGE_CODES).toEqual(['en', 'zh-CN']);
    expect(isLanguage('zh-CN')).toBe(true);
    expect(isLanguage('zh')).toBe(false);
  });
});

describe('initialLanguage (the app: the saved choice, else the OS list)', () => {
  it('keeps the choice the user saved, whatever the OS prefers', () => {
    expect(initialLanguage('en', ['zh-Hans-CN', 'en-US'])).toBe('en');
    expect(initialLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
  });

  it('takes the first OS language with a catalog when nothing (or nothing valid) is saved', () => {
    expect(initialLanguage(null, ['fr-FR', 'zh-Hans-CN', 'en-US'])).toBe('zh-CN');
    expect(initialLanguage(null, ['zh-TW'])).toBe('zh-CN');
    expect(initialLanguage('klingon', ['en-GB', 'zh-CN'])).toBe('en');
  });

  it('is English when neither says', () => {
    expect(initialLanguage(null, [])).toBe('en');
    expect(initialLanguage(null, ['de-DE', 'ja-JP'])).toBe('en');
  });
});
